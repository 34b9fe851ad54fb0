// Tests of Sources/Runner/BatchPlan.swift: jobs per scene and shard, seeds, scene checks.
import XCTest
@testable import Runner

final class BatchPlanTests: XCTestCase {
    func testJobsFollowSeedsAndShard() throws {
        let plan = try BatchTestSupport.plan(episodes: 5, seed: 11, shard: try ShardSpec(parsing: "1/2"))
        XCTAssertEqual(plan.jobs.map(\.episode), [1, 3])
        XCTAssertEqual(plan.jobs.map(\.seed), [1, 3].map { EpisodeSeeds.seed(batchSeed: 11, index: $0) })
        XCTAssertEqual(plan.scenes.first?.name, "stand_push")
        XCTAssertGreaterThan(plan.scenes.first?.actionSize ?? 0, 0)
        XCTAssertEqual(plan.key(of: plan.jobs[0]), EpisodeKey(scene: "stand_push", seed: plan.jobs[0].seed, policy: "random"))
    }

    func testSceneHashFollowsOverrides() throws {
        let short = try BatchTestSupport.plan(episodes: 1)
        let again = try BatchTestSupport.plan(episodes: 1)
        let longer = try BatchTestSupport.plan(episodes: 1, overrides: ["task.episode_seconds=0.75"])
        XCTAssertEqual(short.scenes[0].hash, again.scenes[0].hash)
        XCTAssertNotEqual(short.scenes[0].hash, longer.scenes[0].hash)
        // robot.velocity_limits is written only when on: off (the default) keeps the hash.
        let limited = try BatchTestSupport.plan(episodes: 1, overrides: BatchTestSupport.shortEpisodes + ["robot.velocity_limits=true"])
        let unlimited = try BatchTestSupport.plan(episodes: 1, overrides: BatchTestSupport.shortEpisodes + ["robot.velocity_limits=false"])
        XCTAssertEqual(short.scenes[0].hash, unlimited.scenes[0].hash)
        XCTAssertNotEqual(short.scenes[0].hash, limited.scenes[0].hash)
    }

    func testRejectsUnknownSceneBadOverrideAndTwins() throws {
        XCTAssertThrowsError(try BatchTestSupport.plan(episodes: 1, scenes: ["Scenes/does_not_exist.yaml"])) { error in
            XCTAssertTrue("\(error)".contains("does_not_exist.yaml"), "\(error)")
        }
        XCTAssertThrowsError(try BatchTestSupport.plan(episodes: 1, overrides: ["task.control_hz=7"])) { error in
            XCTAssertTrue("\(error)".contains("control_hz"), "\(error)")
        }
        let scene = BatchTestSupport.standPush
        XCTAssertThrowsError(try BatchTestSupport.plan(episodes: 1, scenes: [scene, scene])) { error in
            XCTAssertTrue("\(error)".contains("both named"), "\(error)")
        }
    }
}
