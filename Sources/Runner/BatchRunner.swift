// BatchRunner: runs a plan's episodes on worker threads — one world per worker, nothing
// shared but a locked queue of jobs and a locked result sink — logs each finished episode
// at once, and summarises. Rerun on the same directory, it skips the episodes already logged.
import Dispatch
import Foundation

/// How a batch runs and where its results go.
public struct BatchOptions: Sendable {
    /// Worker threads (≥ 1), each running one episode at a time in its own world.
    public var workers: Int
    /// The batch directory (`manifest.json`, `episodes.jsonl`, `summary.json`, `records/`);
    /// nil writes nothing (benchmarks).
    public var outputDirectory: String?
    /// Store each episode's actions and state hashes in `records/` (needs a directory).
    public var record: Bool
    /// With `record`: a full world state hash every this many control steps (≥ 1).
    public var stateHashInterval: Int
    /// fsync the log after every episode (and every record file).
    public var syncEachEpisode: Bool

    public init(workers: Int = 1, outputDirectory: String? = nil, record: Bool = false, stateHashInterval: Int = 10,
                syncEachEpisode: Bool = true) {
        self.workers = workers
        self.outputDirectory = outputDirectory
        self.record = record
        self.stateHashInterval = stateHashInterval
        self.syncEachEpisode = syncEachEpisode
    }
}

/// Where a batch is, reported after every finished episode.
public struct BatchProgress: Sendable {
    /// Planned episodes finished, counting those found in the log at the start.
    public var done: Int
    /// Planned episodes (this shard's).
    public var total: Int
    /// Episodes found already finished at the start.
    public var resumed: Int
    /// Successes among `done`.
    public var successes: Int
    /// Episodes run and physics steps taken by this session.
    public var episodesRun: Int
    public var physicsSteps: Int
    public var elapsedSeconds: Double
    /// The episode that just finished (nil for the report at the start).
    public var latest: EpisodeRecord?

    public var successRate: Double? { done > 0 ? Double(successes) / Double(done) : nil }
    /// Physics steps per wall second over all workers, this session.
    public var stepsPerSecond: Double { Double(physicsSteps) / max(elapsedSeconds, 1e-9) }
    /// Seconds left at this session's pace; nil before the first episode.
    public var etaSeconds: Double? {
        episodesRun > 0 ? Double(total - done) * elapsedSeconds / Double(episodesRun) : nil
    }
}

/// What a batch came to.
public struct BatchResult: Sendable {
    public var summary: BatchSummary
    /// Every finished episode of the plan (resumed and new), in plan order.
    public var records: [EpisodeRecord]
    /// Warnings met on the way (torn log line, …), also passed to the `warning` callback.
    public var warnings: [String]
    /// The signal that stopped the batch early, if one did (stops requested otherwise: -1).
    public var stopSignal: Int32?
    public var interrupted: Bool { stopSignal != nil }
}

public final class BatchRunner {
    public let plan: BatchPlan
    public let options: BatchOptions
    private let makePolicy: PolicyFactory

    /// A batch of `plan` with the policy `makePolicy` makes for each episode.
    public init(plan: BatchPlan, options: BatchOptions, makePolicy: @escaping PolicyFactory) throws {
        guard options.workers >= 1, options.workers <= 1024 else {
            throw BatchError("--workers must be between 1 and 1024, got \(options.workers)")
        }
        guard !options.record || options.outputDirectory != nil else { throw BatchError("recording needs an output directory") }
        guard options.stateHashInterval >= 1 else {
            throw BatchError("the state hash interval must be ≥ 1, got \(options.stateHashInterval)")
        }
        self.plan = plan
        self.options = options
        self.makePolicy = makePolicy
    }

