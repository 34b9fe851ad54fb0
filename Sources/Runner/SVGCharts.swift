// SVGCharts: the report's charts as inline SVG — success rates with Wilson interval
// whiskers (baseline beside current), outcomes per task as stacked bars, and histograms.
// Every data bar is a `<rect class="bar …">` and every chart an `<svg data-chart=…>`, so
// a test can count a chart's bars against its data. Legend swatches are `class="legend"`.
import Foundation

enum SVGCharts {
    // Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
    static let baselineColour = "#9aa5b1"
    static let passColour = "#0072b2"
    static let failColour = "#d55e00"
    static let floorColour = "#b91c1c"
    static let inkColour = "#1f2933"
    static let gridColour = "#e4e7eb"

    /// Fixed colours for the outcomes tasks report; others take the spare ones in order.
    static let outcomeColours: [String: String] = [
        "success": "#009e73", "fell": "#d55e00", "timeout": "#e69f00", "dropped_part": "#cc79a7",
        "collision": "#56b4e9", "out_of_bounds": "#f0e442", "diverged": "#3e4c59",
    ]
    static let spareColours = ["#0072b2", "#8c6bb1", "#a6761d", "#66a61e", "#e7298a", "#1b9e77"]

    static func colour(forOutcome label: String, spareIndex: Int) -> String {
        if let colour = outcomeColours[label] { return colour }
        if label.hasPrefix("error") { return "#7b8794" }
        return spareColours[spareIndex % spareColours.count]
    }

    // MARK: Success rates

    /// One row per task: the baseline's rate (grey) above the current rate (blue, or
    /// vermillion when the task failed the gate), each with its 95% Wilson interval as a
    /// whisker, and the suite's floor as a dashed red line. Bars: one per task, plus one per
    /// task with a baseline.
    static func successRates(_ tasks: [ReportTask]) -> String {
        let anyBaseline = tasks.contains(where: \.hasBaseline)
        let plotLeft = 250.0, plotWidth = 520.0, valueLeft = plotLeft + plotWidth + 16
        let barHeight = 16.0, barGap = 4.0
        let rowHeight = anyBaseline ? 2 * barHeight + barGap + 20 : barHeight + 20
        let top = 52.0, bottom = 56.0
        let width = 1040.0
        let height = top + rowHeight * Double(tasks.count) + bottom
        let plotBottom = top + rowHeight * Double(tasks.count)
        func x(_ rate: Double) -> Double { plotLeft + plotWidth * min(max(rate, 0), 1) }

        var svg = open(chart: "success-rate", width: width, height: height,
                       label: "Success rate per task with 95% Wilson intervals")
        // Legend.
        var legend: [(String, String)] = []
        if anyBaseline { legend.append((baselineColour, "baseline")) }
        legend.append((passColour, "current"))
        if tasks.contains(where: \.failed) { legend.append((failColour, "current, failed the gate")) }
        var legendX = plotLeft
        for (colour, text) in legend {
            svg += #"<rect class="legend" x="\#(f(legendX))" y="14" width="14" height="14" rx="2" fill="\#(colour)"/>"#
            svg += #"<text x="\#(f(legendX + 20))" y="26">\#(xmlEscaped(text))</text>"#
            legendX += 34 + Double(text.count) * 7
        }
        svg += #"<path class="whisker" d="M\#(f(legendX)) 21 h28 M\#(f(legendX)) 16 v10 M\#(f(legendX + 28)) 16 v10"/>"#
        svg += #"<text x="\#(f(legendX + 36))" y="26">95% Wilson interval</text>"#
        legendX += 190
        if tasks.contains(where: { $0.floor != nil }) {
            svg += #"<path class="floor" d="M\#(f(legendX + 6)) 12 v18"/>"#
            svg += #"<text x="\#(f(legendX + 16))" y="26">floor</text>"#
        }
        // Grid and axis.
        svg += percentAxis(plotLeft: plotLeft, plotWidth: plotWidth, top: top, plotBottom: plotBottom,
                           label: "success rate (share of episodes that succeeded)")
        // Rows.
        for (index, task) in tasks.enumerated() {
            let rowTop = top + rowHeight * Double(index)
            let centre = rowTop + rowHeight / 2
            svg += #"<text class="row-label" x="\#(f(plotLeft - 14))" y="\#(f(centre - 2))" text-anchor="end">\#(xmlEscaped(task.name))</text>"#
            svg += #"<text class="row-note" x="\#(f(plotLeft - 14))" y="\#(f(centre + 13))" text-anchor="end">\#(task.episodes) episodes</text>"#
            var barTop = rowTop + 10
            if anyBaseline {
                if let rate = task.baselineRate, let interval = task.baselineInterval {
                    svg += bar(x: plotLeft, y: barTop, width: max(x(rate) - plotLeft, 2), height: barHeight,
                               colour: baselineColour, kind: "baseline",
                               title: "\(task.name) baseline: \(task.baselineSuccesses ?? 0)/\(task.baselineEpisodes ?? 0) = "
                                   + "\(formatPercent(rate)), 95% interval \(formatPercent(interval.low))–\(formatPercent(interval.high))")
                    svg += whisker(from: x(interval.low), to: x(interval.high), y: barTop + barHeight / 2)
                    svg += #"<text class="value muted" x="\#(f(valueLeft))" y="\#(f(barTop + 12))">\#(formatPercent(rate)) (\#(task.baselineSuccesses ?? 0)/\#(task.baselineEpisodes ?? 0)) baseline</text>"#
                } else {
                    svg += #"<text class="row-note" x="\#(f(plotLeft + 6))" y="\#(f(barTop + 12))">no baseline</text>"#
                }
                barTop += barHeight + barGap
            }
            let interval = task.successInterval
            let colour = task.failed ? failColour : passColour
            svg += bar(x: plotLeft, y: barTop, width: max(x(task.successRate) - plotLeft, 2), height: barHeight,
                       colour: colour, kind: "current",
                       title: "\(task.name): \(task.successes)/\(task.episodes) = \(formatPercent(task.successRate)), "
                           + "95% interval \(formatPercent(interval.low))–\(formatPercent(interval.high))")
            svg += whisker(from: x(interval.low), to: x(interval.high), y: barTop + barHeight / 2)
            var value = "\(formatPercent(task.successRate)) (\(task.successes)/\(task.episodes))"
            if let test = task.test { value += "  p = \(formatPValue(test.dropPValue))" }
            svg += #"<text class="value\#(task.failed ? " bad" : "")" x="\#(f(valueLeft))" y="\#(f(barTop + 12))">\#(xmlEscaped(value))</text>"#
            if let floor = task.floor {
                svg += #"<path class="floor" d="M\#(f(x(floor))) \#(f(rowTop + 4)) V\#(f(rowTop + rowHeight - 4))"><title>floor \#(formatPercent(floor))</title></path>"#
            }
        }
        return svg + "</svg>"
    }

