// The waist as a yaw reaction mass (WaistYaw): which joint, its target, and the stepping
// controller turning it against the pelvis's yaw error.
import XCTest
import Physics
import Robot
@testable import Control

final class WaistYawTests: XCTestCase {
    func testTheHumanoidsWaistIsFound() throws {
        let model = try ControlTestSupport.humanoid()
        let layout = try ControlTestSupport.layout()
        let actuated = model.joints.filter { $0.kind != .fixed }.map(\.name)
        let waist = try XCTUnwrap(DirectedJoint.waistYaw(in: model, actuated: actuated, layout: layout))
        XCTAssertEqual(waist, DirectedJoint(name: "waist_yaw", sign: 1, lower: -1.5, upper: 1.5))
        XCTAssertNil(DirectedJoint.waistYaw(in: model, actuated: layout.allLegJoints, layout: layout), "only legs: no waist")

        var flipped = model
        let index = try XCTUnwrap(flipped.joints.firstIndex { $0.name == "waist_yaw" })
        flipped.joints[index].axis = Vector3(0, 0, -1)
        XCTAssertEqual(DirectedJoint.waistYaw(in: flipped, actuated: actuated, layout: layout)?.sign, -1, "an axis pointing down")
        flipped.joints[index].axis = Vector3(1, 0, 0)
        XCTAssertNil(DirectedJoint.waistYaw(in: flipped, actuated: actuated, layout: layout), "a waist roll joint does not yaw")
    }

    func testTheTargetFollowsTheErrorWithinItsLimits() {
        let waist = DirectedJoint(name: "w", sign: 1, lower: -0.5, upper: 0.6)
        XCTAssertEqual(waist.target(nominal: 0.1, yawError: 0.2, gain: 1.5, limit: 0.8), 0.4, accuracy: 1e-12)
        XCTAssertEqual(waist.target(nominal: 0, yawError: -0.2, gain: 1.5, limit: 0.8), -0.3, accuracy: 1e-12)
        XCTAssertEqual(waist.target(nominal: 0, yawError: 0.4, gain: 1.5, limit: 0.5), 0.5, "the move is at most the limit")
        XCTAssertEqual(waist.target(nominal: 0.3, yawError: 0.4, gain: 1.5, limit: 0.8), 0.6, "and within the joint's range")
        XCTAssertEqual(waist.target(nominal: 0, yawError: -1, gain: 1.5, limit: 0.8), -0.5)
        let down = DirectedJoint(name: "w", sign: -1)
        XCTAssertEqual(down.target(nominal: 0, yawError: 0.2, gain: 1.5, limit: 0.8), -0.3, accuracy: 1e-12,
                       "an axis pointing down turns the other way")
    }

    /// A standing robot whose pelvis the IMU then reads turned by `yaw` about the vertical
    /// (the feet stay where the odometry put them): the waist target the controller sends.
    func waistTarget(yaw: Double, settings: SteppingBalanceSettings = SteppingBalanceSettings(),
                     waist: DirectedJoint? = DirectedJoint(name: "waist_yaw", sign: 1, lower: -1.5, upper: 1.5)) throws -> Double? {
        let layout = try ControlTestSupport.layout()
        var controller = SteppingBalanceController(layout: layout, dt: 1.0 / 60, settings: settings, waist: waist)
        _ = controller.update(ControlTestSupport.still(layout))
        return controller.update(ControlTestSupport.still(layout, orientation: Quaternion(axis: .unitZ, angle: yaw)))["waist_yaw"]
    }

