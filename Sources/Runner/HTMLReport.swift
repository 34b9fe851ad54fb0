// HTMLReport: one self-contained HTML page (inline CSS and SVG; no scripts, fonts or
// anything else fetched) for a regress run or batch directories. The page is also
// well-formed XML, so tests (and other tools) can parse it with an XML parser.
import Foundation

public enum HTMLReport {
    /// The page: a verdict banner, success rates (baseline beside current, Wilson whiskers,
    /// floors), the numbers as a table, outcomes per task as stacked bars, and per task
    /// histograms of episode return and cycle time.
    public static func html(for page: ReportPage) -> String {
        var body = header(page)
        if !page.warnings.isEmpty {
            body += #"<section class="card warnings"><h2>Warnings</h2><ul>"#
            body += page.warnings.map { "<li>\(xmlEscaped($0))</li>" }.joined()
            body += "</ul></section>"
        }
        body += section("Success rate per task", id: "success", note: successNote(page),
                        content: SVGCharts.successRates(page.tasks))
        body += section("Baseline against current", id: "table", note: nil, content: table(page))
        body += section("Outcomes per task", id: "outcomes", note: "Each bar splits a task's episodes into successes and failure reasons "
                        + "(hover a segment for the count).", content: SVGCharts.outcomes(page.tasks))
        var distributions = ""
        for task in page.tasks {
            distributions += #"<div class="task-charts"><h3>\#(xmlEscaped(task.name)) <span class="detail">\#(xmlEscaped(task.detail))</span></h3><div class="row">"#
            distributions += SVGCharts.histogram(task.returns, chart: "return-histogram", task: task.name,
                                                 title: "Episode return", axisLabel: "return (sum of rewards)",
                                                 colour: SVGCharts.passColour)
            if task.cycleTimes.isEmpty {
                distributions += #"<p class="empty">No cycle times: the task reports <code>cycle_time</code> only on successful episodes, and none of these did, or the task has no cycle.</p>"#
            } else {
                distributions += SVGCharts.histogram(task.cycleTimes, chart: "cycle-time-histogram", task: task.name,
                                                     title: "Cycle time", axisLabel: "cycle time (s)", colour: "#009e73")
            }
            distributions += "</div></div>"
        }
        body += section("Return and cycle time", id: "distributions", note: "Histograms over each task's episodes.",
                        content: distributions)
        body += footer(page)
        return """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(xmlEscaped(page.title))</title>
            <style>
            \(css)
            </style>
            </head>
            <body>
            <main>
            \(body)
            </main>
            </body>
            </html>

            """
    }

    /// Writes the page to `path` atomically.
    public static func write(_ page: ReportPage, to path: String) throws {
        try AtomicFile.write(Data(html(for: page).utf8), to: path)
    }

    // MARK: Parts

    private static func header(_ page: ReportPage) -> String {
        var html = #"<header class="card"><h1>\#(xmlEscaped(page.title))</h1>"#
        if let failed = page.failed {
            let failing = page.tasks.filter(\.failed).count
            let text = failed ? "FAIL — \(failing) of \(page.tasks.count) task\(page.tasks.count == 1 ? "" : "s") failed the gate"
                              : "PASS — all \(page.tasks.count) task\(page.tasks.count == 1 ? "" : "s") held their success rate"
            html += #"<p class="banner \#(failed ? "fail" : "pass")">\#(xmlEscaped(text))</p>"#
        }
        let episodes = page.tasks.reduce(0) { $0 + $1.episodes }
        let successes = page.tasks.reduce(0) { $0 + $1.successes }
        html += #"<p class="totals">\#(page.tasks.count) task\#(page.tasks.count == 1 ? "" : "s"), \#(episodes) episodes, \#(successes) successes</p>"#
        html += #"<ul class="facts">"# + page.facts.map { "<li>\(xmlEscaped($0))</li>" }.joined() + "</ul></header>"
        return html
    }

    private static func successNote(_ page: ReportPage) -> String {
        var note = "Bars are success rates; whiskers are 95% Wilson score intervals."
        if page.tasks.contains(where: \.hasBaseline) { note += " The grey bar above each task is its baseline." }
        if page.tasks.contains(where: { $0.floor != nil }) { note += " A dashed red line marks the suite's floor." }
        return note
    }

