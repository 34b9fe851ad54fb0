// Tests of Sources/Runner/EpisodeReplay.swift: a fresh record verifies bit for bit; a
// tampered one fails, naming the control step; a changed scene is refused.
import Foundation
import XCTest
@testable import Runner

final class EpisodeReplayTests: XCTestCase {
    /// One recorded random-policy episode (30 control steps), state hashed every 4 steps.
    private func recordedEpisode() throws -> (recording: EpisodeRecording, record: EpisodeRecord, path: String) {
        let out = BatchTestSupport.scratchDirectory(self) + "/run"
        let result = try BatchTestSupport.run(try BatchTestSupport.plan(episodes: 1), out: out, record: true,
                                              stateHashInterval: 4)
        let record = try XCTUnwrap(result.records.first)
        let path = out + "/" + (try XCTUnwrap(record.record))
        return (try EpisodeRecording.read(from: path), record, path)
    }

    func testFreshRecordVerifies() throws {
        let (recording, record, _) = try recordedEpisode()
        XCTAssertEqual(recording.stepCount, 30)
        XCTAssertEqual(recording.stateHashSteps, [4, 8, 12, 16, 20, 24, 28, 30])
        XCTAssertEqual(recording.seed, record.seed)
        let scene = try EpisodeReplay.scene(for: recording)
        let report = try EpisodeReplay.run(recording, scene: scene, verify: true)
        XCTAssertNil(report.mismatch, "\(report.mismatch.map(String.init(describing:)) ?? "")")
        XCTAssertEqual(report.steps, 30)
        XCTAssertEqual(report.stateHashesChecked, 9, "after reset and 8 recorded steps")
        XCTAssertEqual(report.record.trajectoryHash, record.trajectoryHash)
        XCTAssertEqual(report.record.episodeReturn, record.episodeReturn)
    }

    func testTamperedStateHashNamesItsStep() throws {
        var (recording, _, _) = try recordedEpisode()
        recording.stateHashes[2] ^= 1  // the hash of step 12
        let report = try EpisodeReplay.run(recording, scene: try EpisodeReplay.scene(for: recording), verify: true)
        XCTAssertEqual(report.mismatch?.step, 12)
        XCTAssertEqual(report.mismatch?.what, "state hash")
        XCTAssertTrue(report.mismatch?.description.contains("control step 12") ?? false)
        XCTAssertEqual(report.steps, 12, "verify stops at the first difference")
    }

    // A changed action changes the simulation from the step it takes effect (with up to one
    // step of control latency).
    func testTamperedActionFailsAtThatStep() throws {
        var (recording, _, _) = try recordedEpisode()
        for index in 0..<recording.actionSize { recording.actions[9 * recording.actionSize + index] += 0.05 }  // step 10
        let report = try EpisodeReplay.run(recording, scene: try EpisodeReplay.scene(for: recording), verify: true)
        let step = try XCTUnwrap(report.mismatch?.step)
        XCTAssertTrue((10...11).contains(step), "mismatch at \(step)")
    }

    func testChangedSceneIsRefused() throws {
        var (recording, _, _) = try recordedEpisode()
        recording.overrides = ["task.episode_seconds=0.75"]
        XCTAssertThrowsError(try EpisodeReplay.scene(for: recording)) { error in
            XCTAssertTrue("\(error)".contains("not the scene that was recorded"), "\(error)")
        }
    }
}
