import ArgumentParser
import Runner

// `tground version`: the program version and the physics engine build behind it.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the TrainingGround version and the Bullet build it uses.",
        discussion: """
            Prints two lines: `tground <version>` and the Bullet library build, for
            example `Bullet 3.24 (double precision)`. Include both in bug reports and
            with benchmark results.
            """
    )

    func run() throws {
        print("tground \(TrainingGroundVersion)")
        print(BulletBuildDescription)
    }
}
