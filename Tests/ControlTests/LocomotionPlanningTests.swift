// Capture points, footsteps and swing paths: the pure geometry of balance and walking.
import Foundation
import XCTest
import Physics
import Robot
@testable import Control

final class LocomotionPlanningTests: XCTestCase {
    func testCapturePointBringsThePendulumToRest() {
        let pendulum = LinearInvertedPendulum(height: 0.9)
        let com = Point2(0, 0), velocity = Point2(0.5, -0.2)
        let capture = pendulum.capturePoint(com: com, velocity: velocity)
        XCTAssertEqual(capture.x, 0.5 / pendulum.omega, accuracy: 1e-12)
        // With the ZMP on the capture point the COM comes to rest over it.
        let later = pendulum.propagate(com: com, velocity: velocity, zmp: capture, time: 5)
        XCTAssertEqual((later.com - capture).length, 0, accuracy: 1e-5)
        XCTAssertEqual(later.velocity.length, 0, accuracy: 1e-5)
        // With the ZMP elsewhere it runs away as e^{ωt}.
        let zmp = Point2(0.05, 0)
        let moved = pendulum.propagate(com: com, velocity: velocity, zmp: zmp, time: 0.3)
        let predicted = pendulum.capturePoint(capture, after: 0.3, zmp: zmp)
        let actual = pendulum.capturePoint(com: moved.com, velocity: moved.velocity)
        XCTAssertEqual((predicted - actual).length, 0, accuracy: 1e-12)
    }

    func testVelocityStepsAlternateAndRespectReach() {
        let planner = FootstepPlanner(stanceWidth: 0.2, stepPeriod: 0.5)
        var feet = [FootPlacement(position: Point2(0, 0.1), yaw: 0), FootPlacement(position: Point2(0, -0.1), yaw: 0)]
        var side = FootSide.left
        for _ in 0..<10 {
            let step = planner.step(side, from: feet[side.other.rawValue], vx: 0.4, vy: 0, yawRate: 0)
            XCTAssertEqual(step.placement.position.x - feet[side.other.rawValue].position.x, 0.2, accuracy: 1e-12)
            XCTAssertEqual(abs(step.placement.position.y - feet[side.other.rawValue].position.y), 0.2, accuracy: 1e-12)
            feet[side.rawValue] = step.placement
            side = side.other
        }
        // 10 steps at 0.4 m/s and 0.5 s each: the feet are 2 m on.
        XCTAssertEqual((feet[0].position.x + feet[1].position.x) / 2, 1.9, accuracy: 1e-9)
        // Too fast a command is clamped to the stride.
        let long = planner.step(.left, from: feet[1], vx: 5, vy: 0, yawRate: 0)
        XCTAssertEqual(long.placement.position.x - feet[1].position.x, planner.maxForward, accuracy: 1e-12)
        // A sideways command never crosses the feet.
        let inward = planner.step(.left, from: feet[1], vx: 0, vy: -2, yawRate: 0)
        XCTAssertGreaterThanOrEqual(inward.placement.position.y - feet[1].position.y, planner.minWidth - 1e-12)
    }

    func testGoalStepsArriveAndStop() {
        let planner = FootstepPlanner(stanceWidth: 0.2, stepPeriod: 0.5)
        var feet = [FootPlacement(position: Point2(0, 0.1), yaw: 0), FootPlacement(position: Point2(0, -0.1), yaw: 0)]
        let goal = FloorPose(x: 1.5, y: 0.4, yaw: 0.8)
        var side = FootSide.left
        var steps = 0
        while steps < 40 {
            guard let step = planner.step(side, from: feet[side.other.rawValue], swing: feet[side.rawValue], toward: goal) else { break }
            feet[side.rawValue] = step.placement
            side = side.other
            steps += 1
        }
        XCTAssertLessThan(steps, 40, "the planner should arrive")
        let middle = (feet[0].position + feet[1].position) * 0.5
        XCTAssertEqual((middle - goal.position).length, 0, accuracy: 0.05)
        XCTAssertEqual(feet[0].yaw, goal.yaw, accuracy: 0.1, "within the planner's arrival tolerance")
        XCTAssertEqual(feet[1].yaw, goal.yaw, accuracy: 0.1)
    }

