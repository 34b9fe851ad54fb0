// Tests of Sources/Runner/BatchMerge.swift: shards merged equal a single run of the same
// seeds; shards of different batches, repeated or missing shards are errors.
import Foundation
import XCTest
@testable import Runner

final class BatchMergeTests: XCTestCase {
    func testMergedShardsEqualSingleRun() throws {
        let scratch = BatchTestSupport.scratchDirectory(self)
        let single = try BatchTestSupport.run(try BatchTestSupport.plan(episodes: 5), workers: 2, out: scratch + "/single")
        var shardDirectories: [String] = []
        for index in [2, 0, 1] {
            let directory = scratch + "/shard\(index)"
            let shard = try ShardSpec(index: index, count: 3)
            let result = try BatchTestSupport.run(try BatchTestSupport.plan(episodes: 5, shard: shard), out: directory)
            XCTAssertEqual(result.records.map(\.episode), (0..<5).filter { shard.contains(episodeIndex: $0) })
            shardDirectories.append(directory)
        }
        let merged = try BatchMerge.merge(directories: shardDirectories)
        XCTAssertEqual(merged.summary.outcomesOnly(), single.summary.outcomesOnly())
        XCTAssertEqual(merged.records.map(\.key), single.records.map(\.key), "plan order")
        XCTAssertEqual(BatchTestSupport.hashes(merged.records), BatchTestSupport.hashes(single.records))
        XCTAssertEqual(merged.summary.run?.workers, 3)

        // Written out, the merge is a batch directory whose rerun has nothing left to do.
        let out = scratch + "/merged"
        try BatchMerge.write(merged, to: out)
        XCTAssertEqual(try BatchSummary.read(from: out + "/summary.json").outcomesOnly(), single.summary.outcomesOnly())
        XCTAssertNil(try BatchManifest.read(fromDirectory: out)?.shard)
        let rerun = try BatchTestSupport.run(try BatchTestSupport.plan(episodes: 5), out: out)
        XCTAssertEqual(rerun.summary.run?.episodesRun, 0)
        XCTAssertEqual(rerun.summary.outcomesOnly(), single.summary.outcomesOnly())
    }

    func testRefusesMismatchedRepeatedOrMissingShards() throws {
        let scratch = BatchTestSupport.scratchDirectory(self)
        let zero = scratch + "/zero", one = scratch + "/one", otherSeed = scratch + "/other"
        _ = try BatchTestSupport.run(try BatchTestSupport.plan(episodes: 2, shard: try ShardSpec(parsing: "0/2")), out: zero)
        _ = try BatchTestSupport.run(try BatchTestSupport.plan(episodes: 2, shard: try ShardSpec(parsing: "1/2")), out: one)
        _ = try BatchTestSupport.run(try BatchTestSupport.plan(episodes: 2, seed: 99, shard: try ShardSpec(parsing: "1/2")),
                                     out: otherSeed)
        func expectError(_ directories: [String], _ mention: String) {
            XCTAssertThrowsError(try BatchMerge.merge(directories: directories)) { error in
                XCTAssertTrue("\(error)".contains(mention), "expected '\(mention)' in: \(error)")
            }
        }
        expectError([zero, otherSeed], "different batches")
        expectError([zero, zero], "same shard")
        expectError([zero], "shards missing: 1/2")
        expectError([scratch], "not a batch directory")
        let partial = try BatchMerge.merge(directories: [zero], allowPartial: true)
        XCTAssertEqual(partial.summary.episodesDone, 1)
        XCTAssertEqual(partial.summary.episodesPlanned, 2)
        XCTAssertEqual(try BatchMerge.merge(directories: [one, zero]).summary.episodesDone, 2)
    }
}