    private static func section(_ title: String, id: String, note: String?, content: String) -> String {
        var html = #"<section class="card" id="\#(id)"><h2>\#(xmlEscaped(title))</h2>"#
        if let note { html += #"<p class="note">\#(xmlEscaped(note))</p>"# }
        return html + #"<div class="figure">\#(content)</div></section>"#
    }

    /// The numbers behind the success chart.
    private static func table(_ page: ReportPage) -> String {
        var html = "<table><thead><tr><th>task</th><th>baseline</th><th>current</th><th>95% interval</th>"
            + "<th>change</th><th>z</th><th>p (drop)</th><th>floor</th><th>verdict</th></tr></thead><tbody>"
        for task in page.tasks {
            let interval = task.successInterval
            let baseline = task.baselineRate.map {
                "\(formatPercent($0)) <span class=\"count\">\(task.baselineSuccesses ?? 0)/\(task.baselineEpisodes ?? 0)</span>"
            } ?? "—"
            let change = task.baselineRate.map { String(format: "%+.1f pp", (task.successRate - $0) * 100) } ?? "—"
            let verdictClass = task.verdict == nil ? "none" : (task.failed ? "fail" : "pass")
            html += "<tr><th scope=\"row\">\(xmlEscaped(task.name))<div class=\"detail\">\(xmlEscaped(task.detail))</div></th>"
                + "<td>\(baseline)</td>"
                + "<td>\(formatPercent(task.successRate)) <span class=\"count\">\(task.successes)/\(task.episodes)</span></td>"
                + "<td>\(formatPercent(interval.low)) – \(formatPercent(interval.high))</td>"
                + "<td>\(change)</td>"
                + "<td>\(task.test.flatMap { $0.standardError > 0 ? String(format: "%.2f", $0.z) : nil } ?? "—")</td>"
                + "<td>\(task.test.map { formatPValue($0.dropPValue) } ?? "—")</td>"
                + "<td>\(task.floor.map(formatPercent) ?? "—")</td>"
                + "<td><span class=\"verdict \(verdictClass)\">\(xmlEscaped(task.verdict ?? "not judged"))</span></td></tr>"
        }
        return html + "</tbody></table>"
    }

    private static func footer(_ page: ReportPage) -> String {
        var text = "Success-rate intervals are 95% Wilson score intervals."
        if let alpha = page.alpha {
            text += String(format: " A task regresses when a one-sided two-proportion z-test (pooled standard error) "
                           + "finds its success rate lower than the baseline's at α = %g (p < α); a suite run also fails "
                           + "a task below its floor or with an episode that ended in an error.", alpha)
        }
        return #"<footer><p>\#(xmlEscaped(text))</p><p>Written by tground \#(xmlEscaped(TrainingGroundVersion)) (report). Self-contained: no scripts, fonts or network.</p></footer>"#
    }

    static let css = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #f2f4f7; color: #1f2933;
               font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
        main { max-width: 1100px; margin: 0 auto; padding: 24px 20px 40px; }
        .card { background: #fff; border: 1px solid #e4e7eb; border-radius: 10px; padding: 20px 24px; margin: 0 0 18px;
                box-shadow: 0 1px 2px rgba(31, 41, 51, 0.06); }
        h1 { font-size: 26px; margin: 0 0 10px; letter-spacing: -0.01em; }
        h2 { font-size: 19px; margin: 0 0 4px; }
        h3 { font-size: 16px; margin: 18px 0 6px; }
        h3 .detail { font-weight: 400; color: #7b8794; font-size: 13px; margin-left: 8px; }
        .note, .totals { color: #52606d; margin: 0 0 12px; }
        .facts { list-style: none; margin: 0; padding: 0; color: #52606d; font-size: 13px; }
        .facts li { display: inline; }
        .facts li + li::before { content: " · "; color: #9aa5b1; }
        .banner { font-size: 18px; font-weight: 650; padding: 10px 16px; border-radius: 8px; margin: 0 0 10px; }
        .banner.pass { background: #e3f9e5; color: #05603a; border: 1px solid #a3e4b0; }
        .banner.fail { background: #ffe3e3; color: #8a1c1c; border: 1px solid #f5a3a3; }
        .warnings { border-color: #f0b429; background: #fffbea; }
        .figure { overflow-x: auto; }
        svg.chart { display: block; max-width: 100%; height: auto; }
        svg text { font-family: inherit; font-size: 12.5px; fill: #3e4c59; }
        svg .row-label { font-size: 13.5px; font-weight: 600; fill: #1f2933; }
        svg .row-note { font-size: 11.5px; fill: #7b8794; }
        svg .tick { font-size: 11.5px; fill: #616e7c; }
        svg .axis-label { font-size: 12.5px; fill: #3e4c59; font-weight: 600; }
        svg .chart-title { font-size: 14px; font-weight: 650; fill: #1f2933; }
        svg .value { font-variant-numeric: tabular-nums; fill: #1f2933; }
        svg .value.muted { fill: #7b8794; }
        svg .value.bad { fill: #b91c1c; font-weight: 650; }
        svg .segment-label { font-size: 12px; font-weight: 650; }
        svg .segment-label.on-dark { fill: #ffffff; }
        svg .segment-label.on-light { fill: #1f2933; }
        svg .grid { stroke: #e4e7eb; stroke-width: 1; }
        svg .axis { stroke: #9aa5b1; stroke-width: 1; }
        svg .whisker { stroke: #1f2933; stroke-width: 1.6; fill: none; }
        svg .floor { stroke: #b91c1c; stroke-width: 2; stroke-dasharray: 5 3; fill: none; }
        svg rect.bar:hover { opacity: 0.85; }
        .row { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
        .task-charts { border-top: 1px solid #e4e7eb; }
        .task-charts:first-child { border-top: none; }
        .empty { flex: 1 1 300px; color: #7b8794; font-size: 13px; padding: 40px 16px; margin: 0; }
        table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
        table { font-size: 14px; }
        th, td { text-align: right; padding: 7px 8px; border-bottom: 1px solid #e4e7eb; white-space: nowrap; }
        td:last-child { white-space: normal; text-align: left; }
        tbody th { white-space: normal; }
        th:first-child, thead th:first-child, thead th:last-child { text-align: left; }
        thead th { font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: #616e7c; }
        tbody th { font-weight: 600; }
        .detail { font-size: 12px; color: #7b8794; font-weight: 400; }
        .count { color: #7b8794; font-size: 12.5px; }
        .verdict { display: inline-block; white-space: nowrap; padding: 2px 10px; border-radius: 999px; font-size: 12.5px; font-weight: 650; }
        .verdict.pass { background: #e3f9e5; color: #05603a; }
        .verdict.fail { background: #ffe3e3; color: #8a1c1c; }
        .verdict.none { background: #f2f4f7; color: #616e7c; }
        code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.92em; }
        footer { color: #7b8794; font-size: 13px; padding: 0 4px; }
        """
}
