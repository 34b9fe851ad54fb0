// EnvironmentInstance: one episode of a scene behind a handle — the Episode, the info of the
// last reset or step, and a renderer made on first use. Calls on one instance are
// serialised by its lock, so a caller that shares a handle across threads cannot corrupt it.
import Foundation
import Physics
import Scene
import Tasks

final class EnvironmentInstance: @unchecked Sendable {
    let lock = NSLock()
    let scene: SceneSpec
    let options: EnvOptions
    private(set) var episode: Episode?
    /// Entries per action and per observation, fixed at creation.
    let actionSize: Int
    let observationSize: Int
    /// The spaces JSON (trainground.h documents its members).
    let spacesJSON: String
    /// The last step's result; nil right after a reset.
    private(set) var lastResult: StepResult?
    /// Text the caller reads through a `const char **` (kept until the next such call).
    private let heldText = HeldText()
    private var renderer: EnvRenderer?

    init(scene: SceneSpec, options: EnvOptions) throws {
        self.scene = scene
        self.options = options
        let episode = try Episode(scene: scene, seed: options.seed)
        self.episode = episode
        actionSize = episode.actionSize
        observationSize = episode.observationSize
        spacesJSON = SpacesDescription.json(episode: episode, scene: scene, options: options)
    }

    /// The live episode, or an error once the instance was closed.
    func liveEpisode() throws -> Episode {
        guard let episode else { throw ABIError(.invalidHandle, "the env was closed") }
        return episode
    }

    /// Frees the world (the handle then only accepts destroy).
    func close() {
        episode = nil
        renderer = nil
        lastResult = nil
    }

    /// Rebuilds the world for `seed` and writes the first observation.
    func reset(seed: UInt64, observation: UnsafeMutablePointer<Double>) throws {
        let episode = try liveEpisode()
        let values = try episode.reset(seed: seed)
        lastResult = nil
        try write(values, to: observation)
    }

    /// One control step with `action` (actionSize entries, checked by the episode).
    func step(action: UnsafePointer<Double>, observation: UnsafeMutablePointer<Double>) throws -> StepResult {
        let episode = try liveEpisode()
        let result = try episode.step(Array(UnsafeBufferPointer(start: action, count: actionSize)))
        lastResult = result
        try write(result.observation, to: observation)
        return result
    }

    /// The info of the last reset or step (trainground.h: tg_env_info_json).
    func infoJSON() throws -> String {
        let episode = try liveEpisode()
        let result = lastResult
        return JSONText.object([
            ("success", (result?.success ?? false) ? "true" : "false"),
            ("failure_reason", result?.failure.map { JSONText.string($0.rawValue) } ?? "null"),
            ("reward_terms", JSONText.numberMap(result?.rewardTerms ?? [:])),
            ("metrics", JSONText.numberMap(result?.metrics ?? [:])),
            ("episode_seed", String(episode.seed)),
            ("episode_step", String(episode.controlStep)),
            ("simulated_time", JSONText.number(episode.simulatedTime)),
            ("episode_return", JSONText.number(episode.episodeReturn)),
            ("trajectory_hash", JSONText.string(String(episode.trajectoryHash, radix: 16))),
        ])
    }

    /// Renders the current state into `pixels` (width × height × 3 bytes, top row first).
    func render(into pixels: UnsafeMutablePointer<UInt8>, width: Int, height: Int) throws {
        let episode = try liveEpisode()
        if renderer == nil { renderer = try EnvRenderer(options: options) }
        try renderer?.render(episode.world, into: pixels, width: width, height: height)
    }

    /// Keeps `text` alive for the caller and returns a pointer to its C string.
    func hold(_ text: String) -> UnsafePointer<CChar> {
        heldText.hold(text)
    }

    private func write(_ values: [Double], to buffer: UnsafeMutablePointer<Double>) throws {
        guard values.count == observationSize else {
            throw ABIError(.failed, "the observation has \(values.count) entries after reset, not \(observationSize)")
        }
        values.withUnsafeBufferPointer { source in
            if let start = source.baseAddress { buffer.update(from: start, count: observationSize) }
        }
    }
}
