// Tests of Sources/Runner/BatchRunner.swift: determinism across worker counts, resume,
// stop requests, crash isolation, and directories that belong to another batch.
import Foundation
import Tasks
import XCTest
@testable import Runner

final class BatchRunnerTests: XCTestCase {
    // The same seeds give the same trajectory hashes with 1 and 3 workers (different
    // finishing orders), and the same as `tground run`'s single-episode runner.
    func testTrajectoryHashesDoNotDependOnWorkers() throws {
        let plan = try BatchTestSupport.plan(episodes: 6)
        let one = try BatchTestSupport.run(plan, workers: 1)
        let three = try BatchTestSupport.run(plan, workers: 3)
        XCTAssertEqual(one.records.count, 6)
        XCTAssertEqual(BatchTestSupport.hashes(one.records), BatchTestSupport.hashes(three.records))
        XCTAssertEqual(one.summary.outcomesOnly(), three.summary.outcomesOnly())
        XCTAssertEqual(Set(one.records.map(\.trajectoryHash)).count, 6, "different seeds should give different episodes")
        // Seeds follow the documented formula.
        XCTAssertEqual(one.records.map(\.seed), (0..<6).map { EpisodeSeeds.seed(batchSeed: 7, index: $0) })

        let third = one.records[2]
        let single = try EpisodeRunner.run(scene: plan.scenes[0].spec, seed: third.seed, policy: .random)
        XCTAssertEqual(UInt64(single.trajectoryHash, radix: 16), UInt64(third.trajectoryHash, radix: 16))
        XCTAssertEqual(single.episodeReturn, third.episodeReturn)
    }

    // Every line of the log is a finished episode; summary.json and manifest.json are written.
    func testWritesLogSummaryAndManifest() throws {
        let out = BatchTestSupport.scratchDirectory(self) + "/run"
        let result = try BatchTestSupport.run(try BatchTestSupport.plan(episodes: 3), workers: 2, out: out)
        let log = try EpisodeLog.read(path: out + "/episodes.jsonl")
        XCTAssertEqual(log.records.count, 3)
        XCTAssertTrue(log.warnings.isEmpty)
        XCTAssertEqual(Set(log.records.map(\.key)), Set(result.records.map(\.key)))
        let summary = try BatchSummary.read(from: out + "/summary.json")
        XCTAssertEqual(summary, result.summary)
        XCTAssertEqual(summary.tasks.first?.episodes, 3)
        XCTAssertEqual(summary.run?.workers, 2)
        let manifest = try XCTUnwrap(try BatchManifest.read(fromDirectory: out))
        XCTAssertEqual(manifest.scenes.map(\.name), ["stand_push"])
        XCTAssertEqual(manifest.policy, "random")
        XCTAssertEqual(manifest.episodes, 3)
        // The line has every documented field.
        let line = try XCTUnwrap(BatchTestSupport.file(out + "/episodes.jsonl").split(separator: "\n").first)
        for field in ["scene", "task", "episode", "seed", "policy", "success", "failure_reason", "return", "length",
                      "metrics", "wall_seconds", "trajectory_hash"] {
            XCTAssertTrue(line.contains("\"\(field)\":"), "missing \(field) in \(line)")
        }
    }

    // A rerun skips logged episodes, and a larger --episodes runs only the new ones; results
    // equal a run from scratch.
    func testResumeSkipsFinishedEpisodes() throws {
        let out = BatchTestSupport.scratchDirectory(self) + "/run"
        let first = try BatchTestSupport.run(try BatchTestSupport.plan(episodes: 3), out: out)
        XCTAssertEqual(first.summary.run?.episodesRun, 3)
        let again = try BatchTestSupport.run(try BatchTestSupport.plan(episodes: 3), out: out)
        XCTAssertEqual(again.summary.run?.episodesRun, 0)
        XCTAssertEqual(again.summary.outcomesOnly(), first.summary.outcomesOnly())
        let extended = try BatchTestSupport.run(try BatchTestSupport.plan(episodes: 5), workers: 2, out: out)
        XCTAssertEqual(extended.summary.run?.episodesRun, 2)
        XCTAssertEqual(extended.records.count, 5)
        XCTAssertEqual(try EpisodeLog.read(path: out + "/episodes.jsonl").records.count, 5)
        let fresh = try BatchTestSupport.run(try BatchTestSupport.plan(episodes: 5), workers: 2)
        XCTAssertEqual(BatchTestSupport.hashes(extended.records), BatchTestSupport.hashes(fresh.records))
        XCTAssertEqual(extended.summary.outcomesOnly(), fresh.summary.outcomesOnly())
    }

