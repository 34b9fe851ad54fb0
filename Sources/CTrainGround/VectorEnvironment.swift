// VectorEnvironment: N envs of one scene stepped in parallel, one world per env, with
// Gymnasium's next-step autoreset. Its observation, reward, terminated and truncated
// buffers belong to the library and stay at one address until tg_vec_destroy, so callers
// can keep views of them (no copy per step).
//
// Autoreset (Gymnasium AutoresetMode.NEXT_STEP): a step that ends env i's episode returns
// its final observation with terminated or truncated set; on the next tg_vec_step env i
// ignores its action, starts a new episode from seed nextEpisodeSeed(previous seed), and
// reports that episode's first observation with reward 0 and both flags clear.
import Dispatch
import Foundation
import Scene
import Tasks

final class VectorEnvironment: @unchecked Sendable {
    let lock = NSLock()
    private(set) var envs: [EnvironmentInstance]
    let count: Int
    let actionSize: Int
    let observationSize: Int
    let spacesJSON: String
    /// count × observationSize, row-major (env-major).
    let observations: UnsafeMutablePointer<Double>
    let rewards: UnsafeMutablePointer<Double>
    let terminated: UnsafeMutablePointer<UInt8>
    let truncated: UnsafeMutablePointer<UInt8>
    /// Envs whose episode ended on the last step: they reset on the next one.
    private var needsReset: [Bool]
    /// Text the caller reads through a `const char **` (kept until the next such call).
    private let heldText = HeldText()
    private var closed = false

    /// Builds `count` envs from one scene (serially; scene building shares caches).
    init(scene: SceneSpec, options: EnvOptions, count: Int) throws {
        guard count >= 1, count <= 4096 else { throw ABIError(.invalidArgument, "num_envs must be in 1…4096, got \(count)") }
        guard options.cameras.isEmpty else {
            throw ABIError(.invalidArgument, "camera sensors (the cameras option) are for single envs (tg_env_create)")
        }
        var built: [EnvironmentInstance] = []
        for index in 0..<count {
            var own = options
            own.seed = options.seed &+ UInt64(index)
            built.append(try EnvironmentInstance(scene: scene, options: own))
        }
        envs = built
        self.count = count
        actionSize = built[0].actionSize
        observationSize = built[0].observationSize
        spacesJSON = built[0].spacesJSON
        observations = .allocate(capacity: count * observationSize)
        observations.initialize(repeating: 0, count: count * observationSize)
        rewards = .allocate(capacity: count)
        rewards.initialize(repeating: 0, count: count)
        terminated = .allocate(capacity: count)
        terminated.initialize(repeating: 0, count: count)
        truncated = .allocate(capacity: count)
        truncated.initialize(repeating: 0, count: count)
        needsReset = Array(repeating: false, count: count)
    }

    deinit {
        observations.deallocate()
        rewards.deallocate()
        terminated.deallocate()
        truncated.deallocate()
    }

    /// Frees every world; the buffers stay valid until destroy.
    func close() {
        envs.forEach { $0.close() }
        envs = []
        closed = true
    }

    private func checkOpen() throws {
        if closed { throw ABIError(.invalidHandle, "the vector env was closed") }
    }

    /// Resets every env, env i from `seeds[i]`.
    func reset(seeds: UnsafePointer<UInt64>) throws {
        try checkOpen()
        try parallel { index in
            try self.envs[index].reset(seed: seeds[index], observation: self.observations + index * self.observationSize)
            self.clearStepOutputs(index)
        }
        needsReset = Array(repeating: false, count: count)
    }

    /// One control step of every env with `actions` (count × actionSize, env-major). Every
    /// action is checked before any env moves: a NaN leaves all envs as they were.
    func step(actions: UnsafePointer<Double>) throws {
        try checkOpen()
        for index in 0..<count where !needsReset[index] {
            for entry in 0..<actionSize where !actions[index * actionSize + entry].isFinite {
                let joint = envs[index].episode?.actionNames[entry] ?? "?"
                throw ABIError(.nonFiniteAction,
                               "actions[\(index), \(entry)] (env \(index), joint \(joint)) is NaN or infinite; no env was stepped")
            }
            if envs[index].episode?.finished == true { needsReset[index] = true }
        }
        let resetting = needsReset
        try parallel { index in
            let env = self.envs[index]
            let observation = self.observations + index * self.observationSize
            if resetting[index] {
                let seed = nextEpisodeSeed(after: try env.liveEpisode().seed)
                try env.reset(seed: seed, observation: observation)
                self.clearStepOutputs(index)
            } else {
                let result = try env.step(action: actions + index * self.actionSize, observation: observation)
                self.rewards[index] = result.reward
                self.terminated[index] = result.terminated ? 1 : 0
                self.truncated[index] = result.truncated ? 1 : 0
            }
        }
        for index in 0..<count { needsReset[index] = terminated[index] != 0 || truncated[index] != 0 }
    }

    /// A JSON array of each env's info (the single env's info object, in env order).
    func infoJSON() throws -> String {
        try checkOpen()
        return "[" + (try envs.map { try $0.infoJSON() }).joined(separator: ",") + "]"
    }

    func env(_ index: Int64) throws -> EnvironmentInstance {
        try checkOpen()
        guard index >= 0, index < Int64(count) else {
            throw ABIError(.invalidArgument, "env index \(index) is outside 0..<\(count)")
        }
        return envs[Int(index)]
    }

    func hold(_ text: String) -> UnsafePointer<CChar> {
        heldText.hold(text)
    }

    private func clearStepOutputs(_ index: Int) {
        rewards[index] = 0
        terminated[index] = 0
        truncated[index] = 0
    }

    /// Runs `body` for every env index on the global pool (one env per iteration, so no
    /// world is touched by two threads); the first error, by env index, is thrown.
    private func parallel(_ body: (Int) throws -> Void) throws {
        let errors = ErrorSlots(count: count)
        if count == 1 {
            do { try body(0) } catch { errors.set(0, error) }
        } else {
            DispatchQueue.concurrentPerform(iterations: count) { index in
                do { try body(index) } catch { errors.set(index, error) }
            }
        }
        if let (index, error) = errors.first() {
            let (status, message) = classify(error)
            throw ABIError(status, "env \(index): \(message)")
        }
    }
}

/// The seed of the episode after one that started from `seed` (SplitMix64 of it): what
/// autoreset and an unseeded reset use, so N single envs replay a vector env exactly.
func nextEpisodeSeed(after seed: UInt64) -> UInt64 {
    var z = seed &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// One error slot per env, written from worker threads.
private final class ErrorSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [Error?]
    init(count: Int) { errors = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ error: Error) {
        lock.lock()
        errors[index] = error
        lock.unlock()
    }
    func first() -> (Int, Error)? {
        lock.lock()
        defer { lock.unlock() }
        for (index, error) in errors.enumerated() { if let error { return (index, error) } }
        return nil
    }
}
