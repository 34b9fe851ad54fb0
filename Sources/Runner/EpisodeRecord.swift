// EpisodeRecord: one finished episode as a batch logs it — one JSON object per line of
// `episodes.jsonl`. Batch writes these, resume and merge read them back, regress and
// report summarise them.
import Foundation

/// One finished episode of a batch: one line of `DIR/episodes.jsonl`.
///
/// JSON fields (snake case; every line carries them all, `record` only with `--record`):
/// - `scene`, `task`: the scene's and task's names;
/// - `episode`: the episode index within the batch (0-based); `seed`: the episode seed
///   derived from it (see `EpisodeSeeds`);
/// - `policy`: `zero`, `random` or `replay:FILE`;
/// - `success`; `failure_reason`: null on success, else a FailureReason raw value
///   (`fell`, `dropped_part`, `collision`, `timeout`, `diverged`, `out_of_bounds`) or
///   `error: <message>` when the episode threw;
/// - `return`: the sum of rewards; `length`: control steps taken; `physics_steps`;
///   `simulated_seconds`; `metrics`: the task's metrics at the last step (e.g. `cycle_time`, s),
///   and `control_latency_steps` (the episode's drawn latency) when the scene randomises it;
/// - `wall_seconds`, `steps_per_second` (physics steps per wall second): timing, the only
///   fields that differ between two runs of the same episode;
/// - `trajectory_hash`: 16 hex digits, FNV-1a 64 over every observation and reward bit;
/// - `record`: the episode's action record, relative to the batch directory.
///
/// Non-finite numbers are written as the strings "nan", "inf" and "-inf".
public struct EpisodeRecord: Codable, Sendable, Equatable {
    public var scene: String
    public var task: String
    public var episode: Int
    public var seed: UInt64
    public var policy: String
    public var success: Bool
    public var failureReason: String?
    /// For `diverged`: which body and quantity broke the sanity guard's bounds.
    public var failureDetail: String?
    public var episodeReturn: Double
    public var length: Int
    public var physicsSteps: Int
    public var simulatedSeconds: Double
    public var metrics: [String: Double]
    public var wallSeconds: Double
    public var stepsPerSecond: Double
    public var trajectoryHash: String
    public var record: String?

    enum CodingKeys: String, CodingKey {
        case scene, task, episode, seed, policy, success, length, metrics, record
        case failureReason = "failure_reason", failureDetail = "failure_detail", episodeReturn = "return", physicsSteps = "physics_steps"
        case simulatedSeconds = "simulated_seconds", wallSeconds = "wall_seconds"
        case stepsPerSecond = "steps_per_second", trajectoryHash = "trajectory_hash"
    }

    public init(scene: String, task: String, episode: Int, seed: UInt64, policy: String, success: Bool,
                failureReason: String?, episodeReturn: Double, length: Int, physicsSteps: Int, simulatedSeconds: Double,
                metrics: [String: Double], wallSeconds: Double, stepsPerSecond: Double, trajectoryHash: String,
                record: String? = nil, failureDetail: String? = nil) {
        self.scene = scene
        self.failureDetail = failureDetail
        self.task = task
        self.episode = episode
        self.seed = seed
        self.policy = policy
        self.success = success
        self.failureReason = failureReason
        self.episodeReturn = episodeReturn
        self.length = length
        self.physicsSteps = physicsSteps
        self.simulatedSeconds = simulatedSeconds
        self.metrics = metrics
        self.wallSeconds = wallSeconds
        self.stepsPerSecond = stepsPerSecond
        self.trajectoryHash = trajectoryHash
        self.record = record
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        scene = try c.decode(String.self, forKey: .scene)
        task = try c.decode(String.self, forKey: .task)
        episode = try c.decode(Int.self, forKey: .episode)
        seed = try c.decode(UInt64.self, forKey: .seed)
        policy = try c.decode(String.self, forKey: .policy)
        success = try c.decode(Bool.self, forKey: .success)
        failureReason = try c.decodeIfPresent(String.self, forKey: .failureReason)
        failureDetail = try c.decodeIfPresent(String.self, forKey: .failureDetail)
        episodeReturn = try c.decode(Double.self, forKey: .episodeReturn)
        length = try c.decode(Int.self, forKey: .length)
        physicsSteps = try c.decodeIfPresent(Int.self, forKey: .physicsSteps) ?? 0
        simulatedSeconds = try c.decodeIfPresent(Double.self, forKey: .simulatedSeconds) ?? 0
        metrics = try c.decodeIfPresent([String: Double].self, forKey: .metrics) ?? [:]
        wallSeconds = try c.decodeIfPresent(Double.self, forKey: .wallSeconds) ?? 0
        stepsPerSecond = try c.decodeIfPresent(Double.self, forKey: .stepsPerSecond) ?? 0
        trajectoryHash = try c.decode(String.self, forKey: .trajectoryHash)
        record = try c.decodeIfPresent(String.self, forKey: .record)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scene, forKey: .scene)
        try c.encode(task, forKey: .task)
        try c.encode(episode, forKey: .episode)
        try c.encode(seed, forKey: .seed)
        try c.encode(policy, forKey: .policy)
        try c.encode(success, forKey: .success)
        try c.encode(failureReason, forKey: .failureReason)  // null on success, never absent
        try c.encodeIfPresent(failureDetail, forKey: .failureDetail)
        try c.encode(episodeReturn, forKey: .episodeReturn)
        try c.encode(length, forKey: .length)
        try c.encode(physicsSteps, forKey: .physicsSteps)
        try c.encode(simulatedSeconds, forKey: .simulatedSeconds)
        try c.encode(metrics, forKey: .metrics)
        try c.encode(wallSeconds, forKey: .wallSeconds)
        try c.encode(stepsPerSecond, forKey: .stepsPerSecond)
        try c.encode(trajectoryHash, forKey: .trajectoryHash)
        try c.encodeIfPresent(record, forKey: .record)
    }

    /// What resume matches finished episodes by: scene, seed and policy.
    public var key: EpisodeKey { EpisodeKey(scene: scene, seed: seed, policy: policy) }

    /// The task's cycle time (s): the `cycle_time` metric, when the task reports one.
    public var cycleTime: Double? { metrics["cycle_time"] }

    /// The record as one JSON line (sorted keys, no trailing newline).
    public func jsonLine() throws -> String {
        String(decoding: try EpisodeRecord.encoder.encode(self), as: UTF8.self)
    }

    /// Decodes one JSON line.
    public static func decode(jsonLine: some StringProtocol) throws -> EpisodeRecord {
        try decoder.decode(EpisodeRecord.self, from: Data(jsonLine.utf8))
    }

    /// Sorted keys, one line; NaN and infinities as strings (a diverged episode may have them).
    static var encoder: JSONEncoder { ResultJSON.encoder([.sortedKeys, .withoutEscapingSlashes]) }

    static var decoder: JSONDecoder { ResultJSON.decoder() }
}

/// The identity of an episode within a batch directory: resume skips an episode whose key
/// is already in the log.
public struct EpisodeKey: Hashable, Sendable, CustomStringConvertible {
    public var scene: String
    public var seed: UInt64
    public var policy: String

    public init(scene: String, seed: UInt64, policy: String) {
        self.scene = scene
        self.seed = seed
        self.policy = policy
    }

    public var description: String { "\(scene) seed \(seed) policy \(policy)" }
}

/// Hex spelling of a 64-bit hash as logs and records show it: 16 lower-case digits.
public func hexHash(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 16 - digits.count)) + digits
}
