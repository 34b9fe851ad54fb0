// GazeController: the solved neck angles put the camera's line of sight through the target,
// the camera's offset from the neck joints included; steps are speed-limited.
import Foundation
import XCTest
import Physics
@testable import Control

final class GazeControllerTests: XCTestCase {
    func gaze() throws -> GazeController {
        let kinematics = KinematicModel(model: try ControlTestSupport.humanoid())
        return try XCTUnwrap(GazeController(kinematics: kinematics, cameraFrame: "head_camera", yawJoint: "neck_yaw",
                                            pitchJoint: "neck_pitch", nominal: [:]))
    }

    func testSolvedAnglesPointTheCameraAtTheTarget() throws {
        var controller = try gaze()
        // Left-up, ahead-low and right targets, within the neck's limits (root frame, m).
        for target in [Vector3(0.9, 0.8, 0.4), Vector3(1.2, 0, -0.1), Vector3(0.6, -0.5, 0.2)] {
            for _ in 0..<200 { _ = controller.step(target: target, dt: 1.0 / 60) }
            let camera = controller.camera(controller.q)
            let sight = camera.rotation.rotate(.unitX)
            let wanted = (target - camera.position).normalized
            XCTAssertLessThan(acos(min(1, sight.dot(wanted))), 1e-3, "target \(target)")
            XCTAssertTrue(controller.isSettled(target: target, tolerance: 1e-3))
        }
    }

    func testStepsAreSpeedLimited() throws {
        var controller = try gaze()
        let before = controller.q
        _ = controller.step(target: Vector3(0.5, 1.0, 0), dt: 0.1)
        let moved = zip(before, controller.q).map { abs($0 - $1) }.max() ?? 0
        XCTAssertEqual(moved, controller.maxSpeed * 0.1, accuracy: 1e-9)
    }

    func testAModelWithoutTheJointsIsRefused() throws {
        let kinematics = KinematicModel(model: try ControlTestSupport.humanoid())
        XCTAssertNil(GazeController(kinematics: kinematics, cameraFrame: "head_camera", yawJoint: "no_such_joint",
                                    pitchJoint: "neck_pitch", nominal: [:]))
    }
}
