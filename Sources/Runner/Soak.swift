// Soak: a long batch over every scene that watches the process while it runs — resident
// memory, open file descriptors and threads, sampled as episodes finish — and judges what a
// training ground must hold for days: memory steady after warm-up (within 5%), no descriptor
// or thread growth, and no episode ending other than by its task, a fall, a timeout, or a
// divergence the sanity guard caught and named. Episodes are logged like any batch's.
import Foundation

public struct SoakConfiguration: Sendable {
    public var scenePaths: [String]
    /// Episodes in all, spread evenly over the scenes.
    public var episodes: Int
    /// Each episode's simulated length (task.episode_seconds), s.
    public var episodeSeconds: Double
    public var workers: Int
    public var policy: PolicySpec
    public var seed: UInt64
    /// The batch directory (episodes.jsonl, summary.json) and soak.json; nil writes nothing.
    public var outputDirectory: String?
    /// Memory growth allowed after warm-up, as a fraction.
    public var memoryTolerance: Double
    /// The share of the episodes that counts as warm-up (caches filling).
    public var warmupFraction: Double

    public init(scenePaths: [String], episodes: Int = 10_000, episodeSeconds: Double = 0.5, workers: Int = 2,
                policy: PolicySpec = .builtin(.random), seed: UInt64 = 1, outputDirectory: String? = nil,
                memoryTolerance: Double = 0.05, warmupFraction: Double = 0.1) {
        self.scenePaths = scenePaths
        self.episodes = episodes
        self.episodeSeconds = episodeSeconds
        self.workers = workers
        self.policy = policy
        self.seed = seed
        self.outputDirectory = outputDirectory
        self.memoryTolerance = memoryTolerance
        self.warmupFraction = warmupFraction
    }
}

/// One look at the process.
public struct SoakSample: Codable, Sendable, Equatable {
    public var episodes: Int
    public var seconds: Double
    public var residentBytes: Int
    public var fileDescriptors: Int
    public var threads: Int

    enum CodingKeys: String, CodingKey {
        case episodes, seconds, threads
        case residentBytes = "resident_bytes", fileDescriptors = "file_descriptors"
    }
}

public struct SoakReport: Codable, Sendable {
    public struct Divergence: Codable, Sendable, Equatable {
        public var scene: String
        public var episode: Int
        public var seed: UInt64
        public var detail: String
    }

    public var scenes: [String]
    public var episodes: Int
    public var episodeSeconds: Double
    public var workers: Int
    public var policy: String
    public var wallSeconds: Double
    public var physicsSteps: Int
    public var samples: [SoakSample]
    public var warmupEpisodes: Int
    /// RSS at the end of warm-up, the largest after it, and their relative difference.
    public var residentAfterWarmup: Int
    public var residentPeakAfterWarmup: Int
    public var residentGrowth: Double
    public var outcomes: [String: Int]
    public var divergences: [Divergence]
    /// Episodes that ended in an error (`error: …`), by message.
    public var errors: [String: Int]
    /// What broke the soak's rules; empty when it passed.
    public var problems: [String]
    public var passed: Bool { problems.isEmpty }

    enum CodingKeys: String, CodingKey {
        case scenes, episodes, workers, policy, samples, outcomes, divergences, errors, problems
        case episodeSeconds = "episode_seconds", wallSeconds = "wall_seconds", physicsSteps = "physics_steps"
        case warmupEpisodes = "warmup_episodes", residentAfterWarmup = "resident_after_warmup"
        case residentPeakAfterWarmup = "resident_peak_after_warmup", residentGrowth = "resident_growth"
    }

