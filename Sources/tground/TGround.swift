import ArgumentParser
import Runner

// The root command: `tground <subcommand>`. It only dispatches; each subcommand has its own
// file and type.
@main
struct TGround: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tground",
        abstract: "TrainingGround: a humanoid-robot training ground for manufacturing work.",
        discussion: """
            TrainingGround simulates robots and the things they handle with Bullet's
            Featherstone multibody dynamics in double precision. This command is its
            front door on the command line.

            SUBCOMMANDS
              version          Print the TrainingGround version and the Bullet build.
              demo             Simulate a small world headless and print what happened.
              bench physics    Measure physics steps per second and real-time factor.
              inspect FILE     Print a robot file's tree, masses, DoF, meshes and notes.
              list             List the scenes, tasks and fixture kinds.
              validate FILE…   Check scene files.
              run SCENE        Run one headless episode and print the outcome.

            CONVENTIONS
              Units are SI everywhere: metres, kilograms, seconds, radians, newtons.
              The world is z-up. Physics advances in fixed steps (1/240 s unless a
              command says otherwise), so the same inputs give the same bits on the
              same machine and build.

            EXAMPLES
              tground demo
              tground bench physics --steps 2000 --repeats 5
              tground bench physics --json > bench.jsonl
              tground inspect Assets/robots/tg_humanoid/tg_humanoid.urdf
              tground run Scenes/stand_push.yaml --seed 1 --policy zero

            Run `tground help <subcommand>` for the options of one subcommand.
            """,
        version: TrainingGroundVersion,
        subcommands: [VersionCommand.self, DemoCommand.self, BenchCommand.self, InspectCommand.self, ListCommand.self,
                      ValidateCommand.self, RunCommand.self]
    )
}
