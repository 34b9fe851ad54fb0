// RegressionResult: a suite's runs set against its baseline — per task the current rate
// with its Wilson interval, the baseline's, the z-test's p-value and a verdict — as a
// table for people and JSON for machines. Also turns runs into a new baseline.
import Foundation

/// The verdict on one task.
public struct TaskVerdict: Codable, Sendable, Equatable {
    public var name: String
    public var scene: String
    public var taskKind: String
    public var policy: String
    public var episodes: Int
    public var successes: Int
    public var successRate: Double
    public var successInterval: WilsonInterval
    /// The baseline's counts; nil when the task was not compared (writing a baseline).
    public var baselineSuccesses: Int?
    public var baselineEpisodes: Int?
    /// The one-sided two-proportion z-test against the baseline.
    public var test: ProportionTest?
    public var floor: Double?
    /// The drop is significant at α.
    public var dropped: Bool
    /// The current rate is below the suite's floor.
    public var belowFloor: Bool
    /// The rise is significant at α (worth a new baseline; not a failure).
    public var improved: Bool
    /// Episodes that ended in an error (an exception: a bug, not a statistic) and the first
    /// such reason. Any is a failure, whatever the rates.
    public var errors: Int
    public var firstError: String?
    public var failureReasons: [String: Int]
    public var wallSeconds: Double

    enum CodingKeys: String, CodingKey {
        case name, scene, policy, episodes, successes, test, floor, dropped, improved
        case taskKind = "task", successRate = "success_rate", successInterval = "success_interval"
        case baselineSuccesses = "baseline_successes", baselineEpisodes = "baseline_episodes"
        case belowFloor = "below_floor", failureReasons = "failure_reasons", wallSeconds = "wall_seconds"
        case errors, firstError = "first_error"
    }

    public var failed: Bool { dropped || belowFloor || errors > 0 }

    public var baselineRate: Double? {
        guard let successes = baselineSuccesses, let episodes = baselineEpisodes, episodes > 0 else { return nil }
        return Double(successes) / Double(episodes)
    }

    public var baselineInterval: WilsonInterval? {
        guard let successes = baselineSuccesses, let episodes = baselineEpisodes else { return nil }
        return WilsonInterval(successes: successes, trials: episodes)
    }

    /// `pass`, `pass (improved)`, or what failed: `REGRESSED`, `BELOW FLOOR`, `ERRORS`,
    /// joined with commas when several did.
    public var verdict: String {
        guard failed else { return improved ? "pass (improved)" : "pass" }
        return [dropped ? "REGRESSED" : nil, belowFloor ? "BELOW FLOOR" : nil, errors > 0 ? "ERRORS" : nil]
            .compactMap { $0 }.joined(separator: ", ")
    }

    /// Why the task failed, with the numbers (nil when it passed).
    public func failureMessage(alpha: Double) -> String? {
        guard failed else { return nil }
        var parts: [String] = []
        if dropped, let test {
            parts.append(String(format: "success rate dropped from %@ (%d/%d) to %@ (%d/%d): z = %.2f, one-sided p = %@ < α = %g",
                                formatPercent(test.baselineRate), test.baselineSuccesses, test.baselineTrials,
                                formatPercent(test.currentRate), test.currentSuccesses, test.currentTrials, test.z,
                                formatPValue(test.dropPValue), alpha))
        }
        if belowFloor, let floor {
            parts.append(String(format: "success rate %@ (%d/%d, 95%% interval %@–%@) is below the floor %@",
                                formatPercent(successRate), successes, episodes, formatPercent(successInterval.low),
                                formatPercent(successInterval.high), formatPercent(floor)))
        }
        if errors > 0 {
            parts.append("\(errors) episode\(errors == 1 ? "" : "s") ended in an error (\(firstError ?? "error"))")
        }
        return parts.joined(separator: "; ")
    }
}

