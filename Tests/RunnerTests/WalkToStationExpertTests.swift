// The walk_to_station expert at its scene's settings (1/120 s, warm-started joint rows):
// it walks the 3 m to the station and stands there facing the bench.
import Foundation
import XCTest
import Physics
import Scene
@testable import Runner
import Tasks

final class WalkToStationExpertTests: XCTestCase {
    func testExpertWalksToTheStationAndStandsFacingTheBench() throws {
        let scene = try SceneFileLoader.load(path: ExpertPolicyTests.scenes + "/walk_to_station.yaml")
        let outcome = try EpisodeRunner.run(scene: scene, seed: 0, policyName: "expert") { try ExpertPolicy(episode: $0) }
        XCTAssertTrue(outcome.success, "\(outcome.failureReason ?? "timeout") \(outcome.metrics)")
        XCTAssertLessThan(outcome.metrics["distance"] ?? 1, 0.15, "\(outcome.metrics)")
    }
}
