import ArgumentParser
import Foundation
import Runner

// `tground bench env`: control steps per second of the task scenes (zero policy).
struct BenchEnvCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env",
        abstract: "Control steps per second of the task scenes, zero policy.",
        discussion: """
            Each scene plays --control-steps control steps of an episode (seed 1) with
            a zero action (the robot's servos hold the start pose), as a training loop
            would call Episode.step; an episode that ends is reset (resets are timed,
            building the first episode is not). Repeats are interleaved across scenes;
            the figures are medians.

            OUTPUT
              Per scene: control steps, physics steps per control step, resets, median
              seconds, control steps/s, physics steps/s and the real-time factor
              (simulated seconds per wall second). With --json one object per line
              with the fields scene, control_steps, physics_steps_per_control, resets,
              seconds, control_steps_per_second, physics_steps_per_second and
              real_time_factor.

            EXAMPLES
              tground bench env
              tground bench env Scenes/stand_push.yaml --control-steps 1200 --json
            """
    )

    @Argument(help: "Scene files (default: every Scenes/*.yaml of the project).")
    var scenes: [String] = []

    @Flag(name: .long, help: "Print one JSON object per scene and line instead of a table.")
    var json = false

    @Option(name: .customLong("control-steps"), help: "Control steps per scene and repeat (> 0).")
    var controlSteps: Int = 300

    @Option(name: .long, help: "How many times each scene runs; the median is reported (> 0).")
    var repeats: Int = 3

    @Option(name: .customLong("set"), help: "Override a scene value, e.g. world.solver_iterations=20 (repeatable).")
    var overrides: [String] = []

    func validate() throws {
        guard controlSteps > 0, controlSteps <= 10_000_000 else {
            throw ValidationError("--control-steps must be between 1 and 10000000, got \(controlSteps).")
        }
        guard repeats > 0, repeats <= 1000 else {
            throw ValidationError("--repeats must be between 1 and 1000, got \(repeats).")
        }
    }

    func run() throws {
        let files = scenes.isEmpty ? EnvBench.projectScenes() : scenes
        guard !files.isEmpty else {
            throw ValidationError("no scenes given and no project Scenes folder found (set TRAINGROUND_ASSETS)")
        }
        let results = try EnvBench.run(scenes: files, controlSteps: controlSteps, repeats: repeats, overrides: overrides)
        if json {
            for result in results { print(result.jsonLine()) }
        } else {
            print(EnvBench.table(results))
        }
    }
}