    // A torn last line (a crash mid-write) is dropped with a warning; the complete lines are
    // kept and the torn episode runs again.
    func testResumeDropsTornLastLineWithWarning() throws {
        let out = BatchTestSupport.scratchDirectory(self) + "/run"
        _ = try BatchTestSupport.run(try BatchTestSupport.plan(episodes: 3), out: out)
        let logPath = out + "/episodes.jsonl"
        let complete = BatchTestSupport.file(logPath)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: logPath))
        handle.seekToEndOfFile()
        handle.write(Data("{\"episode\":3,\"failure_reason\":null,\"len".utf8))
        handle.closeFile()

        var warnings: [String] = []
        let result = try BatchTestSupport.run(try BatchTestSupport.plan(episodes: 4), out: out, warnings: { warnings.append($0) })
        XCTAssertEqual(warnings.count, 1, "\(warnings)")
        XCTAssertTrue(warnings.first?.contains("incomplete") ?? false, "\(warnings)")
        XCTAssertEqual(result.summary.run?.episodesRun, 1)
        let text = BatchTestSupport.file(logPath)
        XCTAssertTrue(text.hasPrefix(complete), "complete lines must be kept as they were")
        XCTAssertTrue(text.hasSuffix("\n"))
        let log = try EpisodeLog.read(path: logPath)
        XCTAssertEqual(log.records.count, 4)
        XCTAssertTrue(log.warnings.isEmpty)
    }

    // A stop request abandons the episodes in flight, writes an incomplete summary; a rerun
    // completes the batch with the same results as an uninterrupted run.
    func testStopWritesSummaryAndRerunCompletes() throws {
        let out = BatchTestSupport.scratchDirectory(self) + "/run"
        let plan = try BatchTestSupport.plan(episodes: 6)
        let stop = BatchStop()
        let stopped = try BatchTestSupport.run(plan, workers: 2, out: out, stop: stop, progress: { progress in
            if progress.done >= 2 { stop.request(signal: SIGINT) }
        })
        XCTAssertTrue(stopped.interrupted)
        XCTAssertEqual(stopped.stopSignal, SIGINT)
        XCTAssertGreaterThanOrEqual(stopped.summary.episodesDone, 2)
        XCTAssertLessThan(stopped.summary.episodesDone, 6)
        XCTAssertFalse(stopped.summary.complete)
        let written = try BatchSummary.read(from: out + "/summary.json")
        XCTAssertEqual(written.run?.interrupted, true)
        XCTAssertEqual(written.episodesDone, stopped.summary.episodesDone)
        XCTAssertEqual(try EpisodeLog.read(path: out + "/episodes.jsonl").records.count, stopped.summary.episodesDone)

        let resumed = try BatchTestSupport.run(plan, workers: 2, out: out)
        XCTAssertFalse(resumed.interrupted)
        XCTAssertTrue(resumed.summary.complete)
        let fresh = try BatchTestSupport.run(plan, workers: 1)
        XCTAssertEqual(BatchTestSupport.hashes(resumed.records), BatchTestSupport.hashes(fresh.records))
    }

    // An episode whose policy emits NaN makes the Episode throw: it is logged as a failure
    // with `error: …`, and the other episodes run as usual.
    func testEpisodeThatThrowsIsRecordedAndBatchCarriesOn() throws {
        let out = BatchTestSupport.scratchDirectory(self) + "/run"
        let plan = try BatchTestSupport.plan(episodes: 4, policy: "nan-on-episode-1")
        let factory: PolicyFactory = { episode, index in
            index == 1 ? NaNPolicy() as any Policy : makePolicy(.random, seed: episode.seed)
        }
        let result = try BatchRunner(plan: plan, options: BatchOptions(workers: 2, outputDirectory: out, syncEachEpisode: false),
                                     makePolicy: factory).run()
        XCTAssertEqual(result.records.count, 4)
        let broken = try XCTUnwrap(result.records.first { $0.episode == 1 })
        XCTAssertFalse(broken.success)
        XCTAssertTrue(broken.failureReason?.hasPrefix("error: ") ?? false, "\(broken.failureReason ?? "nil")")
        XCTAssertTrue(broken.failureReason?.contains("NaN") ?? false, "\(broken.failureReason ?? "nil")")
        XCTAssertEqual(broken.length, 0)
        for record in result.records where record.episode != 1 {
            XCTAssertFalse(record.failureReason?.hasPrefix("error") ?? false)
            XCTAssertEqual(record.length, 30)
        }
        XCTAssertEqual(result.summary.failureReasons[broken.failureReason ?? ""], 1)
        let logged = try EpisodeLog.read(path: out + "/episodes.jsonl").records.first { $0.episode == 1 }
        XCTAssertEqual(logged?.failureReason, broken.failureReason)
    }

    // An --out holding another scene's (or another configuration's) results is refused and
    // nothing in it changes; so is a non-empty folder that is not a batch directory.
    func testRefusesDirectoryOfAnotherBatch() throws {
        let scratch = BatchTestSupport.scratchDirectory(self)
        let out = scratch + "/run"
        _ = try BatchTestSupport.run(try BatchTestSupport.plan(episodes: 2), out: out)
        let files = ["manifest.json", "episodes.jsonl", "summary.json"]
        let before = files.map { BatchTestSupport.file(out + "/" + $0) }

        let otherScene = scratch + "/other.yaml"
        var text = BatchTestSupport.file(BatchTestSupport.standPush)
        let nameLine = try XCTUnwrap(text.range(of: "\nname: stand_push\n"))
        text.replaceSubrange(nameLine, with: "\nname: other_scene\n")
        try text.write(toFile: otherScene, atomically: true, encoding: .utf8)
        let attempts: [(BatchPlan, String)] = [
            (try BatchTestSupport.plan(episodes: 2, scenes: [otherScene]), "other_scene"),
            (try BatchTestSupport.plan(episodes: 2, overrides: ["task.episode_seconds=0.75"]), "different contents"),
            (try BatchTestSupport.plan(episodes: 2, seed: 8), "seed"),
            (try BatchTestSupport.plan(episodes: 2, policy: "zero"), "policy"),
            (try BatchTestSupport.plan(episodes: 2, shard: try ShardSpec(parsing: "0/2")), "shard"),
        ]
        for (plan, mention) in attempts {
            XCTAssertThrowsError(try BatchTestSupport.run(plan, out: out)) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains("holds the results of another batch"), text)
                XCTAssertTrue(text.contains(mention), "expected '\(mention)' in: \(text)")
            }
        }
        XCTAssertEqual(files.map { BatchTestSupport.file(out + "/" + $0) }, before, "nothing may be written over results")

        let unrelated = scratch + "/unrelated"
        try FileManager.default.createDirectory(atPath: unrelated, withIntermediateDirectories: true)
        try "keep me".write(toFile: unrelated + "/notes.txt", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try BatchTestSupport.run(try BatchTestSupport.plan(episodes: 1), out: unrelated)) { error in
            XCTAssertTrue("\(error)".contains("not a batch directory"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: unrelated), ["notes.txt"])
    }

    // Bad arguments are clear errors before anything runs.
    func testBadInputIsAnError() throws {
        XCTAssertThrowsError(try BatchTestSupport.plan(episodes: 1, scenes: ["/no/such/scene.yaml"])) { error in
            XCTAssertTrue("\(error)".contains("/no/such/scene.yaml"), "\(error)")
        }
        XCTAssertThrowsError(try BatchTestSupport.plan(episodes: 0))
        let plan = try BatchTestSupport.plan(episodes: 1)
        XCTAssertThrowsError(try BatchRunner(plan: plan, options: BatchOptions(workers: 0), makePolicy: { _, _ in ZeroPolicy() }))
        XCTAssertThrowsError(try BatchRunner(plan: plan, options: BatchOptions(record: true), makePolicy: { _, _ in ZeroPolicy() }))
    }
}

/// Emits NaN actions: the Episode refuses them with an error.
private struct NaNPolicy: Policy {
    func act(observation: [Double], episode: Episode) -> [Double] {
        [Double](repeating: .nan, count: episode.actionSize)
    }
}
