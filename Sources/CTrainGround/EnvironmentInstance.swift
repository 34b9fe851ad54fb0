// EnvironmentInstance: one episode of a scene behind a handle — the Episode, the info of the
// last reset or step, and a renderer made on first use. Calls on one instance are
// serialised by its lock, so a caller that shares a handle across threads cannot corrupt it.
import Foundation
import Physics
import Render
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
        if !options.cameras.isEmpty {
            let known = episode.world.cameras.names
            for name in options.cameras where !known.contains(name) {
                throw ABIError(.invalidArgument, CameraError.unknownCamera(name, known: known).description)
            }
            let provider = OffscreenCameraProvider()
            do {
                try provider.prepare()
            } catch {
                throw ABIError(.renderUnavailable, "\(error)")
            }
            episode.cameraProvider = provider
        }
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

    /// The scene's cameras as JSON (trainground.h: tg_env_cameras_json).
    func camerasJSON() throws -> String {
        let episode = try liveEpisode()
        let items = episode.world.cameras.cameras.map { camera -> String in
            let spec = camera.spec
            return JSONText.object([
                ("name", JSONText.string(spec.name)),
                ("attach", spec.attach.map(JSONText.string) ?? "null"),
                ("width", String(spec.width)),
                ("height", String(spec.height)),
                ("rate_hz", JSONText.number(spec.rateHz)),
                ("fov_degrees", JSONText.number(spec.fovDegrees)),
                ("near", JSONText.number(spec.near)),
                ("far", JSONText.number(spec.far)),
                ("channels", "[" + spec.channels.map { JSONText.string($0.rawValue) }.joined(separator: ",") + "]"),
                ("enabled", options.cameras.contains(spec.name) ? "true" : "false"),
            ])
        }
        return "[" + items.joined(separator: ",") + "]"
    }

    /// Camera `name`'s picture now into the caller's buffers (nil: not wanted). The camera
    /// must be one the env was made with.
    func camera(_ name: String, rgb: UnsafeMutablePointer<UInt8>?, rgbBytes: Int64, depth: UnsafeMutablePointer<Float>?,
                depthCount: Int64, bodies: UnsafeMutablePointer<Int32>?, bodyCount: Int64,
                links: UnsafeMutablePointer<Int32>?, linkCount: Int64) throws {
        let episode = try liveEpisode()
        guard options.cameras.contains(name) else {
            let enabled = options.cameras.isEmpty ? "none" : options.cameras.joined(separator: ", ")
            throw ABIError(.invalidArgument, "camera '\(name)' was not enabled: make the env with the cameras option "
                           + "listing it (enabled: \(enabled); scene cameras: \(episode.world.cameras.names.joined(separator: ", ")))")
        }
        let frame = try episode.cameraFrame(name)
        let pixels = frame.width * frame.height
        func copy<T>(_ values: [T]?, _ channel: String, to buffer: UnsafeMutablePointer<T>?, count: Int64, per: Int) throws {
            guard let buffer else { return }
            guard let values else { throw ABIError(.invalidArgument, "camera '\(name)' has no \(channel) channel") }
            try checkCount(count, expected: pixels * per, "\(channel) of camera '\(name)' (\(frame.width)×\(frame.height))")
            values.withUnsafeBufferPointer { source in
                if let start = source.baseAddress { buffer.update(from: start, count: pixels * per) }
            }
        }
        try copy(frame.rgb, "rgb", to: rgb, count: rgbBytes, per: 3)
        try copy(frame.depth, "depth", to: depth, count: depthCount, per: 1)
        try copy(frame.bodyIDs, "segmentation", to: bodies, count: bodyCount, per: 1)
        try copy(frame.linkIDs, "segmentation", to: links, count: linkCount, per: 1)
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
