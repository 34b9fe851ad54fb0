// BatchSummary: what a batch of episodes came to, per task — `DIR/summary.json` and the
// table `tground batch` and `tground merge` print. Built from episode records alone, in a
// fixed order, so the same episodes give the same summary however they were run.
import Foundation

/// The summary of a batch directory (or of merged shard directories).
///
/// JSON (`summary.json`, snake case): `format` (1), `policy`, `seed` (the batch seed),
/// `episodes_planned`, `episodes_done`, `complete`, `tasks` (one `TaskSummary` per scene, in
/// the order the scenes were given), `failure_reasons` (counts over all tasks) and `run`
/// (timing of the session that wrote the file; the only part that differs between two runs
/// of the same episodes).
public struct BatchSummary: Codable, Sendable, Equatable {
    public var format: Int
    public var policy: String
    public var seed: UInt64
    public var episodesPlanned: Int
    public var episodesDone: Int
    public var complete: Bool
    public var tasks: [TaskSummary]
    public var failureReasons: [String: Int]
    public var run: BatchRunInfo?

    public static let formatVersion = 1

    enum CodingKeys: String, CodingKey {
        case format, policy, seed, complete, tasks, run
        case episodesPlanned = "episodes_planned", episodesDone = "episodes_done", failureReasons = "failure_reasons"
    }

    public init(format: Int = BatchSummary.formatVersion, policy: String, seed: UInt64, episodesPlanned: Int,
                episodesDone: Int, tasks: [TaskSummary], failureReasons: [String: Int], run: BatchRunInfo?) {
        self.format = format
        self.policy = policy
        self.seed = seed
        self.episodesPlanned = episodesPlanned
        self.episodesDone = episodesDone
        self.complete = episodesDone >= episodesPlanned
        self.tasks = tasks
        self.failureReasons = failureReasons
        self.run = run
    }

    /// Summarises `records` (any order) into one row per `(scene, task)` of `rows`, in that
    /// order; records of scenes not in `rows` are ignored.
    public init(records: [EpisodeRecord], rows: [(scene: String, task: String)], policy: String, seed: UInt64,
                episodesPlanned: Int, run: BatchRunInfo?) {
        // A fixed order, so floating-point sums do not depend on finishing order.
        let sorted = records.sorted { ($0.scene, $0.episode, $0.seed) < ($1.scene, $1.episode, $1.seed) }
        var byScene: [String: [EpisodeRecord]] = [:]
        for record in sorted { byScene[record.scene, default: []].append(record) }
        let tasks = rows.map { TaskSummary(scene: $0.scene, task: $0.task, records: byScene[$0.scene] ?? []) }
        var reasons: [String: Int] = [:]
        for task in tasks { reasons.merge(task.failureReasons, uniquingKeysWith: +) }
        self.init(policy: policy, seed: seed, episodesPlanned: episodesPlanned,
                  episodesDone: tasks.reduce(0) { $0 + $1.episodes }, tasks: tasks, failureReasons: reasons, run: run)
    }

    /// The summary without any timing: what must be identical between two runs of the same
    /// episodes (e.g. a single run and merged shards).
    public func outcomesOnly() -> BatchSummary {
        var copy = self
        copy.run = nil
        copy.tasks = tasks.map { var task = $0; task.timing = nil; return task }
        return copy
    }

    // MARK: Files

    public func jsonData() throws -> Data {
        try ResultJSON.encoder(ResultJSON.fileFormatting).encode(self)
    }

    /// Writes the summary to `path` atomically (a temporary file renamed into place).
    public func write(to path: String) throws {
        try AtomicFile.write(try jsonData() + Data("\n".utf8), to: path)
    }

    /// Reads a `summary.json`.
    public static func read(from path: String) throws -> BatchSummary {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BatchError("cannot read \(path)")
        }
        do {
            return try ResultJSON.decoder().decode(BatchSummary.self, from: data)
        } catch {
            throw BatchError("\(path): not a batch summary (\(error))")
        }
    }

    // MARK: Table

    /// The per-task table people read, with failure reasons and the run's throughput below it.
    public func table() -> String {
        let header = ["scene", "task", "episodes", "success", "95% interval", "mean return", "mean cycle", "steps/s/worker"]
        var rows: [[String]] = []
        for task in tasks {
            rows.append([
                task.scene, task.task, "\(task.episodes)",
                task.successRate.map { percent($0) } ?? "—",
                task.episodes > 0 ? "[\(percent(task.successInterval.low)), \(percent(task.successInterval.high))]" : "—",
                task.meanReturn.map { String(format: "%.3f", $0) } ?? "—",
                task.meanCycleTime.map { String(format: "%.2f s", $0) } ?? "—",
                task.timing.map { String(format: "%.0f", $0.stepsPerSecond) } ?? "—",
            ])
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index < 2 ? padded(cell, to: widths[index]) : rightAligned(cell, to: widths[index])
            }.joined(separator: "  ")
        }
        var lines = [line(header)] + rows.map(line)
        for task in tasks where !task.failureReasons.isEmpty {
            let reasons = task.failureReasons.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("failures \(task.scene): \(reasons)")
        }
        lines.append("episodes: \(episodesDone) of \(episodesPlanned) done" + (complete ? "" : " (incomplete)")
                     + "  policy \(policy)  seed \(seed)")
        if let run {
            lines.append(String(format: "run: %d episodes in %.2f s on %d worker%@: %.2f episodes/s, %.0f physics steps/s aggregate",
                                run.episodesRun, run.wallSeconds, run.workers, run.workers == 1 ? "" : "s",
                                run.episodesPerSecond, run.stepsPerSecond) + (run.interrupted ? " (interrupted)" : ""))
        }
        return lines.joined(separator: "\n")
    }

    private func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
}

