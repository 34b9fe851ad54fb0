// `tground bench batch`: what a batch costs — episodes/s with 1 and 2 workers (the scaling
// ratio), what logging and recording take off throughput, and resident memory over many
// episodes. Figures are measured and printed, never asserted.
import Foundation
import Tasks

/// What the batch benchmark runs.
public struct BatchBenchConfiguration: Sendable {
    public var scenePath: String
    /// Episode length of the throughput cases (s, overrides `task.episode_seconds`).
    public var episodeSeconds: Double
    /// Episodes per throughput case and repeat.
    public var episodes: Int
    /// Times each throughput case runs; the median is reported.
    public var repeats: Int
    /// Episodes of the memory case, and their length (s): short, since memory growth comes
    /// from building and freeing worlds, not from stepping them.
    public var memoryEpisodes: Int
    public var memoryEpisodeSeconds: Double
    public var policy: PolicyKind

    public init(scenePath: String = "Scenes/stand_push.yaml", episodeSeconds: Double = 2, episodes: Int = 24,
                repeats: Int = 3, memoryEpisodes: Int = 1000, memoryEpisodeSeconds: Double = 0.1,
                policy: PolicyKind = .zero) {
        self.scenePath = scenePath
        self.episodeSeconds = episodeSeconds
        self.episodes = episodes
        self.repeats = repeats
        self.memoryEpisodes = memoryEpisodes
        self.memoryEpisodeSeconds = memoryEpisodeSeconds
        self.policy = policy
    }
}

/// One throughput case: `workers` threads, with or without the log and records.
public struct BatchBenchThroughput: Codable, Sendable {
    /// "plain" (nothing written), "logged" (episodes.jsonl + summary, fsync per episode) or
    /// "logged+recorded" (also a record file per episode).
    public var caseName: String
    public var workers: Int
    public var episodes: Int
    /// Median wall seconds of the batch.
    public var seconds: Double
    public var episodesPerSecond: Double
    public var physicsStepsPerSecond: Double
    /// Median process CPU time (user + system) per episode, s: unlike wall time, not skewed by
    /// other processes competing for the cores.
    public var cpuSecondsPerEpisode: Double

    enum CodingKeys: String, CodingKey {
        case caseName = "case", workers, episodes, seconds
        case episodesPerSecond = "episodes_per_second", physicsStepsPerSecond = "physics_steps_per_second"
        case cpuSecondsPerEpisode = "cpu_seconds_per_episode"
    }
}

/// Logging and recording timed piece by piece — robust to a busy machine, unlike the
/// difference of two throughputs.
public struct BatchBenchOverhead: Codable, Sendable {
    /// Appending one episodes.jsonl line with fdatasync, s.
    public var logAppendSeconds: Double
    /// Writing one episode's .tgrec (atomic, fsync), s.
    public var recordWriteSeconds: Double
    /// One World.stateHash() (snapshot + FNV-1a), s, and how many a recorded episode takes.
    public var stateHashSeconds: Double
    public var stateHashes: Int
    /// CPU time of one plain episode (1 worker), s.
    public var plainEpisodeSeconds: Double
    /// (log + record + hashes) ÷ plain episode, percent.
    public var estimatedCostPercent: Double

    enum CodingKeys: String, CodingKey {
        case logAppendSeconds = "log_append_seconds", recordWriteSeconds = "record_write_seconds"
        case stateHashSeconds = "state_hash_seconds", stateHashes = "state_hashes"
        case plainEpisodeSeconds = "plain_episode_seconds", estimatedCostPercent = "estimated_cost_percent"
    }
}

/// Resident memory over a long batch.
public struct BatchBenchMemory: Codable, Sendable {
    public var workers: Int
    public var episodes: Int
    /// VmRSS before the batch, after warm-up (a fifth of the episodes, at least 10), at the end (bytes).
    public var rssBefore: Int
    public var rssAfterWarmUp: Int
    public var rssAtEnd: Int
    /// (end − warm-up) per 100 episodes after warm-up, bytes.
    public var growthPer100Episodes: Double
    /// (end − before) / workers, bytes.
    public var perWorker: Double
    /// VmRSS after each tenth of the episodes (bytes), to see where it levels off.
    public var rssByTenth: [Int]

