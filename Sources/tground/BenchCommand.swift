import ArgumentParser
import Foundation
import Robot
import Runner

// `tground bench`: a group of benchmarks. Each benchmark is a subcommand that takes the
// shared flags in `BenchCommonOptions`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure how fast TrainingGround runs on this machine.",
        discussion: """
            Benchmarks report medians over several repeats, as a table for people or as \
            JSON lines for scripts (--json). They measure; they never pass or fail.
            """,
        subcommands: [BenchPhysicsCommand.self, BenchEnvCommand.self, BenchStartupCommand.self, BenchImportCommand.self,
                      BenchBatchCommand.self, BenchRenderCommand.self, BenchWalkCommand.self]
    )
}

// Flags every benchmark takes.
struct BenchCommonOptions: ParsableArguments {
    @Flag(name: .long, help: "Print one JSON object per case and line instead of a table.")
    var json = false

    @Option(name: .long, help: "Physics steps per case and repeat (> 0).")
    var steps: Int = PhysicsBenchConfiguration.default.steps

    @Option(name: .long, help: "How many times each case runs; the median is reported (> 0).")
    var repeats: Int = PhysicsBenchConfiguration.default.repeats

    func validate() throws {
        guard steps > 0, steps <= 10_000_000 else {
            throw ValidationError("--steps must be between 1 and 10000000, got \(steps).")
        }
        guard repeats > 0, repeats <= 1000 else {
            throw ValidationError("--repeats must be between 1 and 1000, got \(repeats).")
        }
    }
}

// `tground bench physics`: steps/s and real-time factor of free bodies and of a motorised
// chain, the chain both from Swift and from the C++ reference loop.
struct BenchPhysicsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "physics",
        abstract: "Physics steps per second and real-time factor.",
        discussion: """
            CASES
              free-bodies   \(PhysicsBenchConfiguration.default.freeBodyCount) boxes dropped into a pile on a ground plane,
                            stepped one step per call from Swift.
              chain-swift   a \(PhysicsBenchConfiguration.default.chainLinkCount)-link revolute chain on a fixed base, every
                            joint held by a position motor, stepped one step per
                            call from Swift.
              chain-cxx     the same chain stepped by the shim's C++ loop, with no
                            Swift in the loop: the yardstick for the overhead of
                            the Swift wrapper.
              humanoid-stand      the project humanoid (builtin:tg_humanoid) standing
                            on the floor plane of the stand_push scene, held at its
                            standing pose by its position servos. A control loop at
                            the scene's rate (60 Hz): targets sent to every servo,
                            the physics steps of one control period (4 at 1/240 s,
                            2 at 1/120 s), joint positions and velocities, base
                            state and root frame read. From Swift.
              humanoid-stand-cxx  the same loop run by the shim in C++ (the same
                            shim calls, no Swift in the loop).
              humanoid-stand-4    four humanoids standing 1.5 m apart, one world.
              humanoid-lying      one humanoid on its back, held at the standing pose
                            after a settling second: many floor contacts.

            Every repeat rebuilds the world, so each one simulates the same thing.
            The fixed step is 1/240 s unless --time-step says otherwise. Run a release build (swift build -c release)
            for representative figures.

            OUTPUT
              The table shows per case: bodies (moving rigid parts), dofs (velocity
              coordinates), steps, seconds (median wall time), steps/s and the
              real-time factor (simulated seconds per wall second), then the
              chain-swift / chain-cxx time ratio and the humanoid-stand-cxx /
              humanoid-stand speed ratio (the shim overhead, target >= 0.95). With
              --json, each case is one line with the fields case, bodies, dofs,
              contacts, steps, seconds, steps_per_second and real_time_factor. Steps
              are physics steps (1/240 s, or --time-step).

            EXAMPLES
              tground bench physics --case humanoid-stand --case humanoid-stand-cxx --repeats 5
              tground bench physics --json
              tground bench physics --case humanoid-stand --time-step 0.008333333333333333 --joint-warm-start 1
            """
    )

    @OptionGroup var options: BenchCommonOptions

    @Option(name: .customLong("case"), help: "Run only this case (repeatable); all when absent.")
    var cases: [String] = []

    @Option(name: .customLong("solver-iterations"), help: "Solver iterations of the humanoid worlds (default: the scene's).")
    var solverIterations: Int?

    @Option(name: .customLong("solver-residual-threshold"),
            help: "Solver residual threshold of the humanoid worlds, (m/s)^2 (default: the scene's).")
    var solverResidualThreshold: Double?

    @Option(name: .customLong("time-step"),
            help: "Physics step of every case, s (default: 1/240; e.g. 0.008333333333333333 for 1/120, which the humanoid's 60 Hz control divides).")
    var timeStep: Double = PhysicsBenchConfiguration.default.timeStep

    @Option(name: .customLong("joint-warm-start"),
            help: "Joint-row warm start of the humanoid worlds, 0...1 (world.joint_warm_start; default: the scene's).")
    var jointWarmStart: Double?

    func validate() throws {
        guard timeStep.isFinite, timeStep > 0, timeStep <= 0.1 else {
            throw ValidationError("--time-step must be > 0 and at most 0.1 s, got \(timeStep).")
        }
        if let jointWarmStart, !(jointWarmStart.isFinite && (0...1).contains(jointWarmStart)) {
            throw ValidationError("--joint-warm-start must be in [0, 1], got \(jointWarmStart).")
        }
        for name in cases where !PhysicsBench.allCases.contains(name) {
            throw ValidationError("unknown case '\(name)' (known: \(PhysicsBench.allCases.joined(separator: ", ")))")
        }
        if let solverIterations, !(1...10000).contains(solverIterations) {
            throw ValidationError("--solver-iterations must be in 1...10000, got \(solverIterations).")
        }
    }

    func run() throws {
        var configuration = PhysicsBenchConfiguration.default
        configuration.steps = options.steps
        configuration.repeats = options.repeats
        configuration.solverIterations = solverIterations
        configuration.solverResidualThreshold = solverResidualThreshold
        configuration.timeStep = timeStep
        configuration.jointWarmStart = jointWarmStart
        let results = try PhysicsBench.run(configuration, cases: cases)
        if options.json {
            for result in results {
                print(result.jsonLine())
            }
        } else {
            print(PhysicsBench.table(results))
        }
    }
}

