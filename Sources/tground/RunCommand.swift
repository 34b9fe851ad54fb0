import ArgumentParser
import Foundation
import Render
import Runner
import Scene
import Tasks

// `tground run SCENE`: one headless episode, and what came of it.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one headless episode of a scene and print the outcome.",
        discussion: """
            Builds the scene for the seed, drives the robot with the policy until the
            task succeeds, fails or runs out of time, and prints: success or the failure
            reason (fell, dropped_part, collision, timeout, diverged, out_of_bounds),
            the return, the task metrics, and physics steps per second.

            POLICIES
              zero     all-zero actions: hold the scene's nominal pose
              random   uniform random joint offsets within a quarter of each range
              expert   the task's scripted expert (every task but machine_tend)

            Scene keys can be overridden: --set task.episode_seconds=5 --set robot.yaw=0.5

            EXAMPLES
              tground run Scenes/stand_push.yaml --seed 3 --policy zero
              tground run Scenes/pick_place.yaml --json
            """
    )

    @Argument(help: "The scene file (Scenes/*.yaml).")
    var scene: String

    @Option(help: "Episode seed (an unsigned 64-bit integer).")
    var seed: UInt64 = 0

    @Option(help: "zero, random, expert, expert:NAME=VALUE,... (settings of the expert's controller) or replay:FILE.")
    var policy: String = "zero"

    @Option(name: .customLong("set"), help: "Override a scene key: key.path=value (repeatable).")
    var overrides: [String] = []

    @Flag(help: "Print the outcome as one JSON object.")
    var json = false

    @Flag(help: ArgumentHelp("Render the scene's camera sensors offscreen (EGL) for the task.",
                             discussion: "panel_inspect then judges the line of sight from the head camera's picture."))
    var cameras = false

    func validate() throws {
        do { _ = try PolicySpec(parsing: policy) } catch { throw ValidationError("\(error)") }
    }

    func run() throws {
        let outcome: EpisodeOutcome
        do {
            let spec = try SceneFileLoader.load(path: scene, overrides: overrides)
            let provider: (any CameraProvider)? = cameras ? OffscreenCameraProvider() : nil
            try (provider as? OffscreenCameraProvider)?.prepare()
            let policySpec = try PolicySpec(parsing: policy)
            outcome = try EpisodeRunner.run(scene: spec, seed: seed, policyName: policySpec.description) { episode in
                episode.cameraProvider = provider
                return try policySpec.factory(actionSize: episode.actionSize)(episode, 0)
            }
        } catch let error as BatchError {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode.failure
        } catch let error as SceneError {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode.failure
        } catch let error as CameraError {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode.failure
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(outcome), as: UTF8.self))
        } else {
            print(outcome.rendered())
        }
    }
}