    func testTheSteppingControllerTurnsTheWaistWithThePelvisError() throws {
        let nominal = try ControlTestSupport.layout().nominal["waist_yaw"] ?? 0
        let settings = SteppingBalanceSettings()
        XCTAssertGreaterThan(settings.waistYawGain, 0, "on by default")
        let turned = try XCTUnwrap(try waistTarget(yaw: 0.1))
        XCTAssertEqual(turned, nominal + settings.waistYawGain * 0.1, accuracy: 1e-9, "the pelvis turned 0.1 rad from the feet")
        let other = try XCTUnwrap(try waistTarget(yaw: -0.1))
        XCTAssertEqual(other, nominal - settings.waistYawGain * 0.1, accuracy: 1e-9)
        XCTAssertEqual(try waistTarget(yaw: 0), nominal, "no error: the nominal angle")
        XCTAssertEqual(try XCTUnwrap(try waistTarget(yaw: 1.2)), nominal + settings.maxWaistYaw, accuracy: 1e-9, "at most max_waist_yaw")
        var off = settings
        off.waistYawGain = 0
        XCTAssertNil(try waistTarget(yaw: 0.1, settings: off), "waist_yaw_gain 0: the waist is not commanded")
        XCTAssertNil(try waistTarget(yaw: 0.1, waist: nil), "no waist joint: nothing commanded")
        let layout = try ControlTestSupport.layout()
        XCTAssertNil(SteppingBalanceController(layout: layout, dt: 1.0 / 60, waist: DirectedJoint(name: "left_knee", sign: 1)).waist,
                     "a leg joint is never the waist")
    }
}

final class ArmSpreadTests: XCTestCase {
    func testTheHumanoidsShoulderRollsAreFoundWithTheirOutwardSides() throws {
        let model = try ControlTestSupport.humanoid()
        let layout = try ControlTestSupport.layout()
        let actuated = model.joints.filter { $0.kind != .fixed }.map(\.name)
        XCTAssertEqual(DirectedJoint.shoulderRolls(in: model, actuated: actuated, layout: layout),
                       [DirectedJoint(name: "left_shoulder_roll", sign: 1, lower: -0.3, upper: 2.8),
                        DirectedJoint(name: "right_shoulder_roll", sign: -1, lower: -2.8, upper: 0.3)],
                       "the wider range is away from the body")
        XCTAssertEqual(DirectedJoint.shoulderRolls(in: model, actuated: layout.allLegJoints, layout: layout), [], "only legs: no arms")
        let left = DirectedJoint(name: "l", sign: 1, lower: -0.3, upper: 2.8)
        XCTAssertEqual(left.target(nominal: 0.15, move: 0.6), 0.75, accuracy: 1e-12)
        XCTAssertEqual(left.target(nominal: 0.15, move: 3), 2.8, "within the joint's range")
        let right = DirectedJoint(name: "r", sign: -1, lower: -2.8, upper: 0.3)
        XCTAssertEqual(right.target(nominal: -0.15, move: 0.6), -0.75, accuracy: 1e-12)
    }

    func testTheSteppingControllerHoldsTheArmsOut() throws {
        let layout = try ControlTestSupport.layout()
        let arms = [DirectedJoint(name: "left_shoulder_roll", sign: 1, lower: -0.3, upper: 2.8),
                    DirectedJoint(name: "right_shoulder_roll", sign: -1, lower: -2.8, upper: 0.3)]
        var controller = SteppingBalanceController(layout: layout, dt: 1.0 / 60, arms: arms)
        let targets = controller.update(ControlTestSupport.still(layout))
        let spread = SteppingBalanceSettings().armSpread
        XCTAssertGreaterThan(spread, 0, "on by default")
        XCTAssertEqual(try XCTUnwrap(targets["left_shoulder_roll"]), (layout.nominal["left_shoulder_roll"] ?? 0) + spread, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(targets["right_shoulder_roll"]), (layout.nominal["right_shoulder_roll"] ?? 0) - spread, accuracy: 1e-12)
        var settings = SteppingBalanceSettings()
        settings.armSpread = 0
        var still = SteppingBalanceController(layout: layout, dt: 1.0 / 60, settings: settings, arms: arms)
        XCTAssertEqual(still.update(ControlTestSupport.still(layout))["left_shoulder_roll"], layout.nominal["left_shoulder_roll"],
                       "arm_spread 0: the nominal pose")
    }
}
