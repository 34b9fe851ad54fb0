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
