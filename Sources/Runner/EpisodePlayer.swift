// EpisodePlayer: plays one episode of a batch on the calling thread — the world, the
// policy, optional recording — and turns whatever happens into an EpisodeRecord. An
// episode that throws does not throw out of here: it becomes a failed record whose reason
// is `error: …`, so the batch carries on.
import Dispatch
import Foundation
import Scene
import Tasks

public struct EpisodePlayer: Sendable {
    /// What became of an episode.
    public enum Outcome {
        /// It ran to its end (success, failure, or an error caught as a failure).
        case finished(EpisodeRecord, EpisodeRecording?)
        /// A stop was requested before it ended; nothing is logged for it.
        case abandoned
    }

    public let scene: BatchPlan.PlannedScene
    public let overrides: [String]
    public let policyName: String
    public let makePolicy: PolicyFactory
    /// Record actions and hashes, with a full state hash every this many control steps; nil: do not record.
    public let stateHashInterval: Int?

    public init(scene: BatchPlan.PlannedScene, overrides: [String], policyName: String, makePolicy: @escaping PolicyFactory,
                stateHashInterval: Int? = nil) {
        self.scene = scene
        self.overrides = overrides
        self.policyName = policyName
        self.makePolicy = makePolicy
        self.stateHashInterval = stateHashInterval.map { max(1, $0) }
    }

    /// Plays episode `index` from `seed` to its end, or until `stop` is requested.
    public func play(index: Int, seed: UInt64, stop: BatchStop? = nil) -> Outcome {
        let start = DispatchTime.now().uptimeNanoseconds
        var episode: Episode?
        var recording: EpisodeRecording?
        var last: StepResult?
        var failure: String?
        do {
            let current = try Episode(scene: scene.spec, seed: seed)
            episode = current
            var policy = try makePolicy(current, index)
            if let interval = stateHashInterval {
                recording = EpisodeRecording(
                    sceneName: scene.name, sceneFile: scene.file, overrides: overrides, sceneHash: scene.hash, seed: seed,
                    policy: policyName, actionSize: current.actionSize, stateHashInterval: interval,
                    initialStateHash: try current.world.world.stateHash())
                recording?.actions.reserveCapacity(current.maxControlSteps * current.actionSize)
                recording?.trajectoryHashes.reserveCapacity(current.maxControlSteps)
            }
            var observation = try current.observe()
            while true {
                if stop?.isRequested == true { return .abandoned }
                let action = policy.act(observation: observation, episode: current)
                let result = try current.step(action)
                let done = result.terminated || result.truncated
                if let interval = stateHashInterval {
                    recording?.actions += action
                    recording?.trajectoryHashes.append(current.trajectoryHash)
                    if current.controlStep % interval == 0 || done {
                        recording?.stateHashes.append(try current.world.world.stateHash())
                    }
                }
                observation = result.observation
                last = result
                if done { break }
            }
        } catch {
            failure = "error: \(error)"
            recording = nil
        }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let controlSteps = episode?.controlStep ?? 0
        let physicsSteps = controlSteps * (episode?.physicsStepsPerControl ?? 0)
        let record = EpisodeRecord(
            scene: scene.name, task: scene.task, episode: index, seed: seed, policy: policyName,
            success: failure == nil && (last?.success ?? false),
            failureReason: failure ?? last?.failure?.rawValue,
            episodeReturn: episode?.episodeReturn ?? 0, length: controlSteps, physicsSteps: physicsSteps,
            simulatedSeconds: episode?.simulatedTime ?? 0, metrics: last?.metrics ?? episode?.lastMetrics ?? [:],
            wallSeconds: wall, stepsPerSecond: Double(physicsSteps) / max(wall, 1e-9),
            trajectoryHash: hexHash(episode?.trajectoryHash ?? 0), failureDetail: failure == nil ? last?.failureDetail : nil)
        return .finished(record, recording)
    }
}