/// A whole regress run.
///
/// JSON: `suite`, `suite_file`, `baseline_file` (null when writing one), `alpha`, `tground`,
/// `build`, `date`, `tasks` (TaskVerdict: counts, rates, Wilson interval, `test` with the
/// counts compared, flags), `warnings`, `failed`.
public struct RegressionResult: Encodable, Sendable, Equatable {
    public var suite: String
    public var suiteFile: String
    public var baselineFile: String?
    public var alpha: Double
    public var tground: String
    public var build: String
    public var date: String
    public var tasks: [TaskVerdict]
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case suite, alpha, tground, build, date, tasks, warnings, failed
        case suiteFile = "suite_file", baselineFile = "baseline_file"
    }

    public static let defaultAlpha = 0.01

    public var failed: Bool { tasks.contains(where: \.failed) }

    /// Sets `runs` against `baseline` (nil: only floors are checked, as when writing one).
    public init(suite: RegressionSuite, runs: [TaskRun], baseline: RegressionBaseline?, baselineFile: String?,
                alpha: Double = RegressionResult.defaultAlpha, warnings: [String] = [], date: Date = Date()) {
        self.suite = suite.name
        suiteFile = suite.file
        self.baselineFile = baselineFile
        self.alpha = alpha
        tground = TrainingGroundVersion
        build = BuildIdentity.current.description
        self.date = ISO8601DateFormatter().string(from: date)
        self.warnings = warnings
        tasks = runs.map { run in
            let summary = run.summary
            let held = baseline?.task(named: run.task.name)
            let test = held.map {
                ProportionTest(baselineSuccesses: $0.successes, baselineTrials: $0.episodes,
                               currentSuccesses: summary.successes, currentTrials: summary.episodes)
            }
            let rate = summary.successRate ?? 0
            let errored = run.records.compactMap(\.failureReason).filter { $0.hasPrefix("error") }
            return TaskVerdict(
                name: run.task.name, scene: run.sceneName, taskKind: run.taskKind, policy: run.task.policy,
                episodes: summary.episodes, successes: summary.successes, successRate: rate,
                successInterval: summary.successInterval, baselineSuccesses: held?.successes,
                baselineEpisodes: held?.episodes, test: test, floor: run.task.floor,
                dropped: test?.dropped(alpha: alpha) ?? false, belowFloor: run.task.floor.map { rate < $0 } ?? false,
                improved: test?.rose(alpha: alpha) ?? false, errors: errored.count, firstError: errored.first,
                failureReasons: summary.failureReasons, wallSeconds: run.wallSeconds)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(suite, forKey: .suite)
        try container.encode(suiteFile, forKey: .suiteFile)
        try container.encode(baselineFile, forKey: .baselineFile)
        try container.encode(alpha, forKey: .alpha)
        try container.encode(tground, forKey: .tground)
        try container.encode(build, forKey: .build)
        try container.encode(date, forKey: .date)
        try container.encode(tasks, forKey: .tasks)
        try container.encode(warnings, forKey: .warnings)
        try container.encode(failed, forKey: .failed)
    }

    public func jsonData() throws -> Data {
        try ResultJSON.encoder(ResultJSON.fileFormatting).encode(self) + Data("\n".utf8)
    }

    /// Writes the JSON to `path` atomically.
    public func write(to path: String) throws {
        try AtomicFile.write(try jsonData(), to: path)
    }

    /// The table people read: task, baseline rate, current rate with its 95% Wilson interval,
    /// p-value, floor, verdict; failure reasons and the test below it.
    public func table() -> String {
        let header = ["task", "episodes", "baseline", "current", "95% Wilson", "p (drop)", "floor", "verdict"]
        let rows: [[String]] = tasks.map { task in
            [
                task.name, "\(task.episodes)",
                task.baselineRate.map { "\(formatPercent($0)) (\(task.baselineSuccesses ?? 0)/\(task.baselineEpisodes ?? 0))" } ?? "—",
                "\(formatPercent(task.successRate)) (\(task.successes)/\(task.episodes))",
                "[\(formatPercent(task.successInterval.low)), \(formatPercent(task.successInterval.high))]",
                task.test.map { formatPValue($0.dropPValue) } ?? "—",
                task.floor.map(formatPercent) ?? "—",
                task.verdict,
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            let text = cells.enumerated().map { index, cell in
                index == 0 || index == cells.count - 1 ? padded(cell, to: widths[index]) : rightAligned(cell, to: widths[index])
            }.joined(separator: "  ")
            return String(text.reversed().drop { $0 == " " }.reversed())
        }
        var lines = [line(header)] + rows.map(line)
        for task in tasks where !task.failureReasons.isEmpty {
            let reasons = task.failureReasons.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("failures \(task.name): \(reasons)")
        }
        if baselineFile != nil {
            lines.append(String(format: "test: one-sided two-proportion z-test (pooled), regression when p < α = %g; "
                                + "also failing: a rate below the suite's floor, an episode that ended in an error", alpha))
        }
        let failedCount = tasks.filter(\.failed).count
        lines.append(failedCount == 0 ? "result: pass (\(tasks.count) task\(tasks.count == 1 ? "" : "s"))"
                                      : "result: FAIL (\(failedCount) of \(tasks.count) task\(tasks.count == 1 ? "" : "s") failed the gate)")
        return lines.joined(separator: "\n")
    }
}

extension RegressionBaseline {
    /// The baseline these runs make (for `--write-baseline`).
    public init(suite: RegressionSuite, runs: [TaskRun], written: Date? = Date()) {
        self.init(suite: suite.name, tasks: runs.map { run in
            BaselineTask(name: run.task.name, scene: run.task.scene, sceneName: run.sceneName,
                         sceneHash: hexHash(run.sceneHash), overrides: run.task.overrides, policy: run.task.policy,
                         seed: run.task.seed, episodes: run.summary.episodes, successes: run.summary.successes,
                         failureReasons: run.summary.failureReasons, failedSeeds: run.failedSeeds)
        }, written: written)
    }
}

/// `87.5%`.
func formatPercent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }

/// A p-value as people read it: `0.0123`, `3.1e-05`, `1`.
func formatPValue(_ value: Double) -> String {
    if value >= 0.9995 { return "1" }
    if value >= 0.001 { return String(format: "%.3f", value) }
    return String(format: "%.1e", value)
}
