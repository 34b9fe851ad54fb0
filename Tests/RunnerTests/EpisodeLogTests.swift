// Tests of Sources/Runner/EpisodeLog.swift: complete lines are kept, a torn last line is
// dropped with a warning (and cut off by repair), bad and duplicate lines are reported.
import Foundation
import XCTest
@testable import Runner

final class EpisodeLogTests: XCTestCase {
    private func record(_ index: Int) -> EpisodeRecord {
        EpisodeRecord(scene: "s", task: "t", episode: index, seed: UInt64(100 + index), policy: "zero", success: index % 2 == 0,
                      failureReason: index % 2 == 0 ? nil : "fell", episodeReturn: Double(index), length: 10,
                      physicsSteps: 40, simulatedSeconds: 0.1, metrics: ["m": .nan], wallSeconds: 0.01,
                      stepsPerSecond: 4000, trajectoryHash: hexHash(UInt64(index)))
    }

    func testWriterAppendsLinesThatReadBack() throws {
        let path = BatchTestSupport.scratchDirectory(self) + "/episodes.jsonl"
        let writer = try EpisodeLogWriter(path: path, sync: true)
        for index in 0..<3 { try writer.append(record(index)) }
        let contents = try EpisodeLog.read(path: path)
        XCTAssertEqual(contents.records.count, 3)
        XCTAssertEqual(contents.records[1].failureReason, "fell")
        XCTAssertTrue(contents.records[0].metrics["m"]?.isNaN ?? false, "NaN survives as \"nan\"")
        XCTAssertFalse(contents.torn)
        XCTAssertTrue(contents.warnings.isEmpty)
    }

    func testTornLastLineIsDroppedWithWarningAndRepairCutsIt() throws {
        let path = BatchTestSupport.scratchDirectory(self) + "/episodes.jsonl"
        let complete = try (0..<2).map { try record($0).jsonLine() + "\n" }.joined()
        let torn = String(try record(2).jsonLine().prefix(40))
        try (complete + torn).write(toFile: path, atomically: true, encoding: .utf8)

        let read = try EpisodeLog.read(path: path)
        XCTAssertEqual(read.records.map(\.episode), [0, 1])
        XCTAssertTrue(read.torn)
        XCTAssertEqual(read.warnings.count, 1)
        XCTAssertTrue(read.warnings[0].contains("incomplete"), read.warnings[0])
        XCTAssertTrue(read.warnings[0].contains(":3:"), "names the line: \(read.warnings[0])")
        XCTAssertEqual(BatchTestSupport.file(path), complete + torn, "read never changes the file")

        let repaired = try EpisodeLog.repair(path: path)
        XCTAssertEqual(repaired.records.count, 2)
        XCTAssertEqual(BatchTestSupport.file(path), complete)
        XCTAssertTrue(try EpisodeLog.read(path: path).warnings.isEmpty)
    }

    func testBadAndDuplicateLinesAreSkippedWithWarnings() throws {
        let path = BatchTestSupport.scratchDirectory(self) + "/episodes.jsonl"
        let text = try record(0).jsonLine() + "\nnot json\n" + record(0).jsonLine() + "\n\n" + record(1).jsonLine() + "\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let contents = try EpisodeLog.read(path: path)
        XCTAssertEqual(contents.records.map(\.episode), [0, 1])
        XCTAssertEqual(contents.warnings.count, 2, "\(contents.warnings)")
        XCTAssertFalse(contents.torn)
    }

    func testMissingLogIsEmpty() throws {
        let contents = try EpisodeLog.read(path: BatchTestSupport.scratchDirectory(self) + "/none.jsonl")
        XCTAssertTrue(contents.records.isEmpty)
    }
}
