// Tests of the baseline file: it round-trips, and a corrupt, ill-formed or foreign one is an
// error naming the file and what is wrong.
import Foundation
import XCTest
@testable import Runner

final class RegressionBaselineTests: XCTestCase {
    private var scratch: String!

    override func setUp() { scratch = BatchTestSupport.scratchDirectory(self) }

    private func sample() -> RegressionBaseline {
        let runs = [RegressionTestSupport.run(name: "stand_still", successes: 7, episodes: 8, reasons: ["fell"]),
                    RegressionTestSupport.run(name: "pushed", successes: 1, episodes: 4, reasons: ["fell", "timeout"])]
        return RegressionBaseline(suite: RegressionTestSupport.suite(runs), runs: runs)
    }

    /// The message `text` as a baseline file gives.
    private func message(_ text: String) -> String {
        do {
            _ = try RegressionBaseline.decode(Data(text.utf8), file: "base.json")
            XCTFail("expected an error for \(text.prefix(80))")
        } catch {
            return "\(error)"
        }
        return ""
    }

    func testRoundTrip() throws {
        let baseline = sample()
        XCTAssertEqual(baseline.tasks[0].failedSeeds, [EpisodeSeeds.seed(batchSeed: 1, index: 7)])
        XCTAssertEqual(baseline.tasks[1].failureReasons, ["fell": 2, "timeout": 1])
        XCTAssertEqual(baseline.tasks[1].successRate, 0.25)
        XCTAssertEqual(baseline.build, BuildIdentity.current.description)
        let path = scratch + "/baseline.json"
        try baseline.write(to: path)
        XCTAssertEqual(try RegressionBaseline.read(from: path), baseline)
        let text = BatchTestSupport.file(path)
        XCTAssertTrue(text.contains(#""successes" : 7"#), text)
    }

    func testCorruptFiles() throws {
        let good = String(decoding: try sample().jsonData(), as: UTF8.self)
        // Torn in the middle of a write.
        XCTAssertTrue(message(String(good.prefix(good.count / 2))).hasPrefix("baseline base.json: not valid JSON"))
        XCTAssertTrue(message("").contains("not valid JSON"))
        XCTAssertTrue(message("\u{0}\u{1}garbage").contains("not valid JSON"))
        // Ill-formed.
        let cases: [(String, String, String)] = [
            (#""successes" : 7"#, #""successes" : 9"#, "tasks[0] (stand_still).successes: 9 successes out of 8 episodes is impossible"),
            (#""successes" : 7"#, #""successes" : "seven""#, "tasks[0].successes: expected a whole number"),
            (#""episodes" : 8"#, #""episodes" : 0"#, "tasks[0] (stand_still).episodes: expected at least 1 episode"),
            (#""success_rate" : 0.875"#, #""success_rate" : 0.5"#, "success_rate: 0.5 does not match 7/8"),
            (#""fell" : 1"#, #""fell" : 3"#, "failure_reasons: the counts add up to 3, but 1 episodes failed"),
            (#""format" : 1"#, #""format" : 7"#, "unsupported baseline format 7"),
            (#""name" : "pushed""#, #""name" : "stand_still""#, "task 'stand_still' appears twice"),
            (#""suite" : "core""#, #""suite" : null"#, "suite: expected a string, got null"),
        ]
        for (old, new, expected) in cases {
            let text = good.replacingOccurrences(of: old, with: new)
            XCTAssertNotEqual(text, good, old)
            let got = message(text)
            XCTAssertTrue(got.hasPrefix("baseline base.json: "), got)
            XCTAssertTrue(got.contains(expected), "expected '\(expected)' in: \(got)")
        }
        XCTAssertTrue(message(#"{"format": 1, "suite": "core", "tground": "0", "build": "b", "tasks": []}"#)
            .contains("the baseline has no tasks"))
        XCTAssertTrue(message(#"{"format": 1, "suite": "core", "tground": "0", "build": "b"}"#).contains("missing key 'tasks'"))
        XCTAssertThrowsError(try RegressionBaseline.read(from: scratch + "/absent.json")) { error in
            XCTAssertTrue("\(error)".contains("no such file"), "\(error)")
        }
    }

    // A baseline of another suite, or of another task set, cannot be compared.
    func testForeignBaselines() throws {
        let runs = [RegressionTestSupport.run(name: "stand_still", successes: 7, episodes: 8),
                    RegressionTestSupport.run(name: "pushed", successes: 1, episodes: 4)]
        let suite = RegressionTestSupport.suite(runs)
        let baseline = RegressionBaseline(suite: suite, runs: runs)
        XCTAssertEqual(try baseline.check(against: suite, file: "b.json"), [])

        let renamed = RegressionTestSupport.suite(runs, name: "nightly")
        XCTAssertThrowsError(try baseline.check(against: renamed, file: "b.json")) { error in
            XCTAssertTrue("\(error)".contains("written for suite 'core', but suite.yaml is suite 'nightly'"), "\(error)")
        }
        var other = suite
        other.tasks[1].name = "walk"
        XCTAssertThrowsError(try baseline.check(against: other, file: "b.json")) { error in
            XCTAssertTrue("\(error)".contains("tasks only in the suite: walk; tasks only in the baseline: pushed"), "\(error)")
        }
        var fewer = suite
        fewer.tasks.removeLast()
        XCTAssertThrowsError(try baseline.check(against: fewer, file: "b.json")) { error in
            XCTAssertTrue("\(error)".contains("tasks only in the baseline: pushed"), "\(error)")
        }
        // Same tasks, changed settings: comparable, with a warning.
        var changed = suite
        changed.tasks[0].policy = "random"
        changed.tasks[0].episodes = 20
        let warnings = try baseline.check(against: changed, file: "b.json")
        XCTAssertEqual(warnings, ["task stand_still differs from its baseline: policy zero → random, episodes 8 → 20"])
    }
}
