import ArgumentParser
import Runner

// `tground demo`: a headless world that exercises contacts and motorised joints, and a
// report of what it simulated.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Simulate a small world headless and print what happened.",
        discussion: """
            Builds a ground plane, a pile of boxes and spheres dropped onto it, and a
            6-link revolute chain on a fixed base whose joints are held by position
            motors. Steps it at 240 Hz and prints the bodies, the steps taken,
            simulated and wall time, the final heights, the number of contact points,
            each joint angle beside its target, and a hash of the final state.

            The state hash is FNV-1a 64 of the world's full snapshot: two runs of the
            same build on the same machine print the same hash.
            """
    )

    @Option(name: .long, help: "Simulated time to run, in seconds (> 0).")
    var seconds: Double = DemoConfiguration.default.simulatedSeconds

    func validate() throws {
        guard seconds.isFinite, seconds > 0 else {
            throw ValidationError("--seconds must be a positive number of seconds, got \(seconds).")
        }
        guard seconds <= 3600 else {
            throw ValidationError("--seconds must be at most 3600, got \(seconds).")
        }
    }

    func run() throws {
        var configuration = DemoConfiguration.default
        configuration.simulatedSeconds = seconds
        let report = try Demo.run(configuration)
        print(report.rendered())
    }
}
