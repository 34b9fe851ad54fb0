// Tests of the HTML report: one self-contained page that parses as XML, where every chart
// has exactly the bars its data calls for.
import Foundation
import XCTest
@testable import Runner

final class HTMLReportTests: XCTestCase {
    private typealias Support = RegressionTestSupport

    /// Four tasks: compared and passing, regressed with several failure reasons, below its
    /// floor with cycle times, and one without a baseline entry at all.
    private func samplePage() -> (page: ReportPage, runs: [TaskRun]) {
        let runs = [
            Support.run(name: "stand_still", successes: 8, episodes: 8, returns: { 100 + Double($0) }),
            Support.run(name: "pushed", successes: 2, episodes: 12, reasons: ["fell", "timeout", "fell", "diverged"],
                        returns: { Double($0 * $0) }),
            Support.run(name: "pick_place", successes: 7, episodes: 10, reasons: ["dropped_part", "error: boom"], floor: 0.8,
                        returns: { $0 == 3 ? .nan : Double($0) / 3 }, cycleTimes: true),
            Support.run(name: "walk", successes: 0, episodes: 3, reasons: ["timeout"]),
        ]
        let baseline = Support.baseline([("stand_still", 8, 8), ("pushed", 11, 12), ("pick_place", 8, 10)])
        var suite = Support.suite(runs)
        suite.tasks[2].floor = 0.8
        let result = RegressionResult(suite: suite, runs: runs, baseline: baseline, baselineFile: "Scenes/regress/baseline.json")
        return (ReportPage(regression: result, runs: runs), runs)
    }

    func testPageParsesAndEveryChartHasItsBars() throws {
        let (page, runs) = samplePage()
        let html = HTMLReport.html(for: page)
        let parsed = Parsed(html)
        XCTAssertTrue(parsed.ok, parsed.error)

        // The charts, by kind.
        let charts = parsed.elements.enumerated().filter { $0.element.name == "svg" }
        func chart(_ kind: String, task: String? = nil) -> [Int] {
            charts.filter { $0.element.attributes["data-chart"] == kind && (task == nil || $0.element.attributes["data-task"] == task) }
                .map(\.offset)
        }
        func bars(in chart: Int) -> [Parsed.Element] {
            parsed.elements.filter { $0.name == "rect" && $0.svg == chart
                && ($0.attributes["class"] ?? "").split(separator: " ").contains("bar") }
        }

        // Success rates: one bar per task, one more per task with a baseline.
        let success = try XCTUnwrap(chart("success-rate").first)
        let withBaseline = page.tasks.filter(\.hasBaseline).count
        XCTAssertEqual(withBaseline, 3)
        XCTAssertEqual(bars(in: success).count, page.tasks.count + withBaseline)
        XCTAssertEqual(bars(in: success).filter { $0.attributes["class"] == "bar baseline" }.count, withBaseline)
        // Whiskers: one per bar.
        XCTAssertEqual(parsed.elements.filter { $0.svg == success && $0.attributes["class"] == "whisker" && $0.name == "path" }.count,
                       page.tasks.count + withBaseline + 1)   // + the legend's sample
        // The failed tasks' bars are drawn in the failure colour.
        XCTAssertEqual(bars(in: success).filter { $0.attributes["fill"] == SVGCharts.failColour }.count,
                       page.tasks.filter(\.failed).count)

        // Outcomes: one segment per outcome present in each task.
        let outcomes = try XCTUnwrap(chart("failure-reasons").first)
        let expectedSegments = runs.map { run -> Int in
            Set(run.records.map { $0.success ? "success" : ($0.failureReason ?? "") }).count
        }.reduce(0, +)
        XCTAssertEqual(bars(in: outcomes).count, expectedSegments)
        // Segment widths add up to the same full width for every task.
        let widths = Dictionary(grouping: bars(in: outcomes)) { $0.attributes["y"] ?? "" }
            .mapValues { $0.compactMap { Double($0.attributes["width"] ?? "") }.reduce(0, +) }
        XCTAssertEqual(widths.count, runs.count)
        for width in widths.values { XCTAssertEqual(width, 640, accuracy: 0.5) }

        // Histograms: one bar per occupied bin; cycle times only where the task gave some.
        for run in runs {
            let returns = try XCTUnwrap(chart("return-histogram", task: run.task.name).first, run.task.name)
            XCTAssertEqual(bars(in: returns).count, Histogram(values: run.records.map(\.episodeReturn)).occupiedBins, run.task.name)
            let cycleTimes = run.records.compactMap(\.cycleTime)
            let cycleCharts = chart("cycle-time-histogram", task: run.task.name)
            XCTAssertEqual(cycleCharts.count, cycleTimes.isEmpty ? 0 : 1, run.task.name)
            if let cycle = cycleCharts.first {
                XCTAssertEqual(bars(in: cycle).count, Histogram(values: cycleTimes).occupiedBins)
            }
        }
        // Every bar is a real rectangle inside its chart, with a tooltip.
        for chart in charts.map(\.offset) {
            let box = (parsed.elements[chart].attributes["viewBox"] ?? "").split(separator: " ").compactMap { Double($0) }
            XCTAssertEqual(box.count, 4)
            for bar in bars(in: chart) {
                let x = Double(bar.attributes["x"] ?? "") ?? -1, y = Double(bar.attributes["y"] ?? "") ?? -1
                let width = Double(bar.attributes["width"] ?? "") ?? -1, height = Double(bar.attributes["height"] ?? "") ?? -1
                XCTAssertTrue(x >= 0 && y >= 0 && width > 0 && height > 0, "\(bar.attributes)")
                XCTAssertLessThanOrEqual(x + width, box[2] + 0.1)
                XCTAssertLessThanOrEqual(y + height, box[3] + 0.1)
            }
            // Axis labels on every chart.
            XCTAssertFalse(parsed.elements.filter { $0.svg == chart && $0.attributes["class"] == "axis-label" }.isEmpty)
        }
        // The non-finite return is left out and said so.
        XCTAssertTrue(html.contains("1 non-finite left out"))
    }

