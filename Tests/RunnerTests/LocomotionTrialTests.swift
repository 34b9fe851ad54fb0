// Balance and walking in the physics world, through LocomotionTrial and the task experts:
// the robot catches a push with a step, walks forward without falling, and the Unitree G1
// does both with the same controllers given only its profile.
import Foundation
import XCTest
import Physics
import Scene
import Control
@testable import Runner

final class LocomotionTrialTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let flatFloor = repository + "/Scenes/stand_push.yaml"

    /// A trial of `seconds` with one 0.2 s push of `force` on the torso at `time`.
    static func torsoPush(_ force: Vector3, at time: Double, seconds: Double) -> LocomotionTrialConfiguration {
        var configuration = LocomotionTrialConfiguration()
        configuration.seconds = seconds
        configuration.pushes = [(time, force, 0.2)]
        configuration.pushLink = "torso"
        return configuration
    }

    func testBalanceCatchesAPushWithAStep() throws {
        let scene = try SceneFileLoader.load(path: Self.flatFloor)
        var configuration = Self.torsoPush(Vector3(-150, 0, 0), at: 1.0, seconds: 3.5)
        let result = try LocomotionTrial.run(scene: scene, configuration)
        XCTAssertFalse(result.fell, "a 150 N, 0.2 s backward push on the torso should be caught")
        XCTAssertGreaterThanOrEqual(result.captureSteps, 1, "the capture point left the feet: a step was needed")
        // Without a push the robot just stands: no steps, no drift.
        configuration.pushes = []
        configuration.seconds = 1.5
        let quiet = try LocomotionTrial.run(scene: scene, configuration)
        XCTAssertFalse(quiet.fell)
        XCTAssertEqual(quiet.steps, 0)
        XCTAssertLessThan(quiet.distance, 0.02)
    }

    /// The same backward torso push with the robot held stiff in its nominal pose (what the
    /// zero-action policy does) and under balance control: the stiff robot topples over its
    /// heels; balance control catches the push with a capture step and ends upright.
    /// Deterministic: fixed seed, fixed push.
    func testPushThatFellsTheStiffRobotIsCaughtByACaptureStep() throws {
        let scene = try SceneFileLoader.load(path: Self.flatFloor)
        for force in [Vector3(-130, 0, 0)] {
            var configuration = Self.torsoPush(force, at: 0.5, seconds: 3)
            configuration.passive = true
            let stiff = try LocomotionTrial.run(scene: scene, configuration)
            XCTAssertTrue(stiff.fell, "a \(force.x) N, 0.2 s push topples the robot held in its nominal pose")
            configuration.passive = false
            let balanced = try LocomotionTrial.run(scene: scene, configuration)
            XCTAssertFalse(balanced.fell, "balance control catches the \(force.x) N push")
            XCTAssertGreaterThanOrEqual(balanced.captureSteps, 1, "the capture point left the feet: a step was needed")
            XCTAssertGreaterThan(balanced.finalPose.rotation.rotate(.unitZ).z, cos(0.3), "and the body ends upright")
        }
    }

    func testWalksForwardWithoutFalling() throws {
        let scene = try SceneFileLoader.load(path: Self.flatFloor)
        var configuration = LocomotionTrialConfiguration()
        configuration.seconds = 6
        configuration.rampSeconds = 1
        configuration.velocity = (0.4, 0, 0)
        let result = try LocomotionTrial.run(scene: scene, configuration)
        XCTAssertFalse(result.fell, "walking at 0.4 m/s on a flat floor")
        XCTAssertGreaterThan(result.steps, 10)
        // Ramp (1 s, about 0.2 m) and 5 s at 0.4 m/s: about 2.2 m if the gait keeps up.
        XCTAssertGreaterThan(result.finalPose.position.x, 1.8, "6 s at up to 0.4 m/s should cover more than 1.8 m")
        XCTAssertGreaterThan(result.forwardSpeed, 0.3)
        XCTAssertLessThan(abs(result.finalPose.position.y), 0.2, "and roughly straight")
        XCTAssertLessThan(abs(result.finalPose.rotation.yaw), 0.1, "the heading is held")
    }

    func testUnitreeG1StandsAndWalksWithTheSameControllers() throws {
        let g1 = Self.repository + "/../shared/assets/unitree_g1/g1_description/g1_29dof_rev_1_0.urdf"
        guard FileManager.default.fileExists(atPath: g1) else {
            throw XCTSkip("the Unitree G1 model is not at \(g1) (../shared/assets absent)")
        }
        let profile = Self.repository + "/Assets/profiles/unitree_g1_29dof.profile.json"
        let scene = try SceneFileLoader.load(path: Self.flatFloor, overrides: ["robot.file=\(g1)", "robot.profile=\(profile)"])
        var configuration = LocomotionTrialConfiguration()
        configuration.seconds = 1.5
        let standing = try LocomotionTrial.run(scene: scene, configuration)
        XCTAssertFalse(standing.fell, "the G1 stands under balance control")
        configuration.seconds = 6
        configuration.rampSeconds = 1
        configuration.velocity = (0.1, 0, 0)
        // The profile's gait timing (slower steps for its servos) is all that differs.
        let walking = try LocomotionTrial.run(scene: scene, configuration)
        XCTAssertFalse(walking.fell, "the G1 walks at 0.1 m/s")
        XCTAssertGreaterThanOrEqual(walking.steps, 7)
        XCTAssertGreaterThan(walking.finalPose.position.x, 0.35, "6 s at up to 0.1 m/s should cover more than 0.35 m")
    }
}
