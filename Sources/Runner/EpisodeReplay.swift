// EpisodeReplay: re-simulates a recorded episode from its actions and, when verifying,
// compares every step's trajectory hash and each recorded world state hash with the
// recording — naming the first control step where a bit differs.
import Foundation
import Scene
import Tasks

public enum EpisodeReplay {
    /// A step where the replay and the record disagree.
    public struct Mismatch: Sendable, Equatable, CustomStringConvertible {
        /// Control step (1-based; 0 is the state right after reset).
        public var step: Int
        /// "state hash", "trajectory hash" or "episode length".
        public var what: String
        public var recorded: String
        public var replayed: String

        public var description: String {
            "control step \(step): \(what) differs (recorded \(recorded), replayed \(replayed))"
        }
    }

    public struct Report: Sendable {
        public var record: EpisodeRecord
        /// Control steps replayed.
        public var steps: Int
        /// The first disagreement (always checked for trajectory hashes and length; state
        /// hashes only when verifying).
        public var mismatch: Mismatch?
        /// How many full state hashes were compared.
        public var stateHashesChecked: Int
    }

    /// Loads the recording's scene (its file and overrides, or `scenePath` instead of the
    /// file) and checks it is the scene that was recorded.
    public static func scene(for recording: EpisodeRecording, scenePath: String? = nil) throws -> SceneSpec {
        let path = scenePath ?? recording.sceneFile
        let spec: SceneSpec
        do {
            spec = try SceneFileLoader.load(path: path, overrides: recording.overrides)
        } catch let error as SceneError {
            throw BatchError("the recorded scene does not load: \(error)" + (scenePath == nil ? " (pass --scene FILE)" : ""))
        }
        let hash = try SceneHash.of(spec)
        guard hash == recording.sceneHash else {
            throw BatchError("\(path) is not the scene that was recorded (scene hash \(hexHash(hash)), recorded "
                             + "\(hexHash(recording.sceneHash))): the file or the --set overrides changed since")
        }
        return spec
    }

    /// Replays `recording` in `scene`. With `verify`, also hashes the full world state at the
    /// recorded steps and stops at the first difference.
    public static func run(_ recording: EpisodeRecording, scene: SceneSpec, verify: Bool) throws -> Report {
        let start = DispatchTime.now().uptimeNanoseconds
        let episode = try Episode(scene: scene, seed: recording.seed)
        guard episode.actionSize == recording.actionSize else {
            throw BatchError("the record has \(recording.actionSize) actions per step, the scene's robot takes \(episode.actionSize)")
        }
        var mismatch: Mismatch?
        var checked = 0
        if verify {
            let initial = try episode.world.world.stateHash()
            checked += 1
            if initial != recording.initialStateHash {
                mismatch = Mismatch(step: 0, what: "state hash", recorded: hexHash(recording.initialStateHash),
                                    replayed: hexHash(initial))
            }
        }
        // The batch's policies observe once after reset; observing draws sensor noise, so the
        // replay makes the same call to stay on the same random stream.
        _ = try episode.observe()
        var last: StepResult?
        var stateIndex = 0
        var step = 0
        while mismatch == nil || !verify, step < recording.stepCount, !episode.finished {
            step += 1
            let result = try episode.step(Array(recording.action(step: step)))
            last = result
            let trajectory = episode.trajectoryHash
            if mismatch == nil, trajectory != recording.trajectoryHashes[step - 1] {
                mismatch = Mismatch(step: step, what: "trajectory hash (observations or rewards)",
                                    recorded: hexHash(recording.trajectoryHashes[step - 1]), replayed: hexHash(trajectory))
            }
            if recording.hasStateHash(step: step) {
                defer { stateIndex += 1 }
                guard verify, mismatch == nil, stateIndex < recording.stateHashes.count else { continue }
                let state = try episode.world.world.stateHash()
                checked += 1
                if state != recording.stateHashes[stateIndex] {
                    mismatch = Mismatch(step: step, what: "state hash", recorded: hexHash(recording.stateHashes[stateIndex]),
                                        replayed: hexHash(state))
                }
            }
        }
        if mismatch == nil, step != recording.stepCount || !episode.finished {
            mismatch = Mismatch(step: step, what: "episode length", recorded: "\(recording.stepCount) steps",
                                replayed: episode.finished ? "ended after \(step)" : "not ended after \(step)")
        }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let physicsSteps = episode.controlStep * episode.physicsStepsPerControl
        let record = EpisodeRecord(
            scene: scene.name, task: scene.task.name, episode: 0, seed: recording.seed, policy: recording.policy,
            success: last?.success ?? false, failureReason: last?.failure?.rawValue, episodeReturn: episode.episodeReturn,
            length: episode.controlStep, physicsSteps: physicsSteps, simulatedSeconds: episode.simulatedTime,
            metrics: last?.metrics ?? [:], wallSeconds: wall, stepsPerSecond: Double(physicsSteps) / max(wall, 1e-9),
            trajectoryHash: hexHash(episode.trajectoryHash))
        return Report(record: record, steps: step, mismatch: mismatch, stateHashesChecked: checked)
    }
}
