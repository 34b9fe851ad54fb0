// Tests of Sources/Runner/BatchSummary.swift: per-task figures, independence from record
// order, JSON round trip and the table.
import Foundation
import XCTest
@testable import Runner

final class BatchSummaryTests: XCTestCase {
    private func record(scene: String, _ index: Int, success: Bool, reason: String? = nil, cycle: Double? = nil,
                        value: Double = 1) -> EpisodeRecord {
        EpisodeRecord(scene: scene, task: scene + "_task", episode: index, seed: UInt64(index), policy: "zero",
                      success: success, failureReason: success ? nil : reason, episodeReturn: value, length: 10 + index,
                      physicsSteps: 40, simulatedSeconds: 1, metrics: cycle.map { ["cycle_time": $0] } ?? [:],
                      wallSeconds: 0.5, stepsPerSecond: 80, trajectoryHash: hexHash(UInt64(index)))
    }

    private var records: [EpisodeRecord] {
        [record(scene: "a", 0, success: true, cycle: 4, value: 0.1), record(scene: "a", 1, success: false, reason: "fell", value: 0.2),
         record(scene: "a", 2, success: true, cycle: 6, value: 0.3), record(scene: "a", 3, success: false, reason: "fell", value: 1e16),
         record(scene: "b", 0, success: false, reason: "timeout"), record(scene: "x", 0, success: true)]
    }

    func testPerTaskFigures() throws {
        let summary = BatchSummary(records: records, rows: [("a", "a_task"), ("b", "b_task"), ("c", "c_task")],
                                   policy: "zero", seed: 3, episodesPlanned: 9, run: nil)
        XCTAssertEqual(summary.tasks.map(\.scene), ["a", "b", "c"], "rows in the order given; unknown scenes ignored")
        let a = summary.tasks[0]
        XCTAssertEqual(a.episodes, 4)
        XCTAssertEqual(a.successes, 2)
        XCTAssertEqual(a.successRate, 0.5)
        XCTAssertEqual(a.successInterval, WilsonInterval(successes: 2, trials: 4))
        XCTAssertEqual(a.meanCycleTime, 5)
        XCTAssertEqual(a.cycleTimeEpisodes, 2)
        XCTAssertEqual(a.meanLength, 11.5)
        XCTAssertEqual(a.failureReasons, ["fell": 2])
        XCTAssertEqual(a.physicsSteps, 160)
        XCTAssertEqual(try XCTUnwrap(a.timing).stepsPerSecond, 80, accuracy: 1e-9)
        XCTAssertNil(summary.tasks[1].meanCycleTime)
        XCTAssertEqual(summary.tasks[2].episodes, 0)
        XCTAssertNil(summary.tasks[2].successRate)
        XCTAssertEqual(summary.failureReasons, ["fell": 2, "timeout": 1])
        XCTAssertEqual(summary.episodesDone, 5)
        XCTAssertFalse(summary.complete)
    }

    // Sums run in a fixed order, so any order of the same records gives the same bits.
    func testIndependentOfRecordOrder() {
        let rows: [(scene: String, task: String)] = [("a", "a_task"), ("b", "b_task")]
        let forward = BatchSummary(records: records, rows: rows, policy: "zero", seed: 3, episodesPlanned: 5, run: nil)
        let backward = BatchSummary(records: records.reversed(), rows: rows, policy: "zero", seed: 3, episodesPlanned: 5,
                                    run: nil)
        XCTAssertEqual(forward, backward)
    }

    func testJSONRoundTripAndTable() throws {
        let run = BatchRunInfo(workers: 2, episodesRun: 5, wallSeconds: 1, episodesPerSecond: 5, stepsPerSecond: 200,
                               interrupted: true)
        let summary = BatchSummary(records: records, rows: [("a", "a_task"), ("b", "b_task")], policy: "zero", seed: 3,
                                   episodesPlanned: 5, run: run)
        let path = BatchTestSupport.scratchDirectory(self) + "/summary.json"
        try summary.write(to: path)
        XCTAssertEqual(try BatchSummary.read(from: path), summary)
        let text = BatchTestSupport.file(path)
        for key in ["success_rate", "success_interval", "mean_return", "mean_cycle_time", "failure_reasons", "steps_per_second"] {
            XCTAssertTrue(text.contains("\"\(key)\""), key)
        }
        let table = summary.table()
        XCTAssertTrue(table.contains("50.0%"), table)
        XCTAssertTrue(table.contains("fell 2"), table)
        XCTAssertTrue(table.contains("(interrupted)"), table)
        XCTAssertNil(summary.outcomesOnly().run)
        XCTAssertNil(summary.outcomesOnly().tasks[0].timing)
        XCTAssertThrowsError(try BatchSummary.read(from: path + ".missing"))
    }
}