    func testSwingRisesTravelsAndLands() {
        let start = FootPlacement(position: Point2(0, 0.1), yaw: 0)
        let end = FootPlacement(position: Point2(0.3, 0.1), yaw: 0.2)
        var swing = SwingTrajectory(start: start, end: end, duration: 0.4, height: 0.05)
        XCTAssertEqual(swing.pose(at: 0).position.z, 0, accuracy: 1e-12)
        XCTAssertEqual(swing.pose(at: 0.4).position.x, 0.3, accuracy: 1e-12)
        XCTAssertEqual(swing.pose(at: 0.4).position.z, 0, accuracy: 1e-12)
        XCTAssertEqual(swing.pose(at: 0.2).position.z, 0.05, accuracy: 1e-12)
        XCTAssertEqual(swing.pose(at: 0.4).rotation.yaw, 0.2, accuracy: 1e-12)
        // While lifting the foot does not travel.
        XCTAssertEqual(swing.pose(at: 0.05).position.x, 0, accuracy: 1e-12)
        // Retargeting keeps the foot where it is and lands at the new spot.
        let here = swing.pose(at: 0.2).position
        swing.retarget(FootPlacement(position: Point2(0.4, 0.2), yaw: 0), at: 0.2)
        XCTAssertEqual((swing.pose(at: 0.2).position - here).length, 0, accuracy: 1e-12)
        XCTAssertEqual(swing.pose(at: 0.4).position.x, 0.4, accuracy: 1e-12)
        XCTAssertEqual(swing.pose(at: 0.4).position.y, 0.2, accuracy: 1e-12)
    }
}

/// The walking controller fed a fixed nominal pose (no physics): what it plans.
final class WalkingPlanTests: XCTestCase {
    /// Steps planned after the whole body (feet included) turned by `slip` rad under a
    /// straight velocity command, with heading feedback `gain`.
    func plannedYaws(slip: Double, gain: Double) throws -> (landed: [Double], queued: [Double]) {
        let model = try ControlTestSupport.humanoid()
        let profile = try RobotProfile.load(path: ControlTestSupport.profilePath)
        let layout = try LegLayout(model: model, profile: profile, nominal: profile.standingPose)
        var settings = WalkingSettings()
        settings.headingFeedback = gain
        var walking = WalkingController(layout: layout, dt: 1.0 / 60, settings: settings)
        let velocities = layout.nominal.mapValues { _ in 0.0 }
        func sensors(_ yaw: Double) -> RobotSensors {
            RobotSensors(jointPositions: layout.nominal, jointVelocities: velocities,
                         orientation: Quaternion(axis: .unitZ, angle: yaw), angularVelocity: .zero)
        }
        walking.command = .velocity(vx: 0.3, vy: 0, yawRate: 0)
        walking.observe(sensors(0))
        _ = walking.act()
        // The body slips round: every foot put down from now on is measured turned.
        for _ in 0..<90 {
            walking.observe(sensors(slip))
            _ = walking.act()
        }
        XCTAssertGreaterThan(walking.stepCount, 0)
        return (walking.feet.map(\.yaw), walking.queue.map(\.placement.yaw))
    }

    func testHeadingHoldTurnsTheStepsBackAfterASlip() throws {
        let held = try plannedYaws(slip: 0.2, gain: 0.5)
        XCTAssertTrue(held.landed.contains { abs($0 - 0.2) < 0.01 }, "a foot landed turned by the slip: \(held.landed)")
        let last = try XCTUnwrap(held.queued.last)
        XCTAssertLessThan(abs(last), 0.05, "the planned steps turn back to the commanded heading: \(held.queued)")
        // Without heading feedback the walk carries on in the slipped direction.
        let free = try plannedYaws(slip: 0.2, gain: 0)
        XCTAssertEqual(try XCTUnwrap(free.queued.last), 0.2, accuracy: 0.01)
    }
}

final class GaitProfileTests: XCTestCase {
    func testProfileGaitTimingReachesTheWalkingSettingsAndBadTimesAreRefused() throws {
        let base = try String(contentsOfFile: ControlTestSupport.profilePath, encoding: .utf8)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gait-profile-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func profile(_ gait: String) throws -> RobotProfile {
            let end = try XCTUnwrap(base.range(of: "}", options: .backwards))
            let text = base.replacingCharacters(in: end, with: ", \"gait\": \(gait)}")
            let path = directory.appendingPathComponent("p.json").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return try RobotProfile.load(path: path)
        }
        let slow = try profile(#"{"swing_duration": 0.5, "double_support_duration": 0.2}"#)
        let settings = WalkingSettings(gait: slow.gait)
        XCTAssertEqual(settings.swingDuration, 0.5)
        XCTAssertEqual(settings.doubleSupportDuration, 0.2)
        XCTAssertEqual(settings.startDuration, WalkingSettings().startDuration, "unset values keep the defaults")
        XCTAssertNil(try RobotProfile.load(path: ControlTestSupport.profilePath).gait)
        XCTAssertThrowsError(try profile(#"{"swing_duration": -0.1}"#)) { error in
            XCTAssertTrue("\(error)".contains("gait.swing_duration"), "\(error)")
        }
    }
}
