// Tests of the one-sided two-proportion z-test regress gates on.
import XCTest
@testable import Runner

final class ProportionTestTests: XCTestCase {
    // Worked example: 8/8 → 2/8. Pooled p = 10/16, SE = √(0.625·0.375·(1/8 + 1/8)) = 0.24206,
    // z = 0.75 / 0.24206 = 3.0984, p = Φ(−3.0984) = 0.000973.
    func testWorkedExample() {
        let test = ProportionTest(baselineSuccesses: 8, baselineTrials: 8, currentSuccesses: 2, currentTrials: 8)
        XCTAssertEqual(test.pooledRate, 0.625, accuracy: 1e-12)
        XCTAssertEqual(test.standardError, 0.242061, accuracy: 1e-6)
        XCTAssertEqual(test.z, 3.098387, accuracy: 1e-6)
        XCTAssertEqual(test.dropPValue, 0.000973, accuracy: 2e-6)
        XCTAssertTrue(test.dropped(alpha: 0.01))
        XCTAssertFalse(test.rose(alpha: 0.01))
    }

    // 8/8 → 6/8 is not significant at α = 0.01 (p ≈ 0.065): the help text's other example.
    func testSmallDropIsNotSignificant() {
        let test = ProportionTest(baselineSuccesses: 8, baselineTrials: 8, currentSuccesses: 6, currentTrials: 8)
        XCTAssertEqual(test.dropPValue, 0.0653, accuracy: 5e-4)
        XCTAssertFalse(test.dropped(alpha: 0.01))
    }

    func testEqualRatesGiveHalf() {
        let test = ProportionTest(baselineSuccesses: 30, baselineTrials: 60, currentSuccesses: 15, currentTrials: 30)
        XCTAssertEqual(test.z, 0, accuracy: 1e-12)
        XCTAssertEqual(test.dropPValue, 0.5, accuracy: 1e-12)
    }

    // All successes (or all failures) in both samples: SE = 0, nothing to test.
    func testDegenerateSamplesPass() {
        for test in [ProportionTest(baselineSuccesses: 10, baselineTrials: 10, currentSuccesses: 7, currentTrials: 7),
                     ProportionTest(baselineSuccesses: 0, baselineTrials: 10, currentSuccesses: 0, currentTrials: 5)] {
            XCTAssertEqual(test.standardError, 0)
            XCTAssertEqual(test.z, 0)
            XCTAssertEqual(test.dropPValue, 1)
            XCTAssertEqual(test.risePValue, 1)
            XCTAssertFalse(test.dropped(alpha: 0.01))
        }
    }

    // The drop and rise p-values are complements, and swapping the samples swaps them.
    func testOneSidedSymmetry() {
        let down = ProportionTest(baselineSuccesses: 40, baselineTrials: 50, currentSuccesses: 30, currentTrials: 50)
        let up = ProportionTest(baselineSuccesses: 30, baselineTrials: 50, currentSuccesses: 40, currentTrials: 50)
        XCTAssertEqual(down.dropPValue + down.risePValue, 1, accuracy: 1e-12)
        XCTAssertEqual(down.dropPValue, up.risePValue, accuracy: 1e-12)
        XCTAssertTrue(up.rose(alpha: 0.05))
        XCTAssertFalse(up.dropped(alpha: 0.05))
    }

    func testNormalCDF() {
        XCTAssertEqual(ProportionTest.normalCDF(0), 0.5, accuracy: 1e-15)
        XCTAssertEqual(ProportionTest.normalCDF(1.959963984540054), 0.975, accuracy: 1e-12)
        XCTAssertEqual(ProportionTest.normalCDF(-2.326347874), 0.01, accuracy: 1e-9)
        XCTAssertEqual(ProportionTest.normalCDF(-8), 6.22e-16, accuracy: 1e-17)
    }
}
