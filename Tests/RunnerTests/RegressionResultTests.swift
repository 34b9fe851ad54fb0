// Tests of the verdicts: drop, floor, episode errors, improvement; the table and the JSON.
import Foundation
import XCTest
@testable import Runner

final class RegressionResultTests: XCTestCase {
    private typealias Support = RegressionTestSupport

    func testVerdicts() throws {
        let runs = [
            Support.run(name: "steady", successes: 18, episodes: 20),
            Support.run(name: "dropped", successes: 4, episodes: 20),
            Support.run(name: "floored", successes: 15, episodes: 20, floor: 0.9),
            Support.run(name: "better", successes: 20, episodes: 20),
            Support.run(name: "crashed", successes: 0, episodes: 5, reasons: ["error: the world exploded", "fell"]),
        ]
        let baseline = Support.baseline([("steady", 19, 20), ("dropped", 18, 20), ("floored", 15, 20), ("better", 5, 20),
                                         ("crashed", 0, 5)])
        let result = RegressionResult(suite: Support.suite(runs), runs: runs, baseline: baseline, baselineFile: "b.json")
        let verdicts = Dictionary(uniqueKeysWithValues: result.tasks.map { ($0.name, $0) })
        XCTAssertEqual(verdicts["steady"]?.verdict, "pass")
        XCTAssertEqual(verdicts["dropped"]?.verdict, "REGRESSED")
        XCTAssertEqual(verdicts["floored"]?.verdict, "BELOW FLOOR")
        XCTAssertEqual(verdicts["better"]?.verdict, "pass (improved)")
        XCTAssertEqual(verdicts["crashed"]?.verdict, "ERRORS")
        XCTAssertEqual(verdicts["crashed"]?.errors, 3)
        XCTAssertEqual(verdicts["crashed"]?.firstError, "error: the world exploded")
        XCTAssertTrue(result.failed)

        let dropped = try XCTUnwrap(verdicts["dropped"]?.failureMessage(alpha: 0.01))
        XCTAssertTrue(dropped.hasPrefix("success rate dropped from 90.0% (18/20) to 20.0% (4/20): z = "), dropped)
        XCTAssertTrue(dropped.hasSuffix("< α = 0.01"), dropped)
        let floored = try XCTUnwrap(verdicts["floored"]?.failureMessage(alpha: 0.01))
        XCTAssertTrue(floored.contains("75.0% (15/20, 95% interval 53.1%–88.8%) is below the floor 90.0%"), floored)
        XCTAssertNil(verdicts["steady"]?.failureMessage(alpha: 0.01))

        let table = result.table()
        XCTAssertTrue(table.hasPrefix("task "), table)
        XCTAssertTrue(table.contains("90.0% (18/20)"), table)
        XCTAssertTrue(table.contains("[69.9%, 97.2%]"), table)   // Wilson 18/20
        XCTAssertTrue(table.contains("failures crashed: error: the world exploded 3, fell 2"), table)
        XCTAssertTrue(table.contains("one-sided two-proportion z-test (pooled)"), table)
        XCTAssertTrue(table.hasSuffix("result: FAIL (3 of 5 tasks failed the gate)"), table)
    }

    // Without a baseline (writing one) only floors and errors can fail.
    func testWithoutBaselineOnlyFloorsCount() {
        let runs = [Support.run(name: "low", successes: 1, episodes: 10), Support.run(name: "floored", successes: 1, episodes: 10, floor: 0.5)]
        let result = RegressionResult(suite: Support.suite(runs), runs: runs, baseline: nil, baselineFile: nil)
        XCTAssertEqual(result.tasks.map(\.verdict), ["pass", "BELOW FLOOR"])
        XCTAssertNil(result.tasks[0].test)
        XCTAssertFalse(result.table().contains("z-test"))
    }

    func testJSON() throws {
        let runs = [Support.run(name: "steady", successes: 3, episodes: 4)]
        let result = RegressionResult(suite: Support.suite(runs), runs: runs, baseline: Support.baseline([("steady", 4, 4)]),
                                      baselineFile: "b.json")
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: result.jsonData()) as? [String: Any])
        XCTAssertEqual(object["failed"] as? Bool, false)
        XCTAssertEqual(object["alpha"] as? Double, 0.01)
        let task = try XCTUnwrap((object["tasks"] as? [[String: Any]])?.first)
        XCTAssertEqual(task["successes"] as? Int, 3)
        XCTAssertEqual(task["baseline_successes"] as? Int, 4)
        XCTAssertNotNil((task["test"] as? [String: Any])?["current_trials"])
    }

    // A baseline written from runs holds what regress needs to compare and to explain.
    func testBaselineFromRuns() {
        let runs = [Support.run(name: "steady", successes: 2, episodes: 4, reasons: ["fell", "timeout"])]
        let baseline = RegressionBaseline(suite: Support.suite(runs), runs: runs)
        XCTAssertEqual(baseline.suite, "core")
        XCTAssertEqual(baseline.tground, TrainingGroundVersion)
        XCTAssertEqual(baseline.tasks[0].successes, 2)
        XCTAssertEqual(baseline.tasks[0].episodes, 4)
        XCTAssertEqual(baseline.tasks[0].failureReasons, ["fell": 1, "timeout": 1])
        XCTAssertEqual(baseline.tasks[0].failedSeeds, [2, 3].map { EpisodeSeeds.seed(batchSeed: 1, index: $0) })
        XCTAssertEqual(baseline.tasks[0].sceneHash, hexHash(42))
        XCTAssertNil(baseline.problem())
    }
}
