// Shared helpers of the batch tests: the repository's scenes with short episodes, scratch
// directories, and the built `tground` binary for the tests that run it as a child process.
import Foundation
import XCTest
@testable import Runner

enum BatchTestSupport {
    /// The repository root (three levels above this file).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static var standPush: String { repositoryRoot + "/Scenes/stand_push.yaml" }

    /// Half-second episodes: 30 control steps, enough to exercise everything, fast in debug.
    static let shortEpisodes = ["task.episode_seconds=0.5"]

    /// A fresh, empty scratch directory (removed by the test's teardown block).
    static func scratchDirectory(_ test: XCTestCase) -> String {
        let path = NSTemporaryDirectory() + "tground-batch-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    static func plan(episodes: Int, seed: UInt64 = 7, policy: String = "random", shard: ShardSpec? = nil,
                     overrides: [String] = shortEpisodes, scenes: [String]? = nil) throws -> BatchPlan {
        try BatchPlan(scenePaths: scenes ?? [standPush], overrides: overrides, episodes: episodes, seed: seed,
                      policyName: policy, shard: shard)
    }

    static func run(_ plan: BatchPlan, workers: Int = 1, out: String? = nil, record: Bool = false,
                    stateHashInterval: Int = 10, stop: BatchStop = BatchStop(),
                    progress: (@Sendable (BatchProgress) -> Void)? = nil,
                    warnings: ((String) -> Void)? = nil) throws -> BatchResult {
        let options = BatchOptions(workers: workers, outputDirectory: out, record: record,
                                   stateHashInterval: stateHashInterval, syncEachEpisode: false)
        let spec = try PolicySpec(parsing: plan.policyName)
        return try BatchRunner(plan: plan, options: options, makePolicy: try spec.factory(for: plan))
            .run(stop: stop, progress: progress, warning: warnings ?? { _ in })
    }

    /// Trajectory hash by episode key.
    static func hashes(_ records: [EpisodeRecord]) -> [EpisodeKey: String] {
        Dictionary(records.map { ($0.key, $0.trajectoryHash) }, uniquingKeysWith: { first, _ in first })
    }

    /// The debug `tground` built next to this package (`.build/debug/tground`), or nil.
    /// The tground of this test build (beside the test bundle: a sanitizer build tests its
    /// own binary), else the debug build's.
    static var tgroundBinary: String? {
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
            for _ in 0..<3 {
                let candidate = directory.appendingPathComponent("tground").path
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
        }
        for candidate in [".build/debug/tground", ".build/x86_64-unknown-linux-gnu/debug/tground"] {
            let path = repositoryRoot + "/" + candidate
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static func file(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    /// Starts `tground arguments…` in the repository root with stdout and stderr in
    /// `scratch/name.out` and `scratch/name.err`.
    static func startTGround(_ binary: String, _ arguments: [String], scratch: String, name: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: repositoryRoot)
        _ = FileManager.default.createFile(atPath: scratch + "/\(name).out", contents: nil)
        _ = FileManager.default.createFile(atPath: scratch + "/\(name).err", contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: scratch + "/\(name).out")
        process.standardError = FileHandle(forWritingAtPath: scratch + "/\(name).err")
        try process.run()
        return process
    }
}