    /// A few lines for people.
    public func rendered() -> String {
        func mib(_ bytes: Int) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
        let first = samples.first, last = samples.last
        var lines = [
            "soak: \(episodes) episodes of \(episodeSeconds) s over \(scenes.count) scenes, \(workers) workers, policy \(policy)",
            String(format: "  wall %.0f s, %d physics steps (%.0f steps/s)", wallSeconds, physicsSteps,
                   Double(physicsSteps) / max(wallSeconds, 1e-9)),
            "  memory: \(mib(residentAfterWarmup)) after warm-up (\(warmupEpisodes) episodes), peak after it "
                + "\(mib(residentPeakAfterWarmup)) (" + String(format: "%+.2f%%", residentGrowth * 100) + "), "
                + "end \(mib(last?.residentBytes ?? 0))",
            "  file descriptors: \(first?.fileDescriptors ?? 0) at start, \(samples.map(\.fileDescriptors).max() ?? 0) peak, "
                + "\(last?.fileDescriptors ?? 0) at end",
            "  threads: \(first?.threads ?? 0) at start, \(samples.map(\.threads).max() ?? 0) peak, \(last?.threads ?? 0) at end",
            "  outcomes: " + outcomes.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }
                .joined(separator: ", "),
        ]
        if !divergences.isEmpty {
            lines.append("  divergences caught by the sanity guard: \(divergences.count)")
            for divergence in divergences.prefix(10) {
                lines.append("    \(divergence.scene) episode \(divergence.episode) (seed \(divergence.seed)): \(divergence.detail)")
            }
        }
        for (message, count) in errors.sorted(by: { $0.key < $1.key }) { lines.append("  error ×\(count): \(message)") }
        lines.append(passed ? "  PASSED" : "  FAILED: " + problems.joined(separator: "; "))
        return lines.joined(separator: "\n")
    }
}

public enum Soak {
    /// Open file descriptors of this process (/proc/self/fd), or 0 where unknown.
    public static func openFileDescriptors() -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.count ?? 1) - 1
    }

    /// Threads of this process (/proc/self/status), or 0 where unknown.
    public static func threadCount() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("Threads:") {
            return Int(line.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        return 0
    }

    /// Episodes per scene in one round. The batch runner keeps every record of a run in
    /// memory for its summary (about 1 KB an episode), so the soak runs in rounds and keeps
    /// only counts and divergences: what it measures is then the process, not its own log.
    public static let roundEpisodesPerScene = 50

    /// Runs the soak; `progress` sees each sample as it is taken.
    public static func run(_ configuration: SoakConfiguration, stop: BatchStop = BatchStop(),
                           progress: (@Sendable (SoakSample, Int) -> Void)? = nil) throws -> SoakReport {
        guard configuration.episodes >= 1 else { throw BatchError("--episodes must be at least 1") }
        let perScene = (configuration.episodes + configuration.scenePaths.count - 1) / max(configuration.scenePaths.count, 1)
        let total = perScene * configuration.scenePaths.count
        let every = max(1, total / 200)
        let samples = SampleLog()
        let start = DispatchTime.now().uptimeNanoseconds
        let sample: @Sendable (Int) -> SoakSample = { episodes in
            SoakSample(episodes: episodes, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9,
                       residentBytes: ProcessMemory.residentBytes() ?? 0, fileDescriptors: openFileDescriptors(),
                       threads: threadCount())
        }
        samples.append(sample(0))
        var tally = SoakTally()
        var scenes: [String] = []
        var interrupted = false
        var round = 0
        while tally.episodes < total, !interrupted {
            let episodes = min(roundEpisodesPerScene, perScene - round * roundEpisodesPerScene)
            let plan = try BatchPlan(scenePaths: configuration.scenePaths,
                                     overrides: ["task.episode_seconds=\(configuration.episodeSeconds)"],
                                     episodes: episodes, seed: configuration.seed &+ UInt64(round),
                                     policyName: configuration.policy.description)
            scenes = plan.scenes.map(\.name)
            let factory = try configuration.policy.factory(for: plan)
            let directory = configuration.outputDirectory.map { $0 + String(format: "/round-%04d", round) }
            let runner = try BatchRunner(plan: plan, options: BatchOptions(workers: configuration.workers,
                                                                           outputDirectory: directory, syncEachEpisode: false),
                                         makePolicy: factory)
            let before = tally.episodes
            let result = try runner.run(stop: stop, progress: { state in
                let done = before + state.done
                guard done % every == 0 || done == total else { return }
                let taken = sample(done)
                if samples.append(taken) { progress?(taken, total) }
            })
            for record in result.records { tally.add(record) }
            interrupted = result.interrupted
            round += 1
        }
        samples.append(sample(tally.episodes))
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return judge(configuration: configuration, scenes: scenes, planned: total, tally: tally, samples: samples.all,
                     wall: wall, interrupted: interrupted)
    }

    /// The verdict over the samples and the tally.
    static func judge(configuration: SoakConfiguration, scenes: [String], planned: Int, tally: SoakTally,
                      samples: [SoakSample], wall: Double, interrupted: Bool) -> SoakReport {
        let warmup = max(1, Int((Double(tally.episodes) * configuration.warmupFraction).rounded()))
        let afterWarmup = samples.filter { $0.episodes >= warmup }
        let warmRSS = afterWarmup.first?.residentBytes ?? samples.last?.residentBytes ?? 0
        let peak = afterWarmup.map(\.residentBytes).max() ?? warmRSS
        let growth = warmRSS > 0 ? Double(peak - warmRSS) / Double(warmRSS) : 0
        var problems: [String] = []
        if interrupted { problems.append("interrupted after \(tally.episodes) of \(planned) episodes") }
        if growth > configuration.memoryTolerance {
            problems.append(String(format: "resident memory grew %.1f%% after warm-up (allowed %.0f%%)", growth * 100,
                                   configuration.memoryTolerance * 100))
        }
        // Descriptors and threads: the steady state is what the process had once the workers
        // ran (at warm-up); the end, after they finished, must not be above it.
        if let first = afterWarmup.first, let last = samples.last {
            if last.fileDescriptors > first.fileDescriptors {
                problems.append("open file descriptors grew from \(first.fileDescriptors) to \(last.fileDescriptors)")
            }
            let runningPeak = afterWarmup.dropLast().map(\.threads).max() ?? first.threads
            if runningPeak > first.threads + 1 {
                problems.append("threads grew from \(first.threads) to \(runningPeak) while running")
            }
        }
        if !tally.errors.isEmpty { problems.append("\(tally.errors.values.reduce(0, +)) episodes ended in an error") }
        if tally.divergences.contains(where: { $0.detail == "(no detail)" }) {
            problems.append("a diverged episode has no sanity-guard reason")
        }
        return SoakReport(scenes: scenes, episodes: tally.episodes, episodeSeconds: configuration.episodeSeconds,
                          workers: configuration.workers, policy: configuration.policy.description, wallSeconds: wall,
                          physicsSteps: tally.physicsSteps, samples: samples, warmupEpisodes: warmup,
                          residentAfterWarmup: warmRSS, residentPeakAfterWarmup: peak, residentGrowth: growth,
                          outcomes: tally.outcomes, divergences: tally.divergences, errors: tally.errors, problems: problems)
    }
}

