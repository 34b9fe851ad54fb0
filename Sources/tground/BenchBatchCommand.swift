import ArgumentParser
import Foundation
import Runner

// `tground bench batch`: batch throughput, scaling, logging cost and memory per worker.
struct BenchBatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Episodes/s with 1 and 2 workers, cost of logging and recording, memory per worker.",
        discussion: """
            CASES (the same seeds in each; the median of --repeats runs)
              plain            1 and 2 workers, nothing written: the scaling ratio is
                               2-worker episodes/s ÷ 1-worker episodes/s
              logged           2 workers writing episodes.jsonl (fsync per episode) and
                               summary.json to a temporary directory
              logged+recorded  the same plus a .tgrec record per episode
            The cost of logging (and recording) is the share of plain 2-worker
            throughput it takes, and the extra CPU time per episode. Both are
            differences of noisy figures, so OVERHEAD also times the pieces directly
            (fastest of several tries): appending a log line with fdatasync, writing a
            record file, one world state hash — and adds them up per episode.

            MEMORY: --memory-episodes short episodes (--memory-episode-seconds) with 1,
            then 2 workers: VmRSS (/proc/self/status) before, after warm-up (a fifth
            of the episodes), after each tenth and at the end; the growth per 100
            episodes after warm-up; the growth over the run per worker.

            The machine's load average is shown: when it exceeds the core count, other
            processes took CPU and wall-time figures (scaling above all) understate.
            Figures are printed, never judged. Run a release build (swift build -c
            release) for representative numbers.

            EXAMPLE
              tground bench batch --episodes 40 --memory-episodes 1000
            """
    )

    @Option(help: "The scene to run.")
    var scene: String = "Scenes/stand_push.yaml"

    @Option(help: "Episodes per throughput case and repeat.")
    var episodes: Int = 24

    @Option(help: "Repeats of each throughput case (median reported).")
    var repeats: Int = 3

    @Option(name: .customLong("memory-episodes"), help: "Episodes of each memory case.")
    var memoryEpisodes: Int = 1000

    @Option(name: .customLong("episode-seconds"), help: "Episode length of the throughput cases (s).")
    var episodeSeconds: Double = 2

    @Option(name: .customLong("memory-episode-seconds"), help: "Episode length of the memory cases (s).")
    var memoryEpisodeSeconds: Double = 0.1

    @Flag(help: "Print the report as one JSON object.")
    var json = false

    func validate() throws {
        guard episodes >= 1, repeats >= 1, memoryEpisodes >= 1 else {
            throw ValidationError("--episodes, --repeats and --memory-episodes must be at least 1")
        }
        guard episodeSeconds > 0, episodeSeconds.isFinite, memoryEpisodeSeconds > 0, memoryEpisodeSeconds.isFinite else {
            throw ValidationError("--episode-seconds and --memory-episode-seconds must be > 0")
        }
    }

    func run() throws {
        let configuration = BatchBenchConfiguration(
            scenePath: scene, episodeSeconds: episodeSeconds, episodes: episodes, repeats: repeats,
            memoryEpisodes: memoryEpisodes, memoryEpisodeSeconds: memoryEpisodeSeconds)
        do {
            let report = try BatchBench.run(configuration, note: { FileHandle.standardError.write(Data(("… " + $0 + "\n").utf8)) })
            print(json ? report.jsonLine() : report.table())
        } catch let error as BatchError {
            BatchCommand.warn("error: \(error)")
            throw ExitCode.failure
        }
    }
}
