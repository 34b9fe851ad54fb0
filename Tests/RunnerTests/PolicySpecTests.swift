// Tests of Sources/Runner/PolicySpec.swift: names, bad names, expert settings reaching the
// expert's controller, and `replay:FILE` driving an episode with a record's actions.
import Foundation
import XCTest
@testable import Runner
import Control
import Scene
import Tasks

final class PolicySpecTests: XCTestCase {
    func testParsesNames() throws {
        XCTAssertEqual(try PolicySpec(parsing: "zero"), .builtin(.zero))
        XCTAssertEqual(try PolicySpec(parsing: "random"), .builtin(.random))
        XCTAssertEqual(try PolicySpec(parsing: "expert"), .expert)
        XCTAssertEqual(try PolicySpec(parsing: "replay:a/b.tgrec"), .replay(path: "a/b.tgrec"))
        XCTAssertEqual(try PolicySpec(parsing: "replay:a/b.tgrec").description, "replay:a/b.tgrec")
        XCTAssertEqual(try PolicySpec(parsing: "expert:swing_duration=0.3, trigger_margin=-0.01"),
                       .tunedExpert(settings: ["swing_duration=0.3", "trigger_margin=-0.01"]))
        XCTAssertEqual(try PolicySpec(parsing: "expert:swing_duration=0.3,trigger_margin=-0.01").description,
                       "expert:swing_duration=0.3,trigger_margin=-0.01")
        for bad in ["", "walk", "replay:", "expert:", "expert:swing_duration", "expert:a=1,,b=2"] {
            XCTAssertThrowsError(try PolicySpec(parsing: bad), bad)
        }
    }

    // `expert:NAME=VALUE,...` sets the stand_push expert's stepping settings; a bad name or
    // value, or settings for an expert that takes none, is an error naming it.
    func testExpertSettingsReachTheController() throws {
        let scene = try SceneFileLoader.load(path: ExpertPolicyTests.scenes + "/stand_push.yaml")
        let episode = try Episode(scene: scene, seed: 1)
        let factory = try PolicySpec(parsing: "expert:max_step_adjustment=0.41,swing_duration=0.3")
            .factory(actionSize: episode.actionSize)
        let policy = try XCTUnwrap(try factory(episode, 0) as? ExpertPolicy)
        let expert = try XCTUnwrap(policy.expert as? StandPushTaskExpert)
        XCTAssertEqual(expert.balance.settings.maxStepAdjustment, 0.41)
        XCTAssertEqual(expert.balance.settings.swingDuration, 0.3)
        let defaults = try XCTUnwrap((try ExpertPolicy(episode: episode)).expert as? StandPushTaskExpert)
        XCTAssertEqual(defaults.balance.settings.maxStepAdjustment, SteppingBalanceSettings().maxStepAdjustment)

        for (text, names) in [("expert:bogus=1", "bogus"), ("expert:max_step_adjustment=abc", "max_step_adjustment=abc")] {
            let bad = try PolicySpec(parsing: text).factory(actionSize: episode.actionSize)
            XCTAssertThrowsError(try bad(episode, 0)) { error in
                XCTAssertTrue("\(error)".contains(names), "\(error)")
            }
        }
        let pickPlace = try Episode(scene: try SceneFileLoader.load(path: ExpertPolicyTests.scenes + "/pick_place.yaml"), seed: 1)
        XCTAssertThrowsError(try ExpertPolicy(episode: pickPlace, settings: ["swing_duration=0.3"])) { error in
            XCTAssertTrue("\(error)".contains("pick_place expert takes no settings"), "\(error)")
        }
    }

    // A record of a random-policy episode, replayed open-loop from the same seed, gives the
    // same trajectory.
    func testReplayPolicyReproducesTheRecordedEpisode() throws {
        let scratch = BatchTestSupport.scratchDirectory(self)
        let recorded = try BatchTestSupport.run(try BatchTestSupport.plan(episodes: 1), out: scratch + "/a", record: true)
        let record = try XCTUnwrap(recorded.records.first)
        let file = scratch + "/a/" + (try XCTUnwrap(record.record))
        let replayed = try BatchTestSupport.run(try BatchTestSupport.plan(episodes: 1, policy: "replay:" + file))
        XCTAssertEqual(replayed.records.first?.trajectoryHash, record.trajectoryHash)
        XCTAssertEqual(replayed.records.first?.policy, "replay:" + file)
    }

    func testReplayOfUnreadableRecordIsAnError() throws {
        let plan = try BatchTestSupport.plan(episodes: 1, policy: "replay:/no/such.tgrec")
        XCTAssertThrowsError(try PolicySpec.replay(path: "/no/such.tgrec").factory(for: plan)) { error in
            XCTAssertTrue("\(error)".contains("/no/such.tgrec"), "\(error)")
        }
    }
}