    // MARK: Outcomes

    /// One stacked bar per task: its episodes split into success and each failure reason.
    /// Bars: one per non-empty segment of every task.
    static func outcomes(_ tasks: [ReportTask]) -> String {
        // Legend order: success, then reasons by total count.
        var totals: [String: Int] = [:]
        for task in tasks { for (label, count) in task.outcomeSegments { totals[label, default: 0] += count } }
        let labels = totals.keys.sorted { a, b in
            if (a == "success") != (b == "success") { return a == "success" }
            return (totals[a] ?? 0, b) > (totals[b] ?? 0, a)
        }
        var colours: [String: String] = [:]
        var spare = 0
        for label in labels {
            colours[label] = colour(forOutcome: label, spareIndex: spare)
            if outcomeColours[label] == nil && !label.hasPrefix("error") { spare += 1 }
        }

        let plotLeft = 250.0, plotWidth = 640.0, width = 1040.0
        let barHeight = 24.0, rowHeight = 36.0
        // Legend items wrap onto as many lines as they need.
        var legendItems: [(x: Double, line: Int, label: String)] = []
        var cursor = plotLeft, line = 0
        for label in labels {
            let itemWidth = 30 + Double(label.count) * 7.2
            if cursor + itemWidth > width - 10, cursor > plotLeft { cursor = plotLeft; line += 1 }
            legendItems.append((cursor, line, label))
            cursor += itemWidth + 12
        }
        let top = 24.0 + Double(line + 1) * 22 + 8, bottom = 56.0
        let plotBottom = top + rowHeight * Double(tasks.count)
        let height = plotBottom + bottom
        func x(_ share: Double) -> Double { plotLeft + plotWidth * share }

        var svg = open(chart: "failure-reasons", width: width, height: height,
                       label: "Outcomes per task: success and failure reasons as shares of episodes")
        for item in legendItems {
            let y = 14 + Double(item.line) * 22
            svg += #"<rect class="legend" x="\#(f(item.x))" y="\#(f(y))" width="14" height="14" rx="2" fill="\#(colours[item.label] ?? "#999")"/>"#
            svg += #"<text x="\#(f(item.x + 20))" y="\#(f(y + 12))">\#(xmlEscaped(item.label))</text>"#
        }
        svg += percentAxis(plotLeft: plotLeft, plotWidth: plotWidth, top: top, plotBottom: plotBottom,
                           label: "share of the task's episodes")
        for (index, task) in tasks.enumerated() {
            let rowTop = top + rowHeight * Double(index)
            let barTop = rowTop + (rowHeight - barHeight) / 2
            svg += #"<text class="row-label" x="\#(f(plotLeft - 14))" y="\#(f(barTop + 17))" text-anchor="end">\#(xmlEscaped(task.name))</text>"#
            guard task.episodes > 0 else {
                svg += #"<text class="row-note" x="\#(f(plotLeft + 6))" y="\#(f(barTop + 17))">no episodes</text>"#
                continue
            }
            var start = 0
            for (label, count) in task.outcomeSegments {
                let left = x(Double(start) / Double(task.episodes))
                let right = x(Double(start + count) / Double(task.episodes))
                let share = formatPercent(Double(count) / Double(task.episodes))
                svg += bar(x: left, y: barTop, width: right - left, height: barHeight, colour: colours[label] ?? "#999",
                           kind: "segment", title: "\(task.name): \(label) in \(count) of \(task.episodes) episodes (\(share))")
                if right - left >= 26 {
                    // Dark ink on the light colours, white on the others (set by CSS classes:
                    // page CSS would override a fill attribute).
                    let light = ["#f0e442", "#e69f00", "#56b4e9"].contains(colours[label] ?? "")
                    svg += #"<text class="segment-label \#(light ? "on-light" : "on-dark")" x="\#(f((left + right) / 2))" y="\#(f(barTop + 16.5))" text-anchor="middle">\#(count)</text>"#
                }
                start += count
            }
            svg += #"<text class="row-note" x="\#(f(x(1) + 12))" y="\#(f(barTop + 17))">n = \#(task.episodes)</text>"#
        }
        return svg + "</svg>"
    }