// `tground bench import`: cold and warm load of a robot (file import + build with meshes).
struct BenchImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Time loading a robot: cold, warm from the disk cache, warm from memory.",
        discussion: """
            Each repeat imports the file and builds the robot in a fresh world:
              cold          with a new, empty mesh cache directory and no memory cache,
                            so every mesh is read by assimp and every hull computed;
              warm-memory   again with the same cache object (meshes in memory);
              warm-disk     with a new cache object on the same directory (meshes
                            read back from the disk cache).
            The figure is the median wall time in seconds over --repeats.

            EXAMPLE
              tground bench import ../shared/assets/unitree_g1/g1_description/g1_29dof_rev_1_0.urdf
            """
    )

    @Argument(help: "The robot file (.urdf, .xml, .mjcf).")
    var file: String

    @Option(name: .customLong("package-path"), help: "A folder to search for package:// URIs (repeatable).")
    var packagePaths: [String] = []

    @Flag(name: .long, help: "Print one JSON object per case and line instead of a table.")
    var json = false

    @Option(name: .long, help: "How many times each case runs; the median is reported (> 0).")
    var repeats: Int = 3

    func validate() throws {
        guard repeats > 0, repeats <= 1000 else {
            throw ValidationError("--repeats must be between 1 and 1000, got \(repeats).")
        }
    }

    func run() throws {
        let results: [ImportBenchResult]
        do {
            results = try ImportBench.run(path: file, packagePaths: packagePaths, repeats: repeats)
        } catch let error as ImportError {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode.failure
        }
        if json {
            for result in results { print(result.jsonLine()) }
        } else {
            print(ImportBench.table(results))
        }
    }
}
