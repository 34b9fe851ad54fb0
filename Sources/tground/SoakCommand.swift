import ArgumentParser
import Foundation
import Runner

// `tground soak`: a long batch over every scene, watched for memory, descriptor and thread
// growth and for episodes that end in anything but a judged outcome.
struct SoakCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Run thousands of short episodes over every scene and check the process stays steady.",
        discussion: """
            Runs --episodes episodes in all (spread evenly over the scenes; default every
            Scenes/*.yaml), each --episode-seconds long, on --workers threads, with
            --policy (random by default: it moves every joint). While it runs it samples
            the process about 200 times: VmRSS, open file descriptors (/proc/self/fd)
            and threads. It passes when
              • resident memory after warm-up (the first --warmup share of the episodes)
                stays within --memory-tolerance of its value at warm-up;
              • open file descriptors at the end are not above those while running, and
                the thread count does not climb while running;
              • no episode ends in an error; every `diverged` episode carries the sanity
                guard's reason (body, link, quantity), and they are listed.
            With --out, the episodes are logged as a batch directory (resumable) and the
            report is written to OUT/soak.json. Exit status: 0 passed, 1 failed, 130/143
            after SIGINT/SIGTERM.

            EXAMPLES
              tground soak                                   # 10,000 episodes of 0.5 s
              tground soak --episodes 900 --episode-seconds 1 --out runs/soak
            """
    )

    @Argument(help: "Scene files (default: every Scenes/*.yaml).")
    var scenes: [String] = []

    @Option(help: "Episodes in all, spread over the scenes.")
    var episodes: Int = 10_000

    @Option(name: .customLong("episode-seconds"), help: "Simulated length of each episode (s).")
    var episodeSeconds: Double = 0.5

    @Option(help: "Worker threads (default: the number of cores).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "zero, random, expert, expert:NAME=VALUE,... or replay:FILE.")
    var policy: String = "random"

    @Option(help: "Batch seed.")
    var seed: UInt64 = 1

    @Option(help: "A batch directory for the episodes and soak.json.")
    var out: String?

    @Option(name: .customLong("memory-tolerance"), help: "Allowed growth of resident memory after warm-up (fraction).")
    var memoryTolerance: Double = 0.05

    @Option(help: "Share of the episodes that is warm-up.")
    var warmup: Double = 0.1

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        guard episodes >= 1 else { throw ValidationError("--episodes must be at least 1, got \(episodes)") }
        guard workers >= 1, workers <= 1024 else { throw ValidationError("--workers must be between 1 and 1024, got \(workers)") }
        guard episodeSeconds.isFinite, episodeSeconds > 0 else { throw ValidationError("--episode-seconds must be > 0") }
        guard memoryTolerance.isFinite, memoryTolerance >= 0 else { throw ValidationError("--memory-tolerance must be >= 0") }
        guard warmup.isFinite, warmup >= 0, warmup < 1 else { throw ValidationError("--warmup must be in [0, 1)") }
        do { _ = try PolicySpec(parsing: policy) } catch { throw ValidationError("\(error)") }
    }

    func run() throws {
        var paths = scenes
        if paths.isEmpty {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: "Scenes")) ?? []
            paths = names.filter { $0.hasSuffix(".yaml") }.sorted().map { "Scenes/" + $0 }
            guard !paths.isEmpty else { throw ValidationError("no scenes given and no Scenes/*.yaml in the current directory") }
        }
        let stop = BatchStop()
        let trap = SignalTrap(stop: stop)
        defer { trap.cancel() }
        let configuration = SoakConfiguration(scenePaths: paths, episodes: episodes, episodeSeconds: episodeSeconds,
                                              workers: workers, policy: try PolicySpec(parsing: policy), seed: seed,
                                              outputDirectory: out, memoryTolerance: memoryTolerance, warmupFraction: warmup)
        let report: SoakReport
        do {
            report = try Soak.run(configuration, stop: stop) { sample, total in
                guard !json else { return }
                FileHandle.standardError.write(Data(String(
                    format: "\r%6d/%d episodes  %.0f s  RSS %.1f MiB  fds %d  threads %d", sample.episodes, total, sample.seconds,
                    Double(sample.residentBytes) / 1_048_576, sample.fileDescriptors, sample.threads).utf8))
            }
        } catch let error as BatchError {
            BatchCommand.warn("error: \(error)")
            throw ExitCode.failure
        }
        if !json { FileHandle.standardError.write(Data("\n".utf8)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(report)
        if let out { try data.write(to: URL(fileURLWithPath: out + "/soak.json"), options: .atomic) }
        print(json ? String(decoding: data, as: UTF8.self) : report.rendered())
        if stop.isRequested, let signal = stop.signal { throw ExitCode(128 + signal) }
        if !report.passed { throw ExitCode.failure }
    }
}
