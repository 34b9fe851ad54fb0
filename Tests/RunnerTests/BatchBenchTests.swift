// Tests of Sources/Runner/BatchBench.swift: a tiny run reports every case (figures are never
// judged: no test depends on speed).
import XCTest
@testable import Runner

final class BatchBenchTests: XCTestCase {
    func testReportsEveryCase() throws {
        let configuration = BatchBenchConfiguration(scenePath: BatchTestSupport.standPush, episodeSeconds: 0.1, episodes: 2,
                                                    repeats: 1, memoryEpisodes: 3, memoryEpisodeSeconds: 0.05)
        let report = try BatchBench.run(configuration)
        XCTAssertEqual(report.throughput.map(\.caseName), ["plain", "plain", "logged", "logged+recorded"])
        XCTAssertEqual(report.throughput.map(\.workers), [1, 2, 2, 2])
        XCTAssertTrue(report.throughput.allSatisfy { $0.episodesPerSecond > 0 && $0.physicsStepsPerSecond > 0 })
        XCTAssertTrue(report.scaling.isFinite && report.scaling > 0)
        XCTAssertEqual(report.memory.map(\.workers), [1, 2])
        XCTAssertTrue(report.memory.allSatisfy { $0.rssAtEnd > 0 })
        XCTAssertTrue(report.table().contains("scaling"))
        XCTAssertTrue(report.jsonLine().contains("\"logging_cost_percent\""))
    }

    func testProcessMemoryReadsVmRSS() {
        XCTAssertGreaterThan(ProcessMemory.residentBytes() ?? 0, 1_000_000)
    }
}
