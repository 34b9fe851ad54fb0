import ArgumentParser
import Foundation
import Scene
import Tasks

// `tground list`: the scenes in a folder and the tasks and fixture kinds this build knows.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the scenes, tasks and fixture kinds.",
        discussion: """
            Scenes are read from the folder given (default: Scenes/ in the current
            directory); a scene that does not load is listed with its error.
            """
    )

    @Option(help: "The folder holding scene files.")
    var scenes: String = "Scenes"

    func run() throws {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: scenes)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        print("scenes (\(scenes))")
        if files.isEmpty { print("  none found") }
        for file in files {
            let path = (scenes as NSString).appendingPathComponent(file)
            do {
                let spec = try SceneFileLoader.load(path: path)
                print("  \(pad(file, 26)) \(pad(spec.task.name, 18)) \(spec.description)")
            } catch {
                print("  \(pad(file, 26)) INVALID: \(error)")
            }
        }
        print("\ntasks")
        for task in TaskRegistry.all { print("  \(pad(task.name, 18)) \(task.summary)") }
        print("\nfixture kinds")
        for kind in FixtureRegistry.all { print("  \(pad(kind.typeName, 18)) \(kind.summary)") }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text.padding(toLength: width, withPad: " ", startingAt: 0)
    }
}
