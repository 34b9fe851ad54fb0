import ArgumentParser
import Foundation
import Runner

// `tground replay FILE`: re-simulate a recorded episode; --verify checks every bit.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-simulate a recorded episode from its actions (--verify: bit for bit).",
        discussion: """
            Loads the scene the record names (its file and --set overrides, or --scene),
            checks it is the scene that was recorded (scene hash), rebuilds the world from
            the recorded seed and steps it with the recorded actions, then prints the
            outcome. With --verify it also compares, at every control step, the trajectory
            hash (observations and rewards) and, every K steps, the hash of the full world
            state with the record, and fails at the first difference, naming the control
            step. A record written by another TrainingGround build or format version is
            refused: its bits are only reproducible on the build that wrote it.

            RECORD FORMAT (.tgrec, little-endian; str = u16 length + UTF-8)
              magic "TGRECORD" | u32 format version (1) | u64 build id (FNV-1a 64 of the
              build string) | str build ("TrainingGround 0.1.0; Bullet 3.24 (double
              precision); x86_64") | str scene name | str scene file | u16 override count,
              str each | u64 scene hash | u64 seed | str policy | u32 action size A |
              u32 state hash interval K | u32 step count S | u64 state hash after reset |
              S × (A × f64 action, u64 trajectory hash after the step, and u64 world state
              hash when the step is a multiple of K or the last) | "TGRECEND" | u64
              FNV-1a 64 checksum of everything before it.

            Exit status: 1 for an unusable record, or with --verify on a difference;
            without --verify a difference in the trajectory is only a warning.

            EXAMPLE
              tground replay runs/push/records/stand_push-000003-5f1d….tgrec --verify
            """
    )

    @Argument(help: "A .tgrec record (from `tground batch --record`).")
    var file: String

    @Flag(help: "Compare every step's hashes with the record; fail at the first difference.")
    var verify = false

    @Option(help: "Use this scene file instead of the one the record names (it must hash the same).")
    var scene: String?

    @Flag(help: "Print the outcome as one JSON object.")
    var json = false

    func run() throws {
        do {
            let recording = try EpisodeRecording.read(from: file)
            try recording.checkBuild()
            let spec = try EpisodeReplay.scene(for: recording, scenePath: scene)
            let report = try EpisodeReplay.run(recording, scene: spec, verify: verify)
            if json {
                print(try report.record.jsonLine())
            } else {
                print("replayed \(report.steps) of \(recording.stepCount) control steps of \(recording.sceneName), "
                      + "seed \(recording.seed), policy \(recording.policy)")
                print("  outcome: " + (report.record.success ? "success" : "failure (\(report.record.failureReason ?? "unknown"))")
                      + String(format: ", return %.3f, trajectory hash %@", report.record.episodeReturn,
                               report.record.trajectoryHash))
            }
            if let mismatch = report.mismatch {
                if verify {
                    BatchCommand.warn("error: verify failed at \(mismatch)")
                    throw ExitCode.failure
                }
                BatchCommand.warn("the replay differs from the record at \(mismatch)")
            } else if verify {
                print("verified: every trajectory hash and \(report.stateHashesChecked) world state hashes match")
            }
        } catch let error as RecordingError {
            BatchCommand.warn("error: \(error)")
            throw ExitCode.failure
        } catch let error as BatchError {
            BatchCommand.warn("error: \(error)")
            throw ExitCode.failure
        }
    }
}
