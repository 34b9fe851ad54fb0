// EpisodeRunner: plays one whole episode of a scene with a policy and reports its outcome.
import Foundation
import Physics
import Scene
import Tasks

/// The outcome of one episode: what `tground run` prints and batch logs record.
public struct EpisodeOutcome: Codable, Sendable, Equatable {
    public var scene: String
    public var task: String
    public var seed: UInt64
    public var policy: String
    public var success: Bool
    /// nil on success; else a FailureReason raw value.
    public var failureReason: String?
    /// For `diverged`: which body and quantity broke the sanity guard's bounds.
    public var failureDetail: String? = nil
    public var episodeReturn: Double
    /// Control steps taken.
    public var length: Int
    public var simulatedSeconds: Double
    public var metrics: [String: Double]
    public var wallSeconds: Double
    /// Physics steps per wall second over the episode.
    public var stepsPerSecond: Double
    /// Hex FNV-1a over the trajectory (observations and rewards).
    public var trajectoryHash: String

    enum CodingKeys: String, CodingKey {
        case scene, task, seed, policy, success, length, metrics
        case failureReason = "failure_reason", failureDetail = "failure_detail", episodeReturn = "return", simulatedSeconds = "simulated_seconds"
        case wallSeconds = "wall_seconds", stepsPerSecond = "steps_per_second", trajectoryHash = "trajectory_hash"
    }

    public func rendered() -> String {
        var lines = [
            "scene \(scene)  task \(task)  seed \(seed)  policy \(policy)",
            "  outcome:   " + (success ? "success" : "failure (\(failureReason ?? "unknown")\(failureDetail.map { ": \($0)" } ?? ""))"),
            String(format: "  return:    %.3f over %d control steps (%.2f s simulated)", episodeReturn, length, simulatedSeconds),
            String(format: "  speed:     %.0f physics steps/s (%.1f× real time), %.3f s wall", stepsPerSecond,
                   simulatedSeconds / max(wallSeconds, 1e-9), wallSeconds),
        ]
        if !metrics.isEmpty {
            lines.append("  metrics:   " + metrics.keys.sorted().map { "\($0) " + String(format: "%.4g", metrics[$0] ?? 0) }
                .joined(separator: ", "))
        }
        lines.append("  trajectory hash: \(trajectoryHash)")
        return lines.joined(separator: "\n")
    }
}

public enum EpisodeRunner {
    /// Runs one episode from `seed` to its end.
    public static func run(scene: SceneSpec, seed: UInt64, policy kind: PolicyKind) throws -> EpisodeOutcome {
        try run(scene: scene, seed: seed, policyName: kind.rawValue) { _ in makePolicy(kind, seed: seed) }
    }

    /// Runs one episode with the policy `makePolicy` builds for it (e.g. a task expert).
    public static func run(scene: SceneSpec, seed: UInt64, policyName: String,
                           makePolicy: (Episode) throws -> any Policy) throws -> EpisodeOutcome {
        let episode = try Episode(scene: scene, seed: seed)
        var policy = try makePolicy(episode)
        var observation = try episode.observe()
        var last: StepResult?
        let start = DispatchTime.now().uptimeNanoseconds
        while true {
            let action = policy.act(observation: observation, episode: episode)
            let result = try episode.step(action)
            observation = result.observation
            last = result
            if result.terminated || result.truncated { break }
        }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let physicsSteps = episode.controlStep * episode.physicsStepsPerControl
        return EpisodeOutcome(
            scene: scene.name, task: scene.task.name, seed: seed, policy: policyName, success: last?.success ?? false,
            failureReason: last?.failure?.rawValue, failureDetail: last?.failureDetail, episodeReturn: episode.episodeReturn,
            length: episode.controlStep, simulatedSeconds: episode.simulatedTime, metrics: last?.metrics ?? [:], wallSeconds: wall,
            stepsPerSecond: Double(physicsSteps) / max(wall, 1e-9),
            trajectoryHash: String(episode.trajectoryHash, radix: 16))
    }
}
