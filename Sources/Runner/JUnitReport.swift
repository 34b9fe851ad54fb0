// JUnitReport: a regress run as JUnit XML, the format CI systems (GitLab, Jenkins, GitHub
// test reporters) read: one testsuite for the suite, one testcase per task, and a failure
// element with the numbers when the task regressed or fell below its floor.
import Foundation

public enum JUnitReport {
    /// The XML document for `result`:
    ///
    ///     <testsuites name="tground regress" tests= failures= errors="0" time=>
    ///       <testsuite name=SUITE tests= failures= errors="0" skipped="0" time= timestamp=>
    ///         <properties> baseline, alpha, test, build </properties>
    ///         <testcase classname="regress.SUITE" name=TASK time=>
    ///           <failure type="regression,below_floor,episode_errors" (those that apply) message=ONE LINE>details</failure>
    ///           <system-out>counts, rates, interval, z, p</system-out>
    ///         </testcase> …
    public static func xml(for result: RegressionResult) -> String {
        let failures = result.tasks.filter(\.failed).count
        let time = String(format: "%.3f", result.tasks.reduce(0) { $0 + $1.wallSeconds })
        let suite = xmlEscaped(result.suite)
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<testsuites name="tground regress" tests="\#(result.tasks.count)" failures="\#(failures)" errors="0" time="\#(time)">"#,
            #"  <testsuite name="\#(suite)" tests="\#(result.tasks.count)" failures="\#(failures)" errors="0" skipped="0" time="\#(time)" timestamp="\#(xmlEscaped(result.date))">"#,
            "    <properties>",
        ]
        var properties: [(String, String)] = [("suite_file", result.suiteFile)]
        if let baseline = result.baselineFile { properties.append(("baseline", baseline)) }
        properties += [
            ("alpha", String(format: "%g", result.alpha)),
            ("test", "one-sided two-proportion z-test (pooled); regression when p < alpha, or below the suite's floor"),
            ("tground", result.tground), ("build", result.build),
        ]
        for (name, value) in properties {
            lines.append(#"      <property name="\#(xmlEscaped(name))" value="\#(xmlEscaped(value))"/>"#)
        }
        lines.append("    </properties>")
        for task in result.tasks {
            lines.append(#"    <testcase classname="regress.\#(suite)" name="\#(xmlEscaped(task.name))" time="\#(String(format: "%.3f", task.wallSeconds))">"#)
            if let message = task.failureMessage(alpha: result.alpha) {
                let type = [task.dropped ? "regression" : nil, task.belowFloor ? "below_floor" : nil,
                            task.errors > 0 ? "episode_errors" : nil].compactMap { $0 }.joined(separator: ",")
                lines.append(#"      <failure type="\#(type)" message="\#(xmlEscaped(message))">\#(xmlEscaped(details(of: task, alpha: result.alpha)))</failure>"#)
            }
            lines.append("      <system-out>\(xmlEscaped(details(of: task, alpha: result.alpha)))</system-out>")
            lines.append("    </testcase>")
        }
        lines += ["  </testsuite>", "</testsuites>", ""]
        return lines.joined(separator: "\n")
    }

    /// Writes the XML to `path` atomically.
    public static func write(_ result: RegressionResult, to path: String) throws {
        try AtomicFile.write(Data(xml(for: result).utf8), to: path)
    }

    /// The numbers of one task, one per line.
    static func details(of task: TaskVerdict, alpha: Double) -> String {
        var lines = [
            "task \(task.name): scene \(task.scene) (\(task.taskKind)), policy \(task.policy)",
            "current: \(task.successes)/\(task.episodes) = \(formatPercent(task.successRate)), "
                + "95% Wilson interval [\(formatPercent(task.successInterval.low)), \(formatPercent(task.successInterval.high))]",
        ]
        if let test = task.test {
            lines.append("baseline: \(test.baselineSuccesses)/\(test.baselineTrials) = \(formatPercent(test.baselineRate))")
            lines.append(String(format: "one-sided two-proportion z-test (pooled): z = %.3f, p = %@, alpha = %g",
                                test.z, formatPValue(test.dropPValue), alpha))
        }
        if let floor = task.floor { lines.append("floor: \(formatPercent(floor))") }
        if task.errors > 0 { lines.append("episodes that ended in an error: \(task.errors) (first: \(task.firstError ?? "?"))") }
        if !task.failureReasons.isEmpty {
            lines.append("failure reasons: " + task.failureReasons.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                .joined(separator: ", "))
        }
        lines.append("verdict: \(task.verdict)")
        return lines.joined(separator: "\n")
    }
}
