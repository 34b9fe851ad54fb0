// EnvBench: control steps per second of the task scenes, as a training loop sees them —
// `Episode.step` with a zero action (hold the start pose), episodes reset when they end.
import Foundation
import Scene
import Tasks

/// The median figures of one scene.
public struct EnvBenchResult: Codable, Sendable, Equatable {
    /// The scene's name (its file name without extension).
    public let scene: String
    public let controlSteps: Int
    /// Physics steps per control step.
    public let physicsStepsPerControl: Int
    /// Episodes that ended (and were reset) during the timed steps of the median run.
    public let resets: Int
    /// Median wall seconds for `controlSteps` steps, resets included.
    public let seconds: Double
    public let controlStepsPerSecond: Double
    public let physicsStepsPerSecond: Double
    /// Simulated seconds per wall second.
    public let realTimeFactor: Double

    enum CodingKeys: String, CodingKey {
        case scene
        case controlSteps = "control_steps"
        case physicsStepsPerControl = "physics_steps_per_control"
        case resets, seconds
        case controlStepsPerSecond = "control_steps_per_second"
        case physicsStepsPerSecond = "physics_steps_per_second"
        case realTimeFactor = "real_time_factor"
    }

    /// One JSON object on one line.
    public func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }
}

public enum EnvBench {
    /// The task scenes of the project: every `Scenes/*.yaml` next to the Assets folder.
    public static func projectScenes() -> [String] {
        guard let assets = AssetLocator.assetsDirectory() else { return [] }
        let folder = URL(fileURLWithPath: assets).deletingLastPathComponent().appendingPathComponent("Scenes")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder.appendingPathComponent($0).path }
    }

    /// Runs `controlSteps` zero-action control steps of every scene (with `--set` style
    /// `overrides` applied), `repeats` times
    /// interleaved, and returns the medians. Each run starts from a fresh episode (seed 1);
    /// building it is not timed, resets after an episode ends are.
    public static func run(scenes: [String], controlSteps: Int, repeats: Int,
                           overrides: [String] = []) throws -> [EnvBenchResult] {
        guard controlSteps > 0, repeats > 0 else {
            throw PhysicsBenchConfigurationError(description: "control steps and repeats must be > 0")
        }
        let specs = try scenes.map { try SceneFileLoader.load(path: $0, overrides: overrides) }
        var seconds = [[Double]](repeating: [], count: specs.count)
        var resets = [[Int]](repeating: [], count: specs.count)
        var stepsPerControl = [Int](repeating: 1, count: specs.count)
        for _ in 0..<repeats {
            for (index, spec) in specs.enumerated() {
                let episode = try Episode(scene: spec, seed: 1)
                stepsPerControl[index] = episode.physicsStepsPerControl
                let action = [Double](repeating: 0, count: episode.actionSize)
                var ended = 0
                let stopwatch = Stopwatch()
                for _ in 0..<controlSteps {
                    let result = try episode.step(action)
                    if result.terminated || result.truncated {
                        ended += 1
                        try episode.reset(seed: 1 + UInt64(ended))
                    }
                }
                seconds[index].append(stopwatch.elapsedSeconds)
                resets[index].append(ended)
            }
        }
        return specs.indices.map { index in
            let time = max(PhysicsBench.median(seconds[index]), 1e-9)
            let medianRun = seconds[index].firstIndex(of: seconds[index].sorted()[seconds[index].count / 2]) ?? 0
            let physicsSteps = Double(controlSteps * stepsPerControl[index])
            return EnvBenchResult(
                scene: URL(fileURLWithPath: scenes[index]).deletingPathExtension().lastPathComponent,
                controlSteps: controlSteps, physicsStepsPerControl: stepsPerControl[index],
                resets: resets[index][medianRun], seconds: time,
                controlStepsPerSecond: Double(controlSteps) / time, physicsStepsPerSecond: physicsSteps / time,
                realTimeFactor: physicsSteps * specs[index].world.timeStep / time)
        }
    }

    /// The results as a table for a terminal.
    public static func table(_ results: [EnvBenchResult]) -> String {
        let header = ["scene", "control steps", "physics/control", "resets", "seconds", "control steps/s",
                      "physics steps/s", "real-time ×"]
        let rows = results.map { result in
            [result.scene, "\(result.controlSteps)", "\(result.physicsStepsPerControl)", "\(result.resets)",
             String(format: "%.3f", result.seconds), String(format: "%.0f", result.controlStepsPerSecond),
             String(format: "%.0f", result.physicsStepsPerSecond), String(format: "%.2f", result.realTimeFactor)]
        }
        var lines = [textTable(header: header, rows: rows)]
        #if DEBUG
        lines.append("note: debug build; build with `swift build -c release` for representative figures")
        #endif
        return lines.joined(separator: "\n")
    }
}
