// Tests of Sources/Runner/ShardSpec.swift: parsing, bad specs, and a partition of the episodes.
import XCTest
@testable import Runner

final class ShardSpecTests: XCTestCase {
    func testParses() throws {
        let shard = try ShardSpec(parsing: "2/5")
        XCTAssertEqual(shard.index, 2)
        XCTAssertEqual(shard.count, 5)
        XCTAssertEqual(shard.description, "2/5")
        XCTAssertEqual(try ShardSpec(parsing: "0/1"), try ShardSpec(index: 0, count: 1))
    }

    func testBadSpecsAreClearErrors() {
        for text in ["", "3", "1/0", "4/4", "-1/4", "a/b", "1/2/3", "1.5/4", "/4"] {
            XCTAssertThrowsError(try ShardSpec(parsing: text), text) { error in
                XCTAssertTrue("\(error)".hasPrefix("bad --shard '\(text)'"), "\(error)")
            }
        }
    }

    // Shards are disjoint and together cover every episode, each within one of N/count.
    func testShardsPartitionTheEpisodes() throws {
        let count = 3
        let shards = try (0..<count).map { try ShardSpec(index: $0, count: count) }
        for episode in 0..<20 {
            XCTAssertEqual(shards.filter { $0.contains(episodeIndex: episode) }.count, 1)
        }
        let sizes = shards.map { shard in (0..<20).filter { shard.contains(episodeIndex: $0) }.count }
        XCTAssertEqual(sizes, [7, 7, 6])
    }
}