/// One task's (scene's) row of a batch summary.
///
/// JSON: `scene`, `task`, `episodes`, `successes`, `success_rate` (null with no episodes),
/// `success_interval` ({low, high}: the 95% Wilson interval), `mean_return`, `mean_length`
/// (control steps), `mean_cycle_time` (s, over the episodes whose task reported
/// `cycle_time`; null when none did), `cycle_time_episodes`, `failure_reasons` (counts),
/// `physics_steps`, and `timing` ({wall_seconds: summed over episodes, steps_per_second:
/// physics steps per wall second of one worker}).
public struct TaskSummary: Codable, Sendable, Equatable {
    public var scene: String
    public var task: String
    public var episodes: Int
    public var successes: Int
    public var successRate: Double?
    public var successInterval: WilsonInterval
    public var meanReturn: Double?
    public var meanLength: Double?
    public var meanCycleTime: Double?
    public var cycleTimeEpisodes: Int
    public var failureReasons: [String: Int]
    public var physicsSteps: Int
    public var timing: TaskTiming?

    enum CodingKeys: String, CodingKey {
        case scene, task, episodes, successes, timing
        case successRate = "success_rate", successInterval = "success_interval", meanReturn = "mean_return"
        case meanLength = "mean_length", meanCycleTime = "mean_cycle_time", cycleTimeEpisodes = "cycle_time_episodes"
        case failureReasons = "failure_reasons", physicsSteps = "physics_steps"
    }

    /// Summarises `records` (all of this scene), in the order given.
    public init(scene: String, task: String, records: [EpisodeRecord]) {
        self.scene = scene
        self.task = task
        episodes = records.count
        successes = records.filter(\.success).count
        let n = Double(records.count)
        successRate = records.isEmpty ? nil : Double(successes) / n
        successInterval = WilsonInterval(successes: successes, trials: records.count)
        meanReturn = records.isEmpty ? nil : records.reduce(0) { $0 + $1.episodeReturn } / n
        meanLength = records.isEmpty ? nil : Double(records.reduce(0) { $0 + $1.length }) / n
        let cycleTimes = records.compactMap(\.cycleTime)
        cycleTimeEpisodes = cycleTimes.count
        meanCycleTime = cycleTimes.isEmpty ? nil : cycleTimes.reduce(0, +) / Double(cycleTimes.count)
        var reasons: [String: Int] = [:]
        for record in records { if let reason = record.failureReason { reasons[reason, default: 0] += 1 } }
        failureReasons = reasons
        physicsSteps = records.reduce(0) { $0 + $1.physicsSteps }
        let wall = records.reduce(0) { $0 + $1.wallSeconds }
        timing = records.isEmpty ? nil : TaskTiming(wallSeconds: wall, stepsPerSecond: Double(physicsSteps) / max(wall, 1e-9))
    }
}

/// Timing of one task's episodes.
public struct TaskTiming: Codable, Sendable, Equatable {
    /// Wall time summed over the episodes (s).
    public var wallSeconds: Double
    /// Physics steps per wall second of one worker.
    public var stepsPerSecond: Double

    enum CodingKeys: String, CodingKey {
        case wallSeconds = "wall_seconds", stepsPerSecond = "steps_per_second"
    }

    public init(wallSeconds: Double, stepsPerSecond: Double) {
        self.wallSeconds = wallSeconds
        self.stepsPerSecond = stepsPerSecond
    }
}

/// Throughput of the session that wrote a summary (for merged shards: wall is the
/// longest shard's, workers, episodes and steps/s are summed, as if the shards ran at once).
public struct BatchRunInfo: Codable, Sendable, Equatable {
    public var workers: Int
    /// Episodes this session ran (resumed ones not counted).
    public var episodesRun: Int
    public var wallSeconds: Double
    public var episodesPerSecond: Double
    /// Physics steps per wall second over all workers.
    public var stepsPerSecond: Double
    /// The session stopped early (SIGINT/SIGTERM).
    public var interrupted: Bool

    enum CodingKeys: String, CodingKey {
        case workers, interrupted
        case episodesRun = "episodes_run", wallSeconds = "wall_seconds", episodesPerSecond = "episodes_per_second"
        case stepsPerSecond = "steps_per_second"
    }

    public init(workers: Int, episodesRun: Int, wallSeconds: Double, episodesPerSecond: Double, stepsPerSecond: Double,
                interrupted: Bool) {
        self.workers = workers
        self.episodesRun = episodesRun
        self.wallSeconds = wallSeconds
        self.episodesPerSecond = episodesPerSecond
        self.stepsPerSecond = stepsPerSecond
        self.interrupted = interrupted
    }
}
