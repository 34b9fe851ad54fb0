import ArgumentParser
import Foundation
import Runner

// `tground merge DIR…`: shard directories of one batch → one summary.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the shard directories of a batch into one summary.",
        discussion: """
            Reads each directory's manifest.json and episodes.jsonl (written by
            `tground batch --shard i/N --out DIR`), checks they are shards of one batch
            (same scenes and scene hashes, policy, seed, episodes and shard count; each
            shard once; all shards present unless --allow-partial), and prints the
            summary — the same, timing aside, as one machine running every seed. A torn
            last line in a shard's log is dropped with a warning.

            With --out, writes a batch directory holding the whole batch: manifest.json
            (no shard), episodes.jsonl in plan order (record paths point into the shard
            directories) and summary.json; `tground batch` with that --out resumes
            nothing, since every episode is logged.

            EXAMPLE
              tground merge runs/push-0 runs/push-1 runs/push-2 runs/push-3 --out runs/push
            """
    )

    @Argument(help: "Shard directories.")
    var directories: [String]

    @Option(help: "Write the merged batch directory here.")
    var out: String?

    @Flag(name: .customLong("allow-partial"), help: "Summarise even when shards are missing.")
    var allowPartial = false

    @Flag(help: "Print the summary as JSON instead of a table.")
    var json = false

    func run() throws {
        do {
            let result = try BatchMerge.merge(directories: directories, allowPartial: allowPartial,
                                              warning: { BatchCommand.warn($0) })
            if let out { try BatchMerge.write(result, to: out) }
            if json {
                print(String(decoding: try result.summary.jsonData(), as: UTF8.self))
            } else {
                print(result.summary.table())
                if let out { print("merged into \(out)/") }
            }
        } catch let error as BatchError {
            BatchCommand.warn("error: \(error)")
            throw ExitCode.failure
        }
    }
}
