import ArgumentParser
import Foundation
import Runner

// `tground batch SCENE…`: many seeded episodes in parallel, logged, summarised, resumable.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Run many seeded episodes in parallel; log, summarise, resume, shard.",
        discussion: """
            Runs --episodes episodes of every scene on --workers threads (one physics world
            per thread) and writes into --out:
              manifest.json    what batch this is (scenes and their hashes, policy, seed,
                               episodes, shard); a rerun must match it
              episodes.jsonl   one JSON object per finished episode, appended and synced
                               as each finishes: scene, task, episode, seed, policy,
                               success, failure_reason (fell, dropped_part, collision,
                               timeout, diverged, out_of_bounds, or "error: …" when the
                               episode threw), return, length, physics_steps,
                               simulated_seconds, metrics, wall_seconds,
                               steps_per_second, trajectory_hash, record
              summary.json     per task: success rate with its 95% Wilson interval, mean
                               return, mean cycle time, steps/s, failure reasons
              records/         with --record: one .tgrec file per episode (see
                               `tground help replay` for the format)
            and prints the summary as a table. A progress bar (episodes done, success
            rate, steps/s, ETA) is drawn on a terminal; plain lines are printed otherwise.

            SEEDS
              Episode i (0-based) of a batch seeded S has the seed
                seed(S, i) = mix(S + (i + 1) * 0x9E3779B97F4A7C15)
              where mix is SplitMix64's finaliser — the (i+1)-th SplitMix64 output from S.
              Every scene gets the same seed list. The same scene, seed and policy give the
              same trajectory_hash whatever --workers is and in whatever order episodes end.

            RESUME AND INTERRUPTION
              Rerunning with the same --out skips the episodes already logged (matched by
              scene, seed and policy); --episodes may grow. An --out holding another batch
              (other scenes or scene contents, --set values, policy, seed or shard) is an
              error and nothing is written. Ctrl-C (SIGINT) or SIGTERM stops taking
              episodes, abandons those in flight, writes summary.json and exits with 130
              (SIGINT) or 143 (SIGTERM); a second signal exits at once. After kill -9 only
              the episodes in flight are lost; a torn last line of episodes.jsonl is dropped
              with a warning on the next run.

            SHARDS
              --shard i/N (0 <= i < N) runs the episodes whose index e has e % N == i. Run
              every shard into its own --out, then `tground merge DIR…` gives the summary a
              single machine would have. Tools/cluster/ has Slurm and Kubernetes examples.

            POLICIES
              zero          hold the scene's nominal pose
              random        uniform random joint offsets, seeded by the episode seed
              expert        the task's scripted expert (tasks that have one)
              expert:NAME=VALUE,...
                            the expert with settings of its controller (stand_push:
                            SteppingBalanceSettings by name, e.g. expert:swing_duration=0.3)
              replay:FILE   the actions of a .tgrec record, played back open-loop

            EXAMPLES
              tground batch Scenes/stand_push.yaml --episodes 100 --workers 2 --out runs/push
              tground batch Scenes/stand_push.yaml --episodes 1000 --shard 0/4 --out runs/push-0
              tground batch Scenes/*.yaml --episodes 20 --set task.episode_seconds=5 --record --out runs/short
            """
    )

    @Argument(help: "Scene files (Scenes/*.yaml).")
    var scenes: [String]

    @Option(help: "Episodes per scene (before sharding).")
    var episodes: Int = 10

    @Option(help: "Worker threads, each with its own world (default: the number of cores).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Batch seed; episode seeds derive from it and the episode index.")
    var seed: UInt64 = 0

    @Option(help: "zero, random, expert, expert:NAME=VALUE,... or replay:FILE (see POLICIES).")
    var policy: String = "zero"

    @Option(help: "The batch directory (created if needed).")
    var out: String

    @Flag(help: "Store each episode's actions and state hashes in OUT/records/.")
    var record = false

    @Option(name: .customLong("hash-every"), help: "With --record: a full world state hash every this many control steps.")
    var hashEvery: Int = 10

    @Option(help: "Run only shard i of N (i/N, 0-based).")
    var shard: String?

    @Option(name: .customLong("set"), help: "Override a scene key: key.path=value (repeatable).")
    var overrides: [String] = []

    @Flag(name: .customLong("no-sync"), help: "Do not fsync the log after each episode (faster; a power cut may lose more).")
    var noSync = false

    @Flag(help: "Print the summary as JSON instead of a table.")
    var json = false

    func validate() throws {
        guard workers >= 1, workers <= 1024 else { throw ValidationError("--workers must be between 1 and 1024, got \(workers)") }
        guard episodes >= 1 else { throw ValidationError("--episodes must be at least 1, got \(episodes)") }
        guard hashEvery >= 1 else { throw ValidationError("--hash-every must be at least 1, got \(hashEvery)") }
        if let shard {
            do { _ = try ShardSpec(parsing: shard) } catch { throw ValidationError("\(error)") }
        }
        do { _ = try PolicySpec(parsing: policy) } catch { throw ValidationError("\(error)") }
    }

    func run() throws {
        let stop = BatchStop()
        let trap = SignalTrap(stop: stop)
        defer { trap.cancel() }
        let display = BatchProgressDisplay()
        let result: BatchResult
        do {
            let policySpec = try PolicySpec(parsing: policy)
            let plan = try BatchPlan(scenePaths: scenes, overrides: overrides, episodes: episodes, seed: seed,
                                     policyName: policySpec.description, shard: try shard.map { try ShardSpec(parsing: $0) })
            let factory = try policySpec.factory(for: plan)
            let options = BatchOptions(workers: workers, outputDirectory: out, record: record, stateHashInterval: hashEvery,
                                       syncEachEpisode: !noSync)
            result = try BatchRunner(plan: plan, options: options, makePolicy: factory)
                .run(stop: stop, progress: { display.update($0) }, warning: { Self.warn($0) })
        } catch let error as BatchError {
            display.finish()
            Self.warn("error: \(error)")
            throw ExitCode.failure
        } catch let error as ShardSpecError {
            Self.warn("error: \(error)")
            throw ExitCode.failure
        }
        display.finish()
        if json {
            print(String(decoding: try result.summary.jsonData(), as: UTF8.self))
        } else {
            print(result.summary.table())
            print("results in \(out)/")
        }
        if let signal = result.stopSignal {
            Self.warn("stopped by \(signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "a stop request"): "
                      + "\(result.summary.episodesDone) of \(result.summary.episodesPlanned) episodes done; "
                      + "run the same command again to resume")
            throw ExitCode(signal > 0 ? 128 + signal : 1)
        }
    }

    static func warn(_ text: String) {
        FileHandle.standardError.write(Data((text.hasPrefix("error:") ? text : "warning: \(text)").utf8 + [10]))
    }
}
