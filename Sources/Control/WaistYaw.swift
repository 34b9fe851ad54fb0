// WaistYaw and ArmSpread: the upper body as a yaw reaction mass. A capture step swings a
// leg fast and far; its angular momentum about the vertical turns the rest of the body the
// other way, and a stance sole rolled onto its toe or an edge has almost no friction torque
// to stop it. The pelvis then spins (seen at 6-7 rad/s, 2.4 rad in all, after 260 N pushes),
// the swing hip's yaw range (±0.7 rad on tg_humanoid) runs out, the feet land turned and the
// steps that follow aim wrong. With the waist's target moved by `gain` × the pelvis's yaw
// error (the IMU's heading against the gait's planned pelvis heading), turning the pelvis
// also means turning the upper body (1 + gain) times as far, so the same momentum turns it
// less; the waist's servo reaction pushes the pelvis back. Back on flat feet the error
// closes and the waist returns to its nominal angle. The arms held out from the sides (the
// shoulders' roll joints) lengthen the upper body's yaw inertia.
import Physics
import Robot

/// A joint the balance controller moves one way of its own (the waist's yaw, an arm out
/// from the body): its name, +1 or -1 for that way along the joint's axis, and its limits.
public struct DirectedJoint: Sendable, Equatable {
    public let name: String
    public let sign: Double
    public let lower: Double
    public let upper: Double

    public init(name: String, sign: Double, lower: Double = -.infinity, upper: Double = .infinity) {
        self.name = name
        self.sign = sign < 0 ? -1 : 1
        self.lower = lower
        self.upper = upper
    }

    /// The joint's target: `nominal` moved `move` rad its way, within the joint's limits.
    public func target(nominal: Double, move: Double) -> Double {
        min(max(nominal + sign * move, lower), upper)
    }

    /// The waist's target for a pelvis yaw error (rad, positive counter-clockwise seen from
    /// above): the nominal angle moved by `gain` × the error, at most `limit` rad.
    public func target(nominal: Double, yawError: Double, gain: Double, limit: Double) -> Double {
        target(nominal: nominal, move: min(max(gain * yawError, -limit), limit))
    }

    /// The waist yaw joint of `model`: an `actuated` revolute joint on the root link, outside
    /// the legs of `layout`, not a mimic, whose axis is within about 25° of the root link's
    /// vertical (its way: the axis's up); the first in `actuated` order; nil when none.
    public static func waistYaw(in model: RobotModel, actuated: [String], layout: LegLayout) -> DirectedJoint? {
        let joints = Dictionary(model.joints.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let legs = Set(layout.allLegJoints)
        for name in actuated where !legs.contains(name) {
            guard let joint = joints[name], joint.parent == model.rootLink, joint.mimic == nil,
                  joint.kind == .revolute || joint.kind == .continuous, joint.axis.length > 1e-9 else { continue }
            let axis = joint.origin.rotation.rotate(joint.axis * (1 / joint.axis.length))
            guard abs(axis.z) > 0.9 else { continue }
            return DirectedJoint(name: name, sign: axis.z, lower: joint.limits?.lower ?? -.infinity,
                                 upper: joint.limits?.upper ?? .infinity)
        }
        return nil
    }

    /// The shoulder roll joints of `model`: `actuated` revolute joints outside the legs of
    /// `layout`, not mimics, whose names contain "shoulder_roll" and which have both limits;
    /// their way (away from the body) is the one with the wider range (a shoulder rolls far
    /// out and only a little in, past the torso).
    public static func shoulderRolls(in model: RobotModel, actuated: [String], layout: LegLayout) -> [DirectedJoint] {
        let joints = Dictionary(model.joints.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let legs = Set(layout.allLegJoints)
        return actuated.compactMap { name -> DirectedJoint? in
            guard !legs.contains(name), name.contains("shoulder_roll"), let joint = joints[name], joint.mimic == nil,
                  joint.kind == .revolute, let lower = joint.limits?.lower, let upper = joint.limits?.upper,
                  abs(upper + lower) > 1e-9 else { return nil }
            return DirectedJoint(name: name, sign: upper + lower, lower: lower, upper: upper)
        }
    }
}
