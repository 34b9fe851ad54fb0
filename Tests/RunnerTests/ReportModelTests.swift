// Tests of gathering a report from batch directories: one task per scene, compared with a
// baseline by name; a folder that is not a batch directory is an error.
import Foundation
import XCTest
@testable import Runner

final class ReportModelTests: XCTestCase {
    private var scratch: String!

    override func setUp() { scratch = BatchTestSupport.scratchDirectory(self) }

    /// A batch directory of stand_push with hand-made episodes (no physics run).
    private func batchDirectory(_ name: String, outcomes: [Bool], policy: String = "zero") throws -> String {
        let directory = scratch + "/" + name
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let plan = try BatchPlan(scenePaths: [BatchTestSupport.standPush], overrides: BatchTestSupport.shortEpisodes,
                                 episodes: outcomes.count, seed: 1, policyName: policy)
        try BatchManifest(plan: plan).write(toDirectory: directory)
        let writer = try EpisodeLogWriter(path: directory + "/" + EpisodeLog.fileName, sync: false)
        for (index, success) in outcomes.enumerated() {
            var record = RegressionTestSupport.record(episode: index, success: success, episodeReturn: Double(index))
            record.policy = policy
            try writer.append(record)
        }
        return directory
    }

    func testOneTaskPerSceneWithBaseline() throws {
        let directory = try batchDirectory("nightly", outcomes: [true, false, false, false, false, false, false, false])
        let baseline = RegressionTestSupport.baseline([("stand_push", 8, 8)])
        let page = try ReportPage.batches([directory], baseline: baseline, baselineFile: "b.json")
        XCTAssertEqual(page.tasks.count, 1)
        let task = page.tasks[0]
        XCTAssertEqual(task.name, "stand_push")
        XCTAssertEqual(task.episodes, 8)
        XCTAssertEqual(task.successes, 1)
        XCTAssertEqual(task.failureReasons, ["fell": 7])
        XCTAssertEqual(task.returns, (0..<8).map(Double.init))
        XCTAssertEqual(task.baselineSuccesses, 8)
        XCTAssertEqual(task.verdict, "REGRESSED")
        XCTAssertEqual(page.failed, true)
        XCTAssertEqual(page.alpha, 0.01)
        XCTAssertTrue(HTMLReport.html(for: page).contains("FAIL — 1 of 1 task failed the gate"))
    }

    // Without a baseline nothing is judged; two directories of the same scene stay apart.
    func testSeveralDirectoriesWithoutBaseline() throws {
        let first = try batchDirectory("a", outcomes: [true, true])
        let second = try batchDirectory("b", outcomes: [false, true, true], policy: "random")
        let page = try ReportPage.batches([first, second])
        XCTAssertEqual(page.tasks.map(\.name), ["stand_push", "stand_push (b)"])
        XCTAssertEqual(page.tasks.map(\.episodes), [2, 3])
        XCTAssertNil(page.failed)
        XCTAssertNil(page.tasks[0].verdict)
        XCTAssertFalse(HTMLReport.html(for: page).contains("class=\"banner"))
    }

    // A baseline task that ran the same scene contents with the same policy is found under
    // any name; one named like the scene but run otherwise is used with a warning.
    func testBaselineMatchedBySceneHashAndPolicy() throws {
        let directory = try batchDirectory("run", outcomes: [true, true, true])
        let hash = try XCTUnwrap(try BatchManifest.read(fromDirectory: directory)?.scenes.first?.hash)
        var baseline = RegressionTestSupport.baseline([("stand_still", 3, 3), ("stand_push", 0, 3)])
        baseline.tasks[0].sceneHash = hash
        var page = try ReportPage.batches([directory], baseline: baseline)
        XCTAssertEqual(page.tasks[0].baselineSuccesses, 3)
        XCTAssertEqual(page.warnings, [])
        baseline.tasks[0].policy = "random"
        baseline.tasks[1].sceneHash = "0123456789abcdef"
        page = try ReportPage.batches([directory], baseline: baseline)
        XCTAssertEqual(page.tasks[0].baselineSuccesses, 0)
        XCTAssertEqual(page.warnings, ["\(directory): stand_push is compared with the baseline task of the same name, "
                                       + "which ran otherwise: scene hash 0123456789abcdef → \(hash)"])
        baseline.tasks.removeLast()
        XCTAssertNil(try ReportPage.batches([directory], baseline: baseline).tasks[0].verdict)
    }

    func testNotABatchDirectory() throws {
        XCTAssertThrowsError(try ReportPage.batches([scratch])) { error in
            XCTAssertTrue("\(error)".contains("is not a batch directory (no manifest.json)"), "\(error)")
        }
        XCTAssertThrowsError(try ReportPage.batches([]))
    }

    func testMarkdownTableHasRateIntervalAndMetrics() throws {
        var outcomes = [Bool](repeating: true, count: 9)
        outcomes.append(false)
        let directory = try batchDirectory("markdown", outcomes: outcomes, policy: "expert")
        let page = try ReportPage.batches([directory])
        let table = MarkdownReport.markdown(for: page, metrics: ["cycle_time", "missing_metric"])
        let lines = table.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3, table)
        XCTAssertTrue(lines[0].hasPrefix("| Task | Policy | Episodes | Successes | Success rate | 95% interval |"), table)
        let cells = lines[2].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        XCTAssertEqual(Array(cells.prefix(6)), ["stand_push", "expert", "10", "9", "90%", "60% – 98%"], table)
        XCTAssertEqual(cells.last, "fell 1", table)
        XCTAssertEqual(cells[cells.count - 2], "–", "a metric no episode reports shows a dash: \(table)")
    }
}
