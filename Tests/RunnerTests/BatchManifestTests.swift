// Tests of Sources/Runner/BatchManifest.swift: what counts as the same batch.
import XCTest
@testable import Runner

final class BatchManifestTests: XCTestCase {
    func testSameBatchAndDifferences() throws {
        let base = BatchManifest(plan: try BatchTestSupport.plan(episodes: 3))
        XCTAssertNil(base.mismatch(with: BatchManifest(plan: try BatchTestSupport.plan(episodes: 9))), "episodes may grow")
        XCTAssertTrue(base.mismatch(with: BatchManifest(plan: try BatchTestSupport.plan(episodes: 3, seed: 1)))?
            .contains("seed") ?? false)
        let shard = BatchManifest(plan: try BatchTestSupport.plan(episodes: 3, shard: try ShardSpec(parsing: "0/2")))
        XCTAssertTrue(base.mismatch(with: shard)?.contains("shard") ?? false)
        XCTAssertNil(base.mismatch(with: shard, ignoringShard: true))

        let directory = BatchTestSupport.scratchDirectory(self)
        XCTAssertNil(try BatchManifest.read(fromDirectory: directory))
        try shard.write(toDirectory: directory)
        XCTAssertEqual(try BatchManifest.read(fromDirectory: directory), shard)
        try "{".write(toFile: directory + "/manifest.json", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try BatchManifest.read(fromDirectory: directory))
    }
}
