// The episode's sanity guard: a scene whose objects start inside each other, and a body
// flung to an absurd speed, end the episode as `diverged` with a reason that names the
// bodies and the quantity; healthy episodes never trip it.
import XCTest
import Physics
import Scene
@testable import Tasks

final class EpisodeSanityTests: XCTestCase {
    func testObjectsStartingInsideEachOtherEndTheEpisodeAtOnce() throws {
        // The part's centre 2 cm above the bench top: its bottom 3 cm inside the bench.
        let path = TasksTestSupport.repository + "/Scenes/pick_place.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains("position: [0.32, -0.04, 0.851]"), "pick_place.yaml moved its part: update this test")
        let scene = try SceneFileLoader.decode(
            yaml: text.replacingOccurrences(of: "position: [0.32, -0.04, 0.851]", with: "position: [0.32, -0.04, 0.82]"),
            file: path, overrides: ["randomization.part_position=[0, 0, 0]"])
        let episode = try Episode(scene: scene, seed: 1)
        let result = try episode.step([Double](repeating: 0, count: episode.actionSize))
        XCTAssertTrue(result.terminated)
        XCTAssertEqual(result.failure, .diverged)
        let detail = try XCTUnwrap(result.failureDetail)
        XCTAssertTrue(detail.hasPrefix("bodies start inside each other:"), detail)
        XCTAssertTrue(detail.contains("part part"), detail)
        XCTAssertTrue(detail.contains("fixture bench"), detail)
        XCTAssertTrue(detail.contains("penetration depth"), detail)
        XCTAssertThrowsError(try episode.step([Double](repeating: 0, count: episode.actionSize)), "the episode has ended")
    }

    func testAFlungPartDivergesNamingThePartAndItsSpeed() throws {
        let episode = try Episode(scene: try TasksTestSupport.scene("pick_place"), seed: 1)
        let zero = [Double](repeating: 0, count: episode.actionSize)
        _ = try episode.step(zero)
        let part = try XCTUnwrap(episode.world.parts.first { $0.name == "part" }?.body)
        try part.setVelocity(linear: Vector3(0, 0, 120))
        let result = try episode.step(zero)
        XCTAssertEqual(result.failure, .diverged)
        XCTAssertFalse(result.success)
        XCTAssertTrue(result.failureDetail?.hasPrefix("part part: linear speed") ?? false, result.failureDetail ?? "no detail")
    }

    func testHealthyEpisodeNeverTripsTheGuard() throws {
        let scene = try TasksTestSupport.scene("stand_push", overrides: ["task.episode_seconds=2", "task.params.first_push=100"])
        let episode = try Episode(scene: scene, seed: 2)
        let last = try XCTUnwrap(try TasksTestSupport.runZero(episode))
        XCTAssertNil(episode.divergence)
        XCTAssertNotEqual(last.failure, .diverged)
    }
}