    // Self-contained: no scripts, no external references of any kind.
    func testPageIsSelfContained() {
        let html = HTMLReport.html(for: samplePage().page)
        for forbidden in ["<script", "src=", "href=", "@import", "url(", "<link", "<iframe"] {
            XCTAssertFalse(html.contains(forbidden), forbidden)
        }
        let namespaces = ["http://www.w3.org/2000/svg", "http://www.w3.org/1999/xhtml"]
        var stripped = html
        for namespace in namespaces { stripped = stripped.replacingOccurrences(of: namespace, with: "") }
        XCTAssertFalse(stripped.contains("http://") || stripped.contains("https://"))
        XCTAssertTrue(html.contains("<style>"))
    }

    // The verdict banner, the table, and the statistical test are on the page.
    func testPageSaysWhatHappened() {
        let page = samplePage().page
        let html = HTMLReport.html(for: page)
        XCTAssertTrue(html.contains(#"<p class="banner fail">FAIL — 2 of 4 tasks failed the gate</p>"#), html)
        let parsed = Parsed(html)
        let rows = parsed.elements.filter { $0.name == "tr" && $0.ancestors.last == "tbody" }
        XCTAssertEqual(rows.count, page.tasks.count)
        let verdicts = parsed.elements(withClass: "verdict").map(\.text)
        XCTAssertEqual(verdicts, ["pass", "REGRESSED", "BELOW FLOOR, ERRORS", "pass"])
        XCTAssertTrue(html.contains("one-sided two-proportion z-test"))
    }

    func testWriteIsWholeFile() throws {
        let scratch = BatchTestSupport.scratchDirectory(self)
        try HTMLReport.write(samplePage().page, to: scratch + "/report.html")
        XCTAssertTrue(Parsed(BatchTestSupport.file(scratch + "/report.html")).ok)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch), ["report.html"])
    }
}