    enum CodingKeys: String, CodingKey {
        case workers, episodes
        case rssByTenth = "rss_by_tenth"
        case rssBefore = "rss_before", rssAfterWarmUp = "rss_after_warm_up", rssAtEnd = "rss_at_end"
        case growthPer100Episodes = "growth_per_100_episodes", perWorker = "per_worker"
    }
}

public struct BatchBenchReport: Codable, Sendable {
    public var throughput: [BatchBenchThroughput]
    /// episodes/s with 2 workers ÷ with 1 (plain).
    public var scaling: Double
    /// Throughput lost to logging, and to logging + recording, with 2 workers (percent of plain).
    public var loggingCostPercent: Double
    public var loggingAndRecordingCostPercent: Double
    /// The same costs as extra CPU time per episode (percent of plain 2-worker CPU per episode).
    public var loggingCPUCostPercent: Double
    public var loggingAndRecordingCPUCostPercent: Double
    public var memory: [BatchBenchMemory]
    /// What logging and recording cost, timed piece by piece (fastest of several tries).
    public var overhead: BatchBenchOverhead
    /// The machine's 1-minute load average before and after (from /proc/loadavg): above the
    /// core count, other processes took CPU and the wall-time figures are not representative.
    public var loadAverage: [Double]
    public var cores: Int

    enum CodingKeys: String, CodingKey {
        case throughput, scaling, memory, cores
        case loggingCostPercent = "logging_cost_percent", loggingAndRecordingCostPercent = "logging_and_recording_cost_percent"
        case loggingCPUCostPercent = "logging_cpu_cost_percent"
        case loggingAndRecordingCPUCostPercent = "logging_and_recording_cpu_cost_percent"
        case loadAverage = "load_average", overhead
    }

