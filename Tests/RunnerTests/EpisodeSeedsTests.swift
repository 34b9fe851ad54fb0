// Tests of Sources/Runner/EpisodeSeeds.swift: the documented SplitMix64 formula.
import XCTest
@testable import Runner

final class EpisodeSeedsTests: XCTestCase {
    // SplitMix64 from state 0 gives 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, … (reference values).
    func testMatchesSplitMix64() {
        XCTAssertEqual(EpisodeSeeds.seed(batchSeed: 0, index: 0), 0xE220_A839_7B1D_CDAF)
        XCTAssertEqual(EpisodeSeeds.seed(batchSeed: 0, index: 1), 0x6E78_9E6A_A1B9_65F4)
    }

    func testSeedsAreDistinctAndDependOnTheBatchSeed() {
        let seeds = (0..<1000).map { EpisodeSeeds.seed(batchSeed: 42, index: $0) }
        XCTAssertEqual(Set(seeds).count, 1000)
        XCTAssertNotEqual(EpisodeSeeds.seed(batchSeed: 1, index: 0), EpisodeSeeds.seed(batchSeed: 2, index: 0))
        XCTAssertEqual(EpisodeSeeds.seed(batchSeed: .max, index: Int.max / 2), EpisodeSeeds.seed(batchSeed: .max, index: Int.max / 2))
    }
}
