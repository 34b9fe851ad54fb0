import ArgumentParser
import Foundation
import Scene
import Tasks

// `tground validate FILE…`: checks scene files completely — they parse, their task and
// fixtures accept their parameters, and the world builds — without running an episode.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scene files; print each problem as file:line: key.path: message.",
        discussion: """
            Exits with status 1 when any file has a problem.

            EXAMPLE
              tground validate Scenes/*.yaml
            """
    )

    @Argument(help: "Scene files to check.")
    var files: [String]

    func run() throws {
        var failures = 0
        for file in files {
            do {
                let spec = try SceneFileLoader.load(path: file)
                _ = try Episode(scene: spec, seed: 0)
                print("ok       \(file)")
            } catch {
                failures += 1
                print("invalid  \(error)")
            }
        }
        if failures > 0 { throw ExitCode.failure }
    }
}
