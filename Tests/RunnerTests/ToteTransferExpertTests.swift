// The tote_transfer expert lifts the tote off the shelf with both hands (a squeeze on each
// end, through contact only), turns a quarter turn at the waist and sets it down on the cart.
import Foundation
import XCTest
import Physics
import Scene
@testable import Runner
import Tasks

final class ToteTransferExpertTests: XCTestCase {
    static let scenes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path + "/Scenes"

    func testToteTransferExpertSetsTheToteDownOnTheCart() throws {
        let scene = try SceneFileLoader.load(path: Self.scenes + "/tote_transfer.yaml", overrides: ["task.episode_seconds=22"])
        let outcome = try EpisodeRunner.run(scene: scene, seed: 2, policyName: "expert") { try ExpertPolicy(episode: $0) }
        XCTAssertTrue(outcome.success, "\(outcome.failureReason ?? "timeout") \(outcome.metrics)")
        XCTAssertEqual(outcome.metrics["drops"], 0, "\(outcome.metrics)")
        XCTAssertLessThan(outcome.metrics["cycle_time"] ?? 99, 22)
    }
}
