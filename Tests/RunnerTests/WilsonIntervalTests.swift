// Tests of Sources/Runner/WilsonInterval.swift against published values.
import XCTest
@testable import Runner

final class WilsonIntervalTests: XCTestCase {
    func testKnownValues() {
        // 8 of 10: [0.4902, 0.9433] (Wilson 1927; e.g. statsmodels proportion_confint method="wilson").
        let eight = WilsonInterval(successes: 8, trials: 10)
        XCTAssertEqual(eight.low, 0.4902, accuracy: 1e-4)
        XCTAssertEqual(eight.high, 0.9433, accuracy: 1e-4)
        // 0 of 20: [0, 0.1611]; 20 of 20: [0.8389, 1].
        XCTAssertEqual(WilsonInterval(successes: 0, trials: 20).low, 0, accuracy: 1e-12)
        XCTAssertEqual(WilsonInterval(successes: 0, trials: 20).high, 0.1611, accuracy: 1e-4)
        XCTAssertEqual(WilsonInterval(successes: 20, trials: 20).low, 0.8389, accuracy: 1e-4)
        XCTAssertEqual(WilsonInterval(successes: 20, trials: 20).high, 1, accuracy: 1e-12)
    }

    func testNoTrialsIsTheWholeRange() {
        XCTAssertEqual(WilsonInterval(successes: 0, trials: 0), WilsonInterval(low: 0, high: 1))
    }

    func testNarrowsWithMoreTrials() {
        let small = WilsonInterval(successes: 5, trials: 10), large = WilsonInterval(successes: 500, trials: 1000)
        XCTAssertLessThan(large.high - large.low, small.high - small.low)
        XCTAssertTrue(large.low < 0.5 && 0.5 < large.high)
    }
}