    public func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    public func table() -> String {
        var lines = ["case              workers  episodes   seconds  episodes/s  physics steps/s  CPU s/episode"]
        for row in throughput {
            lines.append(padded(row.caseName, to: 16) + "  " + rightAligned("\(row.workers)", to: 7) + "  "
                         + rightAligned("\(row.episodes)", to: 8) + "  " + rightAligned(String(format: "%.3f", row.seconds), to: 8)
                         + "  " + rightAligned(String(format: "%.2f", row.episodesPerSecond), to: 10) + "  "
                         + rightAligned(String(format: "%.0f", row.physicsStepsPerSecond), to: 15) + "  "
                         + rightAligned(String(format: "%.4f", row.cpuSecondsPerEpisode), to: 13))
        }
        lines.append(String(format: "scaling: 2 workers deliver %.2f× the episodes/s of 1", scaling))
        lines.append(String(format: "cost of logging: %.1f%% of throughput (%.1f%% CPU per episode); "
                            + "of logging + recording: %.1f%% (%.1f%% CPU)", loggingCostPercent, loggingCPUCostPercent,
                            loggingAndRecordingCostPercent, loggingAndRecordingCPUCostPercent))
        lines.append(String(format: "overhead per episode, timed directly: log line %.2f ms, record file %.2f ms, "
                            + "%d state hashes × %.3f ms; %.2f%% of a plain episode's %.3f s", overhead.logAppendSeconds * 1e3,
                            overhead.recordWriteSeconds * 1e3, overhead.stateHashes, overhead.stateHashSeconds * 1e3,
                            overhead.estimatedCostPercent, overhead.plainEpisodeSeconds))
        lines.append("machine: \(cores) cores; load average " + loadAverage.map { String(format: "%.2f", $0) }
            .joined(separator: " before, ") + " after" + ((loadAverage.max() ?? 0) > Double(cores) + 0.5
                ? " — busy: other processes competed for the cores, wall-time figures understate" : ""))
        for row in memory {
            let mb = { (bytes: Double) in String(format: "%.1f MB", bytes / 1_048_576) }
            lines.append("memory, \(row.workers) worker\(row.workers == 1 ? "" : "s"), \(row.episodes) episodes: RSS "
                         + "\(mb(Double(row.rssBefore))) before, \(mb(Double(row.rssAfterWarmUp))) after warm-up, "
                         + "\(mb(Double(row.rssAtEnd))) at end; growth after warm-up \(mb(row.growthPer100Episodes)) per 100 "
                         + "episodes; \(mb(row.perWorker)) per worker")
            lines.append("  RSS after each tenth (MB): " + row.rssByTenth.map { String(format: "%.1f", Double($0) / 1_048_576) }
                .joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }
}

public enum BatchBench {
    public static func run(_ configuration: BatchBenchConfiguration,
                           note: (String) -> Void = { _ in }) throws -> BatchBenchReport {
        guard configuration.episodes >= 1, configuration.repeats >= 1, configuration.memoryEpisodes >= 1 else {
            throw BatchError("bench batch: episodes, repeats and memory episodes must be ≥ 1")
        }
        guard configuration.episodeSeconds > 0, configuration.memoryEpisodeSeconds > 0 else {
            throw BatchError("bench batch: episode lengths must be > 0 s")
        }
        let scratch = NSTemporaryDirectory() + "/tground-bench-batch-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        func plan(_ episodes: Int, seed: UInt64, seconds: Double) throws -> BatchPlan {
            try BatchPlan(scenePaths: [configuration.scenePath], overrides: ["task.episode_seconds=\(seconds)"],
                          episodes: episodes, seed: seed, policyName: configuration.policy.rawValue)
        }
        let kind = configuration.policy
        let factory: PolicyFactory = { episode, _ in makePolicy(kind, seed: episode.seed) }

        // Throughput: the same seeds in every case; cases alternate within a repeat so slow
        // drifts of the machine hit them alike.
        let cases: [(name: String, workers: Int, log: Bool, record: Bool)] = [
            ("plain", 1, false, false), ("plain", 2, false, false), ("logged", 2, true, false),
            ("logged+recorded", 2, true, true),
        ]
        let throughputPlan = try plan(configuration.episodes, seed: 1, seconds: configuration.episodeSeconds)
        let loadBefore = ProcessMemory.loadAverage() ?? 0
        var times = [[Double]](repeating: [], count: cases.count)
        var cpu = [[Double]](repeating: [], count: cases.count)
        var steps = [Int](repeating: 0, count: cases.count)
        for repeatIndex in 0..<configuration.repeats {
            for (index, benchCase) in cases.enumerated() {
                note("repeat \(repeatIndex + 1)/\(configuration.repeats): \(benchCase.name), \(benchCase.workers) worker(s)")
                let output = benchCase.log ? scratch + "/\(index)-\(repeatIndex)" : nil
                let options = BatchOptions(workers: benchCase.workers, outputDirectory: output, record: benchCase.record)
                let start = DispatchTime.now().uptimeNanoseconds
                let cpuStart = ProcessMemory.cpuSeconds()
                let result = try BatchRunner(plan: throughputPlan, options: options, makePolicy: factory).run()
                times[index].append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                cpu[index].append((ProcessMemory.cpuSeconds() - cpuStart) / Double(configuration.episodes))
                steps[index] = result.records.reduce(0) { $0 + $1.physicsSteps }
            }
        }
        let throughput = cases.indices.map { index -> BatchBenchThroughput in
            let seconds = PhysicsBench.median(times[index])
            return BatchBenchThroughput(caseName: cases[index].name, workers: cases[index].workers,
                                        episodes: configuration.episodes, seconds: seconds,
                                        episodesPerSecond: Double(configuration.episodes) / max(seconds, 1e-9),
                                        physicsStepsPerSecond: Double(steps[index]) / max(seconds, 1e-9),
                                        cpuSecondsPerEpisode: PhysicsBench.median(cpu[index]))
        }
        let plainTwo = throughput[1].episodesPerSecond
        note("overhead: timing log, record and state hash")
        let overhead = try measureOverhead(plan: throughputPlan, factory: factory, directory: scratch + "/overhead",
                                           plainEpisodeSeconds: throughput[0].cpuSecondsPerEpisode)
        let plainTwoCPU = max(throughput[1].cpuSecondsPerEpisode, 1e-12)

        // Memory: one long batch per worker count, RSS sampled as episodes finish.
        var memory: [BatchBenchMemory] = []
        for workers in [1, 2] {
            note("memory: \(configuration.memoryEpisodes) episodes, \(workers) worker(s)")
            let warmUp = min(configuration.memoryEpisodes, max(10, configuration.memoryEpisodes / 5))
            let samples = RSSSamples(warmUp: warmUp, total: configuration.memoryEpisodes)
            let before = ProcessMemory.residentBytes() ?? 0
            _ = try BatchRunner(plan: try plan(configuration.memoryEpisodes, seed: 2, seconds: configuration.memoryEpisodeSeconds),
                                options: BatchOptions(workers: workers), makePolicy: factory)
                .run(progress: { samples.record($0.episodesRun) })
            let end = ProcessMemory.residentBytes() ?? 0
            let warm = samples.atWarmUp ?? end
            let after = max(1, configuration.memoryEpisodes - warmUp)
            memory.append(BatchBenchMemory(workers: workers, episodes: configuration.memoryEpisodes, rssBefore: before,
                                           rssAfterWarmUp: warm, rssAtEnd: end,
                                           growthPer100Episodes: Double(end - warm) * 100 / Double(after),
                                           perWorker: Double(end - before) / Double(workers), rssByTenth: samples.byTenth))
        }
        return BatchBenchReport(
            throughput: throughput, scaling: plainTwo / max(throughput[0].episodesPerSecond, 1e-9),
            loggingCostPercent: (1 - throughput[2].episodesPerSecond / max(plainTwo, 1e-9)) * 100,
            loggingAndRecordingCostPercent: (1 - throughput[3].episodesPerSecond / max(plainTwo, 1e-9)) * 100,
            loggingCPUCostPercent: (throughput[2].cpuSecondsPerEpisode / plainTwoCPU - 1) * 100,
            loggingAndRecordingCPUCostPercent: (throughput[3].cpuSecondsPerEpisode / plainTwoCPU - 1) * 100,
            memory: memory, overhead: overhead, loadAverage: [loadBefore, ProcessMemory.loadAverage() ?? 0],
            cores: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Times the log append, the record write and one state hash, each the fastest of several
    /// tries, for the first episode of `plan` recorded with the default hash interval.
    private static func measureOverhead(plan: BatchPlan, factory: @escaping PolicyFactory, directory: String,
                                        plainEpisodeSeconds: Double) throws -> BatchBenchOverhead {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let scene = plan.scenes[0], job = plan.jobs[0]
        let player = EpisodePlayer(scene: scene, overrides: plan.overrides, policyName: plan.policyName, makePolicy: factory,
                                   stateHashInterval: BatchOptions().stateHashInterval)
        guard case let .finished(record, recordingOrNil) = player.play(index: job.episode, seed: job.seed),
              let recording = recordingOrNil else { throw BatchError("bench batch: the overhead episode did not finish") }
        func fastest(_ tries: Int, _ body: () throws -> Void) rethrows -> Double {
            var best = Double.infinity
            for _ in 0..<tries {
                let start = DispatchTime.now().uptimeNanoseconds
                try body()
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            return best
        }
        let writer = try EpisodeLogWriter(path: directory + "/episodes.jsonl", sync: true)
        let append = try fastest(20) { try writer.append(record) }
        let write = try fastest(10) { try recording.write(to: directory + "/episode.tgrec", sync: true) }
        let world = try Episode(scene: scene.spec, seed: job.seed).world.world
        let hash = try fastest(50) { _ = try world.stateHash() }
        let hashes = recording.stateHashes.count + 1
        let total = append + write + Double(hashes) * hash
        return BatchBenchOverhead(logAppendSeconds: append, recordWriteSeconds: write, stateHashSeconds: hash,
                                  stateHashes: hashes, plainEpisodeSeconds: plainEpisodeSeconds,
                                  estimatedCostPercent: total / max(plainEpisodeSeconds, 1e-9) * 100)
    }
}

/// RSS when the warm-up episode count is reached, and after each tenth of the episodes.
private final class RSSSamples: @unchecked Sendable {
    private let warmUp: Int
    private let total: Int
    private let lock = NSLock()
    private(set) var atWarmUp: Int?
    private(set) var byTenth: [Int] = []

    init(warmUp: Int, total: Int) {
        self.warmUp = warmUp
        self.total = total
    }

    func record(_ episodesRun: Int) {
        lock.lock()
        defer { lock.unlock() }
        if atWarmUp == nil, episodesRun >= warmUp { atWarmUp = ProcessMemory.residentBytes() }
        if byTenth.count < 10, episodesRun >= (byTenth.count + 1) * total / 10, episodesRun > 0 {
            byTenth.append(ProcessMemory.residentBytes() ?? 0)
        }
    }
}
