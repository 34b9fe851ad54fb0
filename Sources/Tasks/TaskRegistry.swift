// TaskRegistry: task types by name. Adding a task: write its type in its own file and add
// it to `all`.
import Scene

public enum TaskRegistry {
    /// Every task, in the order `tground list` shows them.
    public static let all: [any Task.Type] = registeredTaskTypes

    public static var byName: [String: any Task.Type] {
        Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
    }

    /// The task a scene names, or a SceneError with a suggestion.
    public static func make(for scene: SceneSpec) throws -> any Task {
        guard let type = byName[scene.task.name] else {
            let suggestion = closestMatch(to: scene.task.name, in: Array(byName.keys)).map { " (did you mean '\($0)'?)" } ?? ""
            throw SceneError(file: scene.sourceFile, line: scene.task.line, keyPath: "task.name",
                             message: "unknown task '\(scene.task.name)'\(suggestion)")
        }
        return try type.init(scene: scene)
    }
}
