// Tests of the individual SVG charts: each is well-formed on its own, and draws as many bars
// as its data has, in the edge cases too (no baseline, no episodes, one value).
import Foundation
import XCTest
@testable import Runner

final class SVGChartsTests: XCTestCase {
    private func task(_ name: String, successes: Int, episodes: Int, reasons: [String: Int] = [:], baseline: (Int, Int)? = nil,
                      floor: Double? = nil) -> ReportTask {
        ReportTask(name: name, detail: "d", episodes: episodes, successes: successes, failureReasons: reasons,
                   returns: [], cycleTimes: [], baselineSuccesses: baseline?.0, baselineEpisodes: baseline?.1, floor: floor)
    }

    private func bars(_ svg: String) -> [Parsed.Element] {
        let parsed = Parsed(svg)
        XCTAssertTrue(parsed.ok, parsed.error)
        return parsed.elements(withClass: "bar").filter { $0.name == "rect" }
    }

    func testSuccessRatesWithoutBaseline() {
        let tasks = [task("a", successes: 3, episodes: 4, reasons: ["fell": 1]), task("b", successes: 0, episodes: 2, reasons: ["fell": 2])]
        let svg = SVGCharts.successRates(tasks)
        XCTAssertEqual(bars(svg).count, 2)
        XCTAssertFalse(svg.contains(">baseline<"))
        // A 0% rate still shows a sliver, so the row is not mistaken for missing data.
        XCTAssertEqual(bars(svg).last?.attributes["width"], "2.0")
    }

    func testSuccessRatesWithBaselineAndFloor() {
        let tasks = [task("a", successes: 3, episodes: 4, reasons: ["fell": 1], baseline: (4, 4), floor: 0.5),
                     task("b", successes: 1, episodes: 1)]
        let svg = SVGCharts.successRates(tasks)
        XCTAssertEqual(bars(svg).count, 3)
        XCTAssertTrue(svg.contains(">no baseline<"))
        XCTAssertEqual(Parsed(svg).elements(withClass: "floor").count, 2)   // the row's line and the legend's
        // The full-width bar ends at the 100% gridline.
        let full = bars(svg).first { $0.attributes["class"] == "bar baseline" }
        XCTAssertEqual(full.flatMap { Double($0.attributes["width"] ?? "") }, 520)
    }

    func testOutcomesSkipEmptyTasksAndColourReasonsConsistently() {
        let tasks = [task("a", successes: 2, episodes: 5, reasons: ["fell": 2, "timeout": 1]),
                     task("b", successes: 0, episodes: 0),
                     task("c", successes: 0, episodes: 3, reasons: ["timeout": 3])]
        let svg = SVGCharts.outcomes(tasks)
        let drawn = bars(svg)
        XCTAssertEqual(drawn.count, 4)
        XCTAssertTrue(svg.contains(">no episodes<"))
        // Timeout is the same colour in both tasks that had it.
        XCTAssertEqual(drawn.filter { $0.attributes["fill"] == SVGCharts.outcomeColours["timeout"] }.count, 2)
        // The legend lists each outcome once: success, then reasons by total count.
        let legend = Parsed(svg).elements.filter { $0.name == "text" && $0.attributes["x"] != nil && $0.ancestors.last == "svg" }
            .map(\.text).filter { ["success", "fell", "timeout"].contains($0) }
        XCTAssertEqual(legend, ["success", "timeout", "fell"])
    }

    func testHistogramBars() {
        let values = [1.0, 1.5, 2.0, 7.0, 7.2, .nan]
        let svg = SVGCharts.histogram(values, chart: "return-histogram", task: "a", title: "Episode return",
                                      axisLabel: "return", colour: "#000")
        XCTAssertEqual(bars(svg).count, Histogram(values: values).occupiedBins)
        XCTAssertTrue(svg.contains(#"data-task="a""#))
        let single = SVGCharts.histogram([4, 4], chart: "cycle-time-histogram", task: "b", title: "Cycle time",
                                         axisLabel: "cycle time (s)", colour: "#000")
        XCTAssertEqual(bars(single).count, 1)
    }

    func testAxisFormatting() {
        XCTAssertEqual(SVGCharts.format(2.5, step: 2.5), "2.5")
        XCTAssertEqual(SVGCharts.format(10, step: 5), "10")
        XCTAssertEqual(SVGCharts.format(0.30000000000000004, step: 0.1), "0.3")
        XCTAssertEqual(SVGCharts.format(-0.0000001, step: 1), "0")
    }
}
