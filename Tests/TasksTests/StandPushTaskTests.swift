// stand_push: a stiff statue falls once the pushes come; without pushes it succeeds.
import XCTest
import Physics
import Scene
@testable import Tasks

final class StandPushTaskTests: XCTestCase {
    func testZeroPolicyFallsOnceThePushesCome() throws {
        let scene = try TasksTestSupport.scene("stand_push")
        for seed: UInt64 in [1, 2] {
            let episode = try Episode(scene: scene, seed: seed)
            let result = try XCTUnwrap(TasksTestSupport.runZero(episode))
            XCTAssertEqual(result.failure, .fell, "seed \(seed)")
            XCTAssertFalse(result.success)
            let firstPush = 2.0
            XCTAssertGreaterThan(episode.simulatedTime, firstPush, "it must stand until the first push")
            XCTAssertGreaterThanOrEqual(result.metrics["pushes"] ?? 0, 1)
        }
    }

    /// The metrics say which pushes came (force and direction of each one applied) and
    /// the episode's drawn control latency, so a batch's failures can be split by them
    /// (Tools/push-falls). With the force range narrowed to one value, every push has it.
    func testMetricsNameEachPushAndTheLatency() throws {
        let scene = try TasksTestSupport.scene("stand_push", overrides: [
            "task.episode_seconds=4.5", "randomization.push_force=[180,180]", "randomization.push_interval=[2,2]",
            "randomization.control_latency_steps=[1,1]",
        ])
        let episode = try Episode(scene: scene, seed: 3)
        let result = try XCTUnwrap(TasksTestSupport.runZero(episode))
        let pushes = Int(result.metrics["pushes"] ?? 0)
        XCTAssertGreaterThanOrEqual(pushes, 1)
        XCTAssertEqual(result.metrics["control_latency_steps"], 1)
        for k in 1...pushes {
            XCTAssertEqual(result.metrics["push\(k)_force"] ?? 0, 180, accuracy: 1e-9)
            let angle = try XCTUnwrap(result.metrics["push\(k)_angle"])
            XCTAssertTrue((-180...180).contains(angle), "\(angle)")
        }
        XCTAssertNil(result.metrics["push\(pushes + 1)_force"], "only the pushes applied are named")
        // Two seeds draw two directions.
        let other = try XCTUnwrap(TasksTestSupport.runZero(try Episode(scene: scene, seed: 4)))
        XCTAssertNotEqual(other.metrics["push1_angle"], result.metrics["push1_angle"])
    }

    func testWithoutPushesStandingIsASuccessAtTheEnd() throws {
        let scene = try TasksTestSupport.scene("stand_push", overrides: [
            "task.episode_seconds=3", "task.params.first_push=100",
        ])
        let episode = try Episode(scene: scene, seed: 7)
        let result = try XCTUnwrap(TasksTestSupport.runZero(episode))
        XCTAssertTrue(result.success, "failure: \(String(describing: result.failure))")
        XCTAssertEqual(episode.simulatedTime, 3, accuracy: 1e-6)
        XCTAssertEqual(result.rewardTerms["alive"], 1)
    }

    func testUnknownParameterAndLinkAreSceneErrors() throws {
        XCTAssertThrowsError(try Episode(scene: try TasksTestSupport.scene("stand_push", overrides: ["task.params.push_durration=1"]),
                                         seed: 0)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("stand_push.yaml:") && text.contains("task.params.push_durration")
                          && text.contains("did you mean 'push_duration'"), text)
        }
        XCTAssertThrowsError(try Episode(scene: try TasksTestSupport.scene("stand_push", overrides: ["task.params.push_link=tail"]),
                                         seed: 0)) { error in
            XCTAssertTrue("\(error)".contains("no link named 'tail'"), "\(error)")
        }
    }
}
