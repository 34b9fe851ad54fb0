// Tests of the report's histogram binning.
import XCTest
@testable import Runner

final class HistogramTests: XCTestCase {
    func testRoundEdgesAndCounts() {
        let values = [0.3, 1.1, 1.9, 2.2, 4.9, 5.0, 7.5, 9.99]
        let histogram = Histogram(values: values)
        XCTAssertEqual(histogram.counts.reduce(0, +), values.count)
        XCTAssertEqual(histogram.counts.count, 4)        // Sturges: ⌈log₂ 8⌉ + 1 = 4 bins
        XCTAssertEqual(histogram.binWidth, 2.5)
        XCTAssertEqual(histogram.start, 0)
        XCTAssertEqual(histogram.counts, [4, 1, 1, 2])   // [0, 2.5) [2.5, 5) [5, 7.5) [7.5, 10]
        XCTAssertEqual(histogram.occupiedBins, 4)
        for value in values {
            let index = histogram.counts.indices.first { histogram.edges(of: $0).lower <= value && value <= histogram.edges(of: $0).upper }
            XCTAssertNotNil(index, "\(value) lies in no bin")
        }
    }

    func testMaximumLandsInLastBin() {
        let histogram = Histogram(values: [0, 10, 20])
        XCTAssertEqual(histogram.counts.reduce(0, +), 3)
        XCTAssertLessThanOrEqual(20, histogram.end)
    }

    func testEqualValuesMakeOneBin() {
        let histogram = Histogram(values: [3, 3, 3])
        XCTAssertEqual(histogram.counts, [3])
        XCTAssertLessThan(histogram.start, 3)
        XCTAssertGreaterThan(histogram.end, 3)
    }

    func testNonFiniteValuesAreOmitted() {
        let histogram = Histogram(values: [1, .nan, 2, .infinity, 3])
        XCTAssertEqual(histogram.omitted, 2)
        XCTAssertEqual(histogram.counts.reduce(0, +), 3)
        XCTAssertEqual(Histogram(values: []).counts, [])
        XCTAssertEqual(Histogram(values: [.nan]).omitted, 1)
    }

    func testBinCountIsCapped() {
        let values = (0..<100_000).map { Double($0) * 0.001 }
        let histogram = Histogram(values: values, maxBins: 20)
        XCTAssertLessThanOrEqual(histogram.counts.count, 20)
        XCTAssertEqual(histogram.counts.reduce(0, +), values.count)
    }

    func testRoundWidths() {
        XCTAssertEqual(Histogram.roundWidth(atLeast: 0.7), 1)
        XCTAssertEqual(Histogram.roundWidth(atLeast: 1.3), 2)
        XCTAssertEqual(Histogram.roundWidth(atLeast: 2.1), 2.5)
        XCTAssertEqual(Histogram.roundWidth(atLeast: 30), 50)
        XCTAssertEqual(Histogram.roundWidth(atLeast: 0.011), 0.02, accuracy: 1e-15)
    }
}