    // MARK: Histograms

    /// A histogram of `values` for one task. Bars: one per occupied bin of
    /// `Histogram(values:)`. `chart` names it (`return-histogram`), `task` is recorded in
    /// `data-task`.
    static func histogram(_ values: [Double], chart: String, task: String, title: String, axisLabel: String,
                          colour: String) -> String {
        let histogram = Histogram(values: values)
        let width = 480.0, height = 250.0
        let plotLeft = 58.0, plotRight = width - 18, plotTop = 40.0, plotBottom = height - 56
        let maxCount = max(histogram.counts.max() ?? 1, 1)
        let countStep = max(1, Int(Histogram.roundWidth(atLeast: Double(maxCount) / 5).rounded(.up)))
        let yMax = Double(((maxCount + countStep - 1) / countStep) * countStep)
        func x(_ value: Double) -> Double {
            plotLeft + (plotRight - plotLeft) * (value - histogram.start) / max(histogram.end - histogram.start, 1e-300)
        }
        func y(_ count: Double) -> Double { plotBottom - (plotBottom - plotTop) * count / yMax }

        var svg = open(chart: chart, width: width, height: height, label: "\(title) of \(task)", task: task)
        let n = values.count - histogram.omitted
        svg += #"<text class="chart-title" x="\#(f(plotLeft))" y="22">\#(xmlEscaped(title))</text>"#
        svg += #"<text class="row-note" x="\#(f(plotRight))" y="22" text-anchor="end">n = \#(n)\#(histogram.omitted > 0 ? ", \(histogram.omitted) non-finite left out" : "")</text>"#
        for count in stride(from: 0, through: Int(yMax), by: countStep) {
            let ty = y(Double(count))
            svg += #"<line class="grid" x1="\#(f(plotLeft))" y1="\#(f(ty))" x2="\#(f(plotRight))" y2="\#(f(ty))"/>"#
            svg += #"<text class="tick" x="\#(f(plotLeft - 8))" y="\#(f(ty + 4))" text-anchor="end">\#(count)</text>"#
        }
        for (index, count) in histogram.counts.enumerated() where count > 0 {
            let edges = histogram.edges(of: index)
            let left = x(edges.lower) + 1, right = x(edges.upper) - 1
            svg += bar(x: left, y: y(Double(count)), width: max(right - left, 1), height: plotBottom - y(Double(count)),
                       colour: colour, kind: "bin",
                       title: "\(format(edges.lower, step: histogram.binWidth)) to \(format(edges.upper, step: histogram.binWidth)): \(count) episode\(count == 1 ? "" : "s")")
        }
        // Edge labels, thinned to at most 7.
        let edgeCount = histogram.counts.count + 1
        let every = max(1, Int((Double(edgeCount) / 7).rounded(.up)))
        for edge in stride(from: 0, to: edgeCount, by: every) {
            let value = histogram.start + histogram.binWidth * Double(edge)
            svg += #"<line class="axis" x1="\#(f(x(value)))" y1="\#(f(plotBottom))" x2="\#(f(x(value)))" y2="\#(f(plotBottom + 5))"/>"#
            svg += #"<text class="tick" x="\#(f(x(value)))" y="\#(f(plotBottom + 19))" text-anchor="middle">\#(format(value, step: histogram.binWidth))</text>"#
        }
        svg += #"<line class="axis" x1="\#(f(plotLeft))" y1="\#(f(plotBottom))" x2="\#(f(plotRight))" y2="\#(f(plotBottom))"/>"#
        svg += #"<text class="axis-label" x="\#(f((plotLeft + plotRight) / 2))" y="\#(f(height - 12))" text-anchor="middle">\#(xmlEscaped(axisLabel))</text>"#
        svg += #"<text class="axis-label" transform="translate(16 \#(f((plotTop + plotBottom) / 2))) rotate(-90)" text-anchor="middle">episodes</text>"#
        return svg + "</svg>"
    }