/// What the soak keeps of each episode: counts, errors and divergences.
struct SoakTally {
    var episodes = 0
    var physicsSteps = 0
    var outcomes: [String: Int] = [:]
    var errors: [String: Int] = [:]
    var divergences: [SoakReport.Divergence] = []

    mutating func add(_ record: EpisodeRecord) {
        episodes += 1
        physicsSteps += record.physicsSteps
        let outcome = record.success ? "success" : (record.failureReason ?? "unknown")
        if outcome.hasPrefix("error: ") {
            outcomes["error", default: 0] += 1
            errors[String(outcome.dropFirst("error: ".count)), default: 0] += 1
        } else {
            outcomes[outcome, default: 0] += 1
        }
        if record.failureReason == "diverged" {
            divergences.append(.init(scene: record.scene, episode: record.episode, seed: record.seed,
                                     detail: record.failureDetail ?? "(no detail)"))
        }
    }
}

/// Samples taken from the batch's progress callback (another thread), in order; a sample is
/// kept only when it is for more episodes than the last.
private final class SampleLog: @unchecked Sendable {
    private var samples: [SoakSample] = []
    private let lock = NSLock()

    @discardableResult
    func append(_ sample: SoakSample) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if let last = samples.last, last.episodes >= sample.episodes, sample.episodes > 0 { return false }
        samples.append(sample)
        return true
    }

    var all: [SoakSample] {
        lock.lock()
        defer { lock.unlock() }
        return samples
    }
}
