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
        subcommands: [BenchPhysicsCommand.self, BenchImportCommand.self, BenchBatchCommand.self, BenchRenderCommand.self,
                      BenchWalkCommand.self]
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

            Every repeat rebuilds the world, so each one simulates the same thing.
            The fixed step is 1/240 s. Run a release build (swift build -c release)
            for representative figures.

            OUTPUT
              The table shows per case: bodies (moving rigid parts), dofs (velocity
              coordinates), steps, seconds (median wall time), steps/s and the
              real-time factor (simulated seconds per wall second), then the
              chain-swift / chain-cxx time ratio. With --json, each case is one line
              with the fields case, bodies, dofs, steps, seconds, steps_per_second
              and real_time_factor.
            """
    )

    @OptionGroup var options: BenchCommonOptions

    func run() throws {
        var configuration = PhysicsBenchConfiguration.default
        configuration.steps = options.steps
        configuration.repeats = options.repeats
        let results = try PhysicsBench.run(configuration)
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
