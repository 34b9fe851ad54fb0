import ArgumentParser
import Foundation
import Physics
import Render
import Runner
import Scene
import Tasks

// `tground bench startup`: how long until the first physics step and the first frame,
// from process start and from scene load. Each repeat is a fresh child process.
struct BenchStartupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "startup",
        abstract: "Process start and scene load to the first physics step and the first frame.",
        discussion: """
            Each repeat starts a fresh `tground bench startup --child SCENE` process (so
            nothing is cached in memory), which loads the scene, builds an episode (seed
            1), takes one control step with a zero action, then renders one 128x128
            offscreen frame of the scene (EGL; skipped when unavailable). The child
            reports CLOCK_MONOTONIC times; the parent notes the same clock just before
            it starts the child.

            CASES (medians over --repeats, milliseconds)
              process→first-step   child process started → first control step done
              process→first-frame  child process started → first frame read back
              load→first-step      scene file read → first control step done (in the
                                   child: parse, robot import, world build, one step)

            The same two spans are also given in CPU time of the child (CLOCK_PROCESS_
            CPUTIME_ID), which other processes competing for the cores do not stretch.
            The target for pick_place is load→first-step < 100 ms.

            EXAMPLES
              tground bench startup
              tground bench startup Scenes/stand_push.yaml --repeats 9 --json
            """
    )

    @Argument(help: "The scene (default: Scenes/pick_place.yaml).")
    var scene: String?

    @Flag(name: .long, help: "Print one JSON object instead of a table.")
    var json = false

    @Option(name: .long, help: "Child processes to start; the median is reported (> 0).")
    var repeats: Int = 5

    @Flag(name: .long, help: "Internal: be the measured child process.")
    var child = false

    @Flag(name: .customLong("no-frame"), help: "Skip the first frame (no EGL context is made).")
    var noFrame = false

    func validate() throws {
        guard repeats > 0, repeats <= 1000 else {
            throw ValidationError("--repeats must be between 1 and 1000, got \(repeats).")
        }
    }

    func run() throws {
        let path = try scenePath()
        if child {
            print(try StartupChild.measure(scene: path, frame: !noFrame))
            return
        }
        var samples: [StartupSample] = []
        for _ in 0..<repeats {
            samples.append(try StartupChild.spawn(scene: path, frame: !noFrame))
        }
        let summary = StartupSummary(scene: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent,
                                     samples: samples)
        print(json ? summary.jsonLine() : summary.table())
    }

    private func scenePath() throws -> String {
        if let scene { return scene }
        for name in ["pick_place.yaml", "stand_push.yaml"] {
            for candidate in EnvBench.projectScenes() where candidate.hasSuffix("/" + name) { return candidate }
        }
        throw ValidationError("no scene given and no project Scenes folder found (set TRAINGROUND_ASSETS)")
    }
}

/// CLOCK_MONOTONIC in seconds: one clock for every process on the machine.
func monotonicSeconds() -> Double { clockSeconds(CLOCK_MONOTONIC) }

/// CPU seconds this process has used (all threads): unlike wall time, not stretched by
/// other processes competing for the cores.
func processCPUSeconds() -> Double { clockSeconds(CLOCK_PROCESS_CPUTIME_ID) }

