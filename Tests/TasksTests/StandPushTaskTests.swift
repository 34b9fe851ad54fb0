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
