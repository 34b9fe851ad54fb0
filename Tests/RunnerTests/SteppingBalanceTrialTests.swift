// SteppingBalanceController in the physics world, through LocomotionTrial: it stands still
// without a disturbance, and catches a torso push that topples the stiff robot by stepping
// on demand, with capture-point foot placement. Deterministic: fixed seed, fixed push.
import Foundation
import XCTest
import Physics
import Scene
import Control
@testable import Runner

final class SteppingBalanceTrialTests: XCTestCase {
    static let flatFloor = LocomotionTrialTests.flatFloor

    func testStandsStillWithoutAPush() throws {
        let scene = try SceneFileLoader.load(path: Self.flatFloor)
        var configuration = LocomotionTrialConfiguration()
        configuration.seconds = 1.5
        configuration.stepping = SteppingBalanceSettings()
        let quiet = try LocomotionTrial.run(scene: scene, configuration)
        XCTAssertFalse(quiet.fell)
        XCTAssertEqual(quiet.steps, 0, "no disturbance, no steps: the robot stands until it must step")
        XCTAssertEqual(quiet.captureSteps, 0)
        XCTAssertLessThan(quiet.distance, 0.02)
    }

    /// 150 N for 0.2 s forward and backward on the torso: the robot held in its nominal
    /// pose falls; stepping balance steps (forward pushes need several steps) and ends upright.
    func testPushThatFellsTheStiffRobotIsCaughtBySteps() throws {
        let scene = try SceneFileLoader.load(path: Self.flatFloor)
        for force in [Vector3(150, 0, 0), Vector3(-150, 0, 0)] {
            var configuration = LocomotionTrialTests.torsoPush(force, at: 1.0, seconds: 3)
            configuration.passive = true
            let stiff = try LocomotionTrial.run(scene: scene, configuration)
            XCTAssertTrue(stiff.fell, "a \(force.x) N, 0.2 s push topples the robot held in its nominal pose")
            configuration.passive = false
            configuration.stepping = SteppingBalanceSettings()
            let stepping = try LocomotionTrial.run(scene: scene, configuration)
            XCTAssertFalse(stepping.fell, "stepping balance catches the \(force.x) N push")
            XCTAssertEqual(stepping.captureSteps, 1, "one disturbance: the capture point left the feet once")
            XCTAssertGreaterThanOrEqual(stepping.steps, 1)
            XCTAssertGreaterThan(stepping.finalPose.rotation.rotate(.unitZ).z, cos(0.3), "and the body ends upright")
        }
    }
}