    // MARK: Pieces

    private static func open(chart: String, width: Double, height: Double, label: String, task: String? = nil) -> String {
        let taskAttribute = task.map { #" data-task="\#(xmlEscaped($0))""# } ?? ""
        return #"<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="\#(chart)"\#(taskAttribute) viewBox="0 0 \#(f(width)) \#(f(height))" width="\#(f(width))" height="\#(f(height))" role="img" aria-label="\#(xmlEscaped(label))">"#
    }

    /// The 0–100 % axis of the bar charts: a grid line and a label every 20 % across
    /// `plotLeft` … `plotLeft + plotWidth`, from `top` down to `plotBottom`, and `label` below.
    private static func percentAxis(plotLeft: Double, plotWidth: Double, top: Double, plotBottom: Double,
                                    label: String) -> String {
        var svg = ""
        for tick in stride(from: 0, through: 100, by: 20) {
            let tx = plotLeft + plotWidth * (Double(tick) / 100)
            svg += #"<line class="grid" x1="\#(f(tx))" y1="\#(f(top - 6))" x2="\#(f(tx))" y2="\#(f(plotBottom))"/>"#
            svg += #"<text class="tick" x="\#(f(tx))" y="\#(f(plotBottom + 18))" text-anchor="middle">\#(tick)%</text>"#
        }
        svg += #"<text class="axis-label" x="\#(f(plotLeft + plotWidth / 2))" y="\#(f(plotBottom + 44))" text-anchor="middle">\#(label)</text>"#
        return svg
    }

    private static func bar(x: Double, y: Double, width: Double, height: Double, colour: String, kind: String,
                            title: String) -> String {
        #"<rect class="bar \#(kind)" x="\#(f(x))" y="\#(f(y))" width="\#(f(width))" height="\#(f(height))" fill="\#(colour)"><title>\#(xmlEscaped(title))</title></rect>"#
    }

    /// An interval as a horizontal line with end caps.
    private static func whisker(from low: Double, to high: Double, y: Double) -> String {
        #"<path class="whisker" d="M\#(f(low)) \#(f(y)) H\#(f(high)) M\#(f(low)) \#(f(y - 6)) v12 M\#(f(high)) \#(f(y - 6)) v12"/>"#
    }

    /// A coordinate with one decimal.
    static func f(_ value: Double) -> String {
        value.isFinite ? String(format: "%.1f", value) : "0"
    }

    /// An axis value with as many decimals as the step needs (2.5 → 1, 0.25 → 2).
    static func format(_ value: Double, step: Double) -> String {
        var decimals = 0
        var scaled = step
        while decimals < 6, abs(scaled - scaled.rounded()) > 1e-9 * max(1, abs(scaled)) {
            scaled *= 10
            decimals += 1
        }
        let text = String(format: "%.\(decimals)f", value)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }
}
