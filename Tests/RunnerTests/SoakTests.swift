// Soak: a short real soak over every scene passes, and the judge catches memory growth,
// descriptor leaks, thread growth, errors and divergences without a reason.
import Foundation
import XCTest
@testable import Runner

final class SoakTests: XCTestCase {
    static var scenes: [String] {
        let folder = BatchTestSupport.repositoryRoot + "/Scenes"
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted().map { folder + "/" + $0 }
    }

    func testShortSoakOverEverySceneIsSteady() throws {
        XCTAssertGreaterThanOrEqual(Self.scenes.count, 9)
        // Soak.roundEpisodesPerScene + 1 per scene: two rounds.
        let perScene = Soak.roundEpisodesPerScene + 1
        let report = try Soak.run(SoakConfiguration(scenePaths: Self.scenes, episodes: Self.scenes.count * perScene,
                                                    episodeSeconds: 0.02, workers: 2, memoryTolerance: 0.25))
        XCTAssertEqual(report.episodes, Self.scenes.count * perScene)
        XCTAssertTrue(report.errors.isEmpty, "\(report.errors)")
        XCTAssertTrue(report.passed, report.rendered())
        XCTAssertGreaterThanOrEqual(report.samples.count, 2)
        XCTAssertTrue(report.samples.allSatisfy { $0.residentBytes > 0 && $0.fileDescriptors > 0 && $0.threads > 0 })
    }

    private func judge(samples: [SoakSample], records: [EpisodeRecord]) throws -> SoakReport {
        var tally = SoakTally()
        for record in records { tally.add(record) }
        return Soak.judge(configuration: SoakConfiguration(scenePaths: [BatchTestSupport.standPush], episodes: records.count),
                          scenes: ["stand_push"], planned: records.count, tally: tally, samples: samples, wall: 1,
                          interrupted: false)
    }

    private func sample(_ episodes: Int, rss: Int, fds: Int = 10, threads: Int = 4) -> SoakSample {
        SoakSample(episodes: episodes, seconds: Double(episodes), residentBytes: rss, fileDescriptors: fds, threads: threads)
    }

    func testJudgeCatchesGrowthLeaksErrorsAndUnnamedDivergences() throws {
        let records = (0..<100).map { RegressionTestSupport.record(episode: $0, success: true) }
        let steady = (0...10).map { sample($0 * 10, rss: 100_000_000 + $0 * 100_000) }
        XCTAssertTrue(try judge(samples: steady, records: records).passed)

        let growing = (0...10).map { sample($0 * 10, rss: 100_000_000 + $0 * 2_000_000) }
        let grown = try judge(samples: growing, records: records)
        XCTAssertFalse(grown.passed)
        XCTAssertTrue(grown.problems.joined().contains("resident memory grew"), "\(grown.problems)")

        var leaking = steady
        leaking[10].fileDescriptors = 40
        XCTAssertTrue(try judge(samples: leaking, records: records).problems.joined().contains("file descriptors"))

        var threads = steady
        threads[6].threads = 9
        XCTAssertTrue(try judge(samples: threads, records: records).problems.joined().contains("threads"))

        var broken = records
        broken[3] = RegressionTestSupport.record(episode: 3, success: false, reason: "error: boom")
        broken[4] = RegressionTestSupport.record(episode: 4, success: false, reason: "diverged")
        let report = try judge(samples: steady, records: broken)
        XCTAssertEqual(report.errors, ["boom": 1])
        XCTAssertEqual(report.divergences.count, 1)
        XCTAssertTrue(report.problems.contains { $0.contains("no sanity-guard reason") }, "\(report.problems)")
        broken[4].failureDetail = "robot r link shin: linear speed 60 m/s > 50 m/s"
        XCTAssertEqual(try judge(samples: steady, records: broken).divergences.first?.detail, broken[4].failureDetail)
    }
}
