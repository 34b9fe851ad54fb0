// Shared helpers for task tests: where the repository's scenes are, and loading one with
// overrides.
import Foundation
import Scene
import Tasks

enum TasksTestSupport {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func scene(_ name: String, overrides: [String] = []) throws -> SceneSpec {
        try SceneFileLoader.load(path: repository + "/Scenes/\(name).yaml", overrides: overrides)
    }

    /// Scene `name` with its robot welded 1.5 m up in the air (no floor contact), no control
    /// latency and no joint noise, so a servo's response can be read alone; `gravity: false`
    /// also switches gravity off. `overrides` are applied after these.
    static func robotInTheAir(_ name: String, gravity: Bool = true, overrides: [String] = []) throws -> SceneSpec {
        var settings = ["robot.fixed_base=true", "robot.position=[0, 0, 1.5]"]
        if !gravity { settings.append("world.gravity=[0, 0, 0]") }
        settings += ["randomization.control_latency_steps=[0, 0]", "randomization.joint_noise=0"]
        return try scene(name, overrides: settings + overrides)
    }

    /// Zero actions until the episode ends; the last result.
    static func runZero(_ episode: Episode, maxSteps: Int = 100_000) throws -> StepResult? {
        var last: StepResult?
        for _ in 0..<maxSteps {
            let result = try episode.step([Double](repeating: 0, count: episode.actionSize))
            last = result
            if result.terminated || result.truncated { break }
        }
        return last
    }
}