private func clockSeconds(_ clock: clockid_t) -> Double {
    var now = timespec()
    clock_gettime(clock, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
}

/// One child's times, in seconds after its spawn.
struct StartupSample {
    var processToFirstStep: Double
    var processToFirstFrame: Double?
    var loadToFirstStep: Double
    /// CPU seconds of the child from its start to the first step, and of load → first step.
    var processToFirstStepCPU: Double
    var loadToFirstStepCPU: Double
}

enum StartupChild {
    /// In the child: load the scene, step once, render once; the times as one JSON line.
    static func measure(scene: String, frame: Bool) throws -> String {
        let main = monotonicSeconds()
        let mainCPU = processCPUSeconds()
        let spec = try SceneFileLoader.load(path: scene)
        let episode = try Episode(scene: spec, seed: 1)
        _ = try episode.step([Double](repeating: 0, count: episode.actionSize))
        let firstStep = monotonicSeconds()
        let firstStepCPU = processCPUSeconds()
        var firstFrame = "null"
        if frame, let renderer = try? OffscreenRenderer(settings: .sensor) {
            let world = episode.world
            let picture = RenderScene(drawables: world.drawables, bodyPoses: try world.drawableBodyPoses())
            let base = try world.robot.framePose(world.robot.model.rootLink).position
            let camera = Camera(position: base + Vector3(2.8, 1.6, 0.8), target: base, verticalFieldOfView: 1)
            _ = try renderer.capture(picture, camera: camera, width: 128, height: 128, kinds: [.rgb])
            firstFrame = "\(monotonicSeconds())"
        }
        return "{\"main\":\(main),\"first_step\":\(firstStep),\"first_frame\":\(firstFrame),"
            + "\"main_cpu\":\(mainCPU),\"first_step_cpu\":\(firstStepCPU)}"
    }

    /// In the parent: start a child and turn its report into times after the spawn.
    static func spawn(scene: String, frame: Bool) throws -> StartupSample {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["bench", "startup", "--child", scene] + (frame ? [] : ["--no-frame"])
        let output = Pipe()
        process.standardOutput = output
        let spawned = monotonicSeconds()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let report = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let main = report["main"] as? Double, let firstStep = report["first_step"] as? Double,
              let mainCPU = report["main_cpu"] as? Double, let firstStepCPU = report["first_step_cpu"] as? Double else {
            throw ValidationError("the startup child failed (status \(process.terminationStatus)): "
                                  + (String(data: data, encoding: .utf8) ?? ""))
        }
        return StartupSample(processToFirstStep: firstStep - spawned,
                             processToFirstFrame: (report["first_frame"] as? Double).map { $0 - spawned },
                             loadToFirstStep: firstStep - main, processToFirstStepCPU: firstStepCPU,
                             loadToFirstStepCPU: firstStepCPU - mainCPU)
    }
}

/// Medians over the children.
struct StartupSummary {
    let scene: String
    let samples: [StartupSample]

    private var processToFirstStep: Double { PhysicsBench.median(samples.map(\.processToFirstStep)) }
    private var processToFirstFrame: Double? {
        let frames = samples.compactMap(\.processToFirstFrame)
        return frames.isEmpty ? nil : PhysicsBench.median(frames)
    }
    private var loadToFirstStep: Double { PhysicsBench.median(samples.map(\.loadToFirstStep)) }
    private var processToFirstStepCPU: Double { PhysicsBench.median(samples.map(\.processToFirstStepCPU)) }
    private var loadToFirstStepCPU: Double { PhysicsBench.median(samples.map(\.loadToFirstStepCPU)) }

    func jsonLine() -> String {
        let frame = processToFirstFrame.map { "\($0 * 1000)" } ?? "null"
        return "{\"scene\":\"\(scene)\",\"repeats\":\(samples.count),"
            + "\"process_to_first_step_ms\":\(processToFirstStep * 1000),"
            + "\"process_to_first_frame_ms\":\(frame),"
            + "\"load_to_first_step_ms\":\(loadToFirstStep * 1000),"
            + "\"process_to_first_step_cpu_ms\":\(processToFirstStepCPU * 1000),"
            + "\"load_to_first_step_cpu_ms\":\(loadToFirstStepCPU * 1000)}"
    }

    func table() -> String {
        func ms(_ value: Double?) -> String { value.map { String(format: "%.1f", $0 * 1000) } ?? "-" }
        var text = textTable(header: ["case (\(scene), \(samples.count) processes)", "median ms"], rows: [
            ["process→first-step", ms(processToFirstStep)],
            ["process→first-frame", ms(processToFirstFrame)],
            ["load→first-step", ms(loadToFirstStep)],
            ["process→first-step, CPU time", ms(processToFirstStepCPU)],
            ["load→first-step, CPU time", ms(loadToFirstStepCPU)],
        ])
        #if DEBUG
        text += "\nnote: debug build; build with `swift build -c release` for representative figures"
        #endif
        return text
    }
}
