// Both of tg_humanoid's grippers stay closed while the robot stands and nothing touches
// them: the geared finger pair holds its commanded (closed) position on either hand.
import Foundation
import XCTest
import Physics
import Robot
import Scene
import Tasks

final class GripperAtRestTests: XCTestCase {
    static let scenes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scenes").path

    /// The right hand's shoulder roll tilts its fingers so gravity presses the follower
    /// finger onto its lower limit; the left hand's presses the leader onto its limit.
    /// Before the gear corrected at the world's ERP, the right pair slid 1.7 cm off
    /// closed within 100 control steps (the leader's servo saturated against the gear).
    func testBothGrippersStayClosedWhileStanding() throws {
        let scene = try SceneFileLoader.load(path: Self.scenes + "/stand_push.yaml")
        let episode = try Episode(scene: scene, seed: 2)
        let zero = [Double](repeating: 0, count: episode.actionSize)
        for _ in 0..<100 { _ = try episode.step(zero) }
        let q = try episode.world.robot.jointPositions()
        for side in ["left", "right"] {
            for finger in ["a", "b"] {
                let name = "\(side)_finger_\(finger)_joint"
                XCTAssertEqual(try XCTUnwrap(q[name]), 0, accuracy: 0.001, name)
            }
        }
    }
}
