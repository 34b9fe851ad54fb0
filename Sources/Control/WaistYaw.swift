// WaistYaw: the upper body as a yaw reaction mass. A capture step swings a leg fast and
// far; its angular momentum about the vertical turns the rest of the body the other way,
// and a stance sole rolled onto its toe or an edge has almost no friction torque to stop
// it. The pelvis then spins (seen at 6-7 rad/s, 2.4 rad in all, after 260 N pushes), the
// swing hip's yaw range (±0.7 rad on tg_humanoid) runs out, the feet land turned and the
// steps that follow aim wrong. With the waist's target moved by `gain` × the pelvis's yaw
// error (the IMU's heading against the gait's planned pelvis heading), turning the pelvis
// also means turning the upper body (1 + gain) times as far, so the same momentum turns it
// less; the waist's servo reaction pushes the pelvis back. Back on flat feet the error
// closes and the waist returns to its nominal angle.
import Physics
import Robot

public struct WaistYawJoint: Sendable, Equatable {
    /// The joint, +1 or -1 for an axis along the pelvis's up or down, and its limits (rad).
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

    /// The waist's target for a pelvis yaw error (rad, positive counter-clockwise seen from
    /// above): the nominal angle moved by `gain` × the error, the move at most `limit` rad
    /// and within the joint's limits.
    public func target(nominal: Double, yawError: Double, gain: Double, limit: Double) -> Double {
        let move = min(max(gain * yawError, -limit), limit)
        return min(max(nominal + sign * move, lower), upper)
    }

    /// The waist yaw joint of `model`: an `actuated` revolute joint on the root link, outside
    /// the legs of `layout`, not a mimic, whose axis is within about 25° of the root link's
    /// vertical; the first in `actuated` order; nil when there is none.
    public static func find(in model: RobotModel, actuated: [String], layout: LegLayout) -> WaistYawJoint? {
        let joints = Dictionary(model.joints.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let legs = Set(layout.allLegJoints)
        for name in actuated where !legs.contains(name) {
            guard let joint = joints[name], joint.parent == model.rootLink, joint.mimic == nil,
                  joint.kind == .revolute || joint.kind == .continuous, joint.axis.length > 1e-9 else { continue }
            let axis = joint.origin.rotation.rotate(joint.axis * (1 / joint.axis.length))
            guard abs(axis.z) > 0.9 else { continue }
            return WaistYawJoint(name: name, sign: axis.z, lower: joint.limits?.lower ?? -.infinity,
                                 upper: joint.limits?.upper ?? .infinity)
        }
        return nil
    }
}