    /// Runs every planned episode not already logged, then writes `summary.json`. Returns when
    /// all are done or, after `stop` is requested, as soon as the workers have abandoned their
    /// episodes. Throws (before running anything) when the directory belongs to another batch.
    public func run(stop: BatchStop = BatchStop(), progress: (@Sendable (BatchProgress) -> Void)? = nil,
                    warning: (String) -> Void = { _ in }) throws -> BatchResult {
        // Past a file-size limit (ulimit -f), writes fail with EFBIG — reported as errors —
        // instead of SIGXFSZ ending the process with the log half-written.
        signal(SIGXFSZ, SIG_IGN)
        var warnings: [String] = []
        func report(_ text: String) { warnings.append(text); warning(text) }
        let directory = try options.outputDirectory.map { try BatchDirectory.open($0, plan: plan, warning: report) }
        let plannedKeys = Set(plan.jobs.map(plan.key(of:)))
        let resumed = (directory?.finished ?? []).filter { plannedKeys.contains($0.key) }
        let finishedKeys = Set(resumed.map(\.key))
        let remaining = plan.jobs.filter { !finishedKeys.contains(plan.key(of: $0)) }

        let sink = ResultSink(plan: plan, resumed: resumed, log: directory?.log, progress: progress)
        let queue = JobQueue(jobs: remaining, stop: stop)
        let players = plan.scenes.map {
            EpisodePlayer(scene: $0, overrides: plan.overrides, policyName: plan.policyName, makePolicy: makePolicy,
                          stateHashInterval: options.record ? options.stateHashInterval : nil)
        }
        let recordsDirectory = options.record ? directory?.recordsDirectory : nil
        let sync = options.syncEachEpisode
        sink.start()
        let group = DispatchGroup()
        for _ in 0..<min(options.workers, remaining.count) {
            group.enter()
            let thread = Thread {
                // One worker: take a job, play it in a fresh world, hand the result to the sink.
                while let job = queue.next() {
                    guard case let .finished(record, recording) = players[job.sceneIndex].play(
                        index: job.episode, seed: job.seed, stop: stop) else { break }
                    var logged = record
                    if let recording, let recordsDirectory {
                        let name = BatchDirectory.recordName(scene: record.scene, episode: record.episode, seed: record.seed)
                        do {
                            try recording.write(to: recordsDirectory + "/" + name, sync: sync)
                            logged.record = "records/" + name
                        } catch {
                            sink.fail(error, stop: stop)
                            break
                        }
                    }
                    if !sink.accept(logged, stop: stop) { break }
                }
                group.leave()
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
        group.wait()
        if let error = sink.error { throw error }

        let state = sink.finish()
        let run = BatchRunInfo(workers: options.workers, episodesRun: state.episodesRun, wallSeconds: state.elapsedSeconds,
                               episodesPerSecond: Double(state.episodesRun) / max(state.elapsedSeconds, 1e-9),
                               stepsPerSecond: state.stepsPerSecond, interrupted: stop.isRequested)
        let order = Dictionary(plan.jobs.enumerated().map { (plan.key(of: $0.element), $0.offset) }, uniquingKeysWith: { a, _ in a })
        let records = (resumed + sink.newRecords).sorted { (order[$0.key] ?? 0) < (order[$1.key] ?? 0) }
        let summary = BatchSummary(records: records, rows: plan.summaryRows, policy: plan.policyName, seed: plan.seed,
                                   episodesPlanned: plan.jobs.count, run: run)
        try directory?.writeSummary(summary)
        return BatchResult(summary: summary, records: records, warnings: warnings,
                           stopSignal: stop.isRequested ? (stop.signal ?? -1) : nil)
    }
}

/// The jobs left, handed out one at a time; none once a stop is requested.
private final class JobQueue: @unchecked Sendable {
    private let jobs: [BatchPlan.Job]
    private let stop: BatchStop
    private var nextIndex = 0
    private let lock = NSLock()

    init(jobs: [BatchPlan.Job], stop: BatchStop) {
        self.jobs = jobs
        self.stop = stop
    }

    func next() -> BatchPlan.Job? {
        lock.lock()
        defer { lock.unlock() }
        guard !stop.isRequested, nextIndex < jobs.count else { return nil }
        defer { nextIndex += 1 }
        return jobs[nextIndex]
    }
}

/// The one shared mutable thing: takes finished records, appends each to the log, counts,
/// and reports progress — all under one lock.
private final class ResultSink: @unchecked Sendable {
    private let lock = NSLock()
    private let log: EpisodeLogWriter?
    private let progressHandler: (@Sendable (BatchProgress) -> Void)?
    private var progress: BatchProgress
    private var startNanoseconds: UInt64 = 0
    private(set) var newRecords: [EpisodeRecord] = []
    private(set) var error: Error?

    init(plan: BatchPlan, resumed: [EpisodeRecord], log: EpisodeLogWriter?, progress: (@Sendable (BatchProgress) -> Void)?) {
        self.log = log
        progressHandler = progress
        self.progress = BatchProgress(done: resumed.count, total: plan.jobs.count, resumed: resumed.count,
                                      successes: resumed.filter(\.success).count, episodesRun: 0, physicsSteps: 0,
                                      elapsedSeconds: 0, latest: nil)
    }

    func start() {
        lock.lock()
        defer { lock.unlock() }
        startNanoseconds = DispatchTime.now().uptimeNanoseconds
        progressHandler?(progress)
    }

    /// Logs `record`; false (and a stop) when the log cannot be written.
    func accept(_ record: EpisodeRecord, stop: BatchStop) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        do {
            try log?.append(record)
        } catch {
            self.error = self.error ?? error
            stop.request()
            return false
        }
        newRecords.append(record)
        progress.done += 1
        progress.episodesRun += 1
        progress.physicsSteps += record.physicsSteps
        if record.success { progress.successes += 1 }
        progress.elapsedSeconds = elapsed()
        progress.latest = record
        progressHandler?(progress)
        return true
    }

    func fail(_ error: Error, stop: BatchStop) {
        lock.lock()
        defer { lock.unlock() }
        self.error = self.error ?? error
        stop.request()
    }

    func finish() -> BatchProgress {
        lock.lock()
        defer { lock.unlock() }
        progress.elapsedSeconds = elapsed()
        return progress
    }

    private func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - startNanoseconds) / 1e9 }
}
