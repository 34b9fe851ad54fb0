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
              bench import     Time loading a robot: cold, warm from disk, warm from memory.
              bench batch      Measure batch throughput, scaling, logging cost, memory.
              bench render     Measure viewer frames/s and offscreen RGB-D frames/s.
              inspect FILE     Print a robot file's tree, masses, DoF, meshes and notes.
              list             List the scenes, tasks and fixture kinds.
              validate FILE…   Check scene files.
              run SCENE        Run one headless episode and print the outcome.
              batch SCENE…     Run many seeded episodes in parallel; log, resume, shard.
              merge DIR…       Combine the shard directories of a batch into one summary.
              replay FILE      Re-simulate a recorded episode (--verify: bit for bit).
              regress          Gate success rates against a baseline (CI; JUnit, HTML).
              report DIR…      Write an HTML report of batch results.
              view SCENE       Open a scene in the viewer window (or render it offscreen).

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
              tground view Scenes/pick_place.yaml
              tground batch Scenes/stand_push.yaml --episodes 100 --workers 2 --out runs/push

            Run `tground help <subcommand>` for the options of one subcommand.
            """,
        version: TrainingGroundVersion,
        subcommands: [VersionCommand.self, DemoCommand.self, BenchCommand.self, InspectCommand.self, ListCommand.self,
                      ValidateCommand.self, RunCommand.self, BatchCommand.self, MergeCommand.self,
                      ReplayCommand.self, RegressCommand.self, ReportCommand.self, ViewCommand.self, SoakCommand.self]
    )
}
