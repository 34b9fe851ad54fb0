// MarkdownReport: a report page as a Markdown table — for READMEs and CI summaries. One row
// per task: episodes, successes, the success rate with its 95% Wilson interval, the mean
// cycle time, the failure reasons, and the task metrics a reader asks for by name.
import Foundation

public enum MarkdownReport {
    /// The table. `metrics` are extra columns (mean over episodes reporting them), e.g.
    /// `parts_per_minute`; a task without the metric shows `–`.
    public static func markdown(for page: ReportPage, metrics: [String] = []) -> String {
        var header = ["Task", "Policy", "Episodes", "Successes", "Success rate", "95% interval", "Mean cycle (s)"]
        header += metrics
        header.append("Failures")
        var lines = [row(header), row(header.map { _ in "---" })]
        for task in page.tasks {
            let interval = task.successInterval
            let cycle = task.cycleTimes.filter(\.isFinite)
            var cells = [task.name, policy(of: task), "\(task.episodes)", "\(task.successes)",
                         percent(task.successRate), "\(percent(interval.low)) – \(percent(interval.high))",
                         cycle.isEmpty ? "–" : String(format: "%.1f", cycle.reduce(0, +) / Double(cycle.count))]
            cells += metrics.map { name in task.metricMeans[name].map { String(format: "%.2f", $0) } ?? "–" }
            let failures = task.failureReasons.filter { $0.value > 0 }.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            cells.append(failures.isEmpty ? "–" : failures.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            lines.append(row(cells))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func row(_ cells: [String]) -> String {
        "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
    }

    static func percent(_ value: Double) -> String { String(format: "%.0f%%", value * 100) }

    /// The policy from the task's detail line (`… · policy expert · …`).
    static func policy(of task: ReportTask) -> String {
        for part in task.detail.components(separatedBy: " · ") where part.hasPrefix("policy ") {
            return String(part.dropFirst("policy ".count))
        }
        return "–"
    }
}
