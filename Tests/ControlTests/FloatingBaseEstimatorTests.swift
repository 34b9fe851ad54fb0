// Leg odometry when a push rolls the robot onto the edge of a sole: the estimator must pivot
// about the edge the robot stands on, not about the sole centres (which leave the floor);
// and a jump of the kinematic COM velocity is let in only as far as its bound.
import Foundation
import XCTest
import Physics
import Robot
@testable import Control

final class FloatingBaseEstimatorTests: XCTestCase {
    /// The humanoid in its nominal pose, its odometry placed as the walking controller does
    /// (pelvis over the origin, floor at z = 0), and the feet where that puts them.
    func standing(band: Double, velocityBand: Double = 0) throws -> (FloatingBaseEstimator, [FootPlacement], LegLayout) {
        let model = try ControlTestSupport.humanoid()
        let profile = try RobotProfile.load(path: ControlTestSupport.profilePath)
        let layout = try LegLayout(model: model, profile: profile, nominal: profile.standingPose)
        var estimator = FloatingBaseEstimator(layout: layout)
        estimator.contactBand = band
        estimator.velocityBand = velocityBand
        estimator.velocitySmoothing = 1
        let still = layout.nominal.mapValues { _ in 0.0 }
        let upright = RobotSensors(jointPositions: layout.nominal, jointVelocities: still, orientation: .identity,
                                   angularVelocity: .zero)
        estimator.update(upright, support: [])
        let floor = try XCTUnwrap(estimator.soles.map(\.position.z).min())
        estimator.reset(pelvisPosition: Vector3(0, 0, -floor))
        estimator.update(upright, support: [])
        let feet = estimator.soles.map { FootPlacement(position: $0.position.xy, yaw: $0.rotation.yaw) }
        return (estimator, feet, layout)
    }

    /// The whole robot turned 0.2 rad as one piece about the outer edge of its left sole
    /// (what a sideways push does to a position-controlled robot), turning at 0.5 rad/s.
    func rolledOntoLeftEdge(band: Double, velocityBand: Double = 0) throws
        -> (pelvisError: Double, velocityError: Double, rightFootHeight: Double) {
        var (estimator, feet, layout) = try standing(band: band, velocityBand: velocityBand)
        let start = estimator.pelvis.position
        let roll = Quaternion(axis: .unitX, angle: -0.2)
        let rate = Vector3(-0.5, 0, 0)
        let still = layout.nominal.mapValues { _ in 0.0 }
        let sensors = RobotSensors(jointPositions: layout.nominal, jointVelocities: still, orientation: roll,
                                   angularVelocity: rate)
        estimator.update(sensors, support: FootSide.allCases.map { ($0, feet[$0.rawValue]) })
        // The truth: everything turned about the outer (+y) edge of the left sole.
        let outer = try XCTUnwrap(layout.soleOutlines[FootSide.left.rawValue].corners.map(\.y).max())
        let left = feet[FootSide.left.rawValue]
        let pivot = Vector3(left.position.x, left.position.y + outer, 0)
        let pelvis = pivot + roll.rotate(start - pivot)
        let com = estimator.com - estimator.pelvis.position + pelvis
        let velocity = rate.cross(com - pivot)
        let right = estimator.soles[FootSide.right.rawValue].position.z
        return ((estimator.pelvis.position - pelvis).length, (estimator.comVelocity - velocity).length, right)
    }

    func testOdometryPivotsAboutTheSoleEdgeTheRobotRollsOnto() throws {
        let edge = try rolledOntoLeftEdge(band: 0.004)
        XCTAssertLessThan(edge.pelvisError, 0.002, "the pelvis turned about the left sole's outer edge")
        XCTAssertLessThan(edge.velocityError, 0.01, "the COM moves as the body turns about that edge")
        XCTAssertGreaterThan(edge.rightFootHeight, 0.03, "and the right foot is seen lifted off the floor")
        // Taking both soles flat on the floor (the centres as the points that stay put) puts
        // the pelvis centimetres off and the COM velocity with it.
        let flat = try rolledOntoLeftEdge(band: 0)
        XCTAssertGreaterThan(flat.pelvisError, 0.02)
        XCTAssertGreaterThan(flat.velocityError, 0.05)
        // The band for the velocity alone (the stepping controller's): the velocity about
        // the edge, the position from the flat feet.
        let split = try rolledOntoLeftEdge(band: 0, velocityBand: 0.01)
        XCTAssertLessThan(split.velocityError, 0.01)
        XCTAssertEqual(split.pelvisError, flat.pelvisError, accuracy: 1e-12)
    }

    /// A reading that says the COM's velocity jumped by over 1 m/s in one update (the body
    /// turning at 2 rad/s about the feet, which the still-contact assumption turns into COM
    /// speed) moves the bounded estimate by the bound only, beyond the change a model
    /// expects; unbounded, it takes the whole jump.
    func testVelocityJumpIsBounded() throws {
        let (standing, feet, layout) = try standing(band: 0)
        let still = layout.nominal.mapValues { _ in 0.0 }
        let turning = RobotSensors(jointPositions: layout.nominal, jointVelocities: still, orientation: .identity,
                                   angularVelocity: Vector3(2, 0, 0))
        let support = FootSide.allCases.map { ($0, feet[$0.rawValue]) }
        var free = standing
        free.update(turning, support: support)
        let jump = free.comVelocity.xy.length
        XCTAssertGreaterThan(jump, 1, "the reading: the COM about 0.9 m over the feet turning at 2 rad/s")
        var bounded = standing
        bounded.maxVelocityStep = 0.1
        bounded.update(turning, support: support)
        XCTAssertEqual(bounded.comVelocity.xy.length, 0.1, accuracy: 1e-9)
        XCTAssertEqual(bounded.comVelocity.y / bounded.comVelocity.xy.length, free.comVelocity.y / jump, accuracy: 1e-9,
                       "towards the reading")
        // An expected change (the LIPM's, in WalkingController) goes through whole; the bound
        // applies to the rest.
        var expecting = standing
        expecting.maxVelocityStep = 0.1
        expecting.expectedVelocityChange = Vector3(0.3, 0, 0)
        expecting.update(turning, support: support)
        let beyond = expecting.comVelocity.xy - Point2(0.3, 0)
        XCTAssertEqual(beyond.length, 0.1, accuracy: 1e-9)
    }

    /// Standing flat, the contact weighting changes nothing: both feet share the support and
    /// stand on their sole centres.
    func testFlatFeetStandOnTheirCentres() throws {
        let (estimator, feet, layout) = try standing(band: 0.004)
        var weighted = estimator
        let still = layout.nominal.mapValues { _ in 0.0 }
        let upright = RobotSensors(jointPositions: layout.nominal, jointVelocities: still, orientation: .identity,
                                   angularVelocity: .zero)
        weighted.update(upright, support: FootSide.allCases.map { ($0, feet[$0.rawValue]) })
        for contact in weighted.lastContacts {
            XCTAssertEqual(contact.weight, 0.5, accuracy: 1e-9)
            XCTAssertLessThan(contact.local.length, 1e-9)
        }
        XCTAssertLessThan((weighted.pelvis.position - estimator.pelvis.position).length, 1e-9)
    }
}
