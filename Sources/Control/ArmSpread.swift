// ArmSpread: the arms held out from the sides while the stepping controller balances. Held
// out, they lengthen the upper body's yaw inertia, which the waist turns against the
// pelvis's yaw error (WaistYawJoint): the same swing momentum turns the body less.
import Robot

public struct ArmSpreadJoint: Sendable, Equatable {
    /// The shoulder's roll joint, +1 or -1 for the direction that takes the arm away from
    /// the body, and its limits (rad).
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

    /// The joint's target: `nominal` moved `spread` rad away from the body, within its limits.
    public func target(nominal: Double, spread: Double) -> Double {
        min(max(nominal + sign * spread, lower), upper)
    }

    /// The shoulder roll joints of `model`: `actuated` revolute joints outside the legs of
    /// `layout`, not mimics, whose names contain "shoulder_roll" and which have both limits;
    /// away from the body is the direction with the wider range (a shoulder rolls far out
    /// and only a little in, past the torso).
    public static func find(in model: RobotModel, actuated: [String], layout: LegLayout) -> [ArmSpreadJoint] {
        let joints = Dictionary(model.joints.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let legs = Set(layout.allLegJoints)
        return actuated.compactMap { name -> ArmSpreadJoint? in
            guard !legs.contains(name), name.contains("shoulder_roll"), let joint = joints[name], joint.mimic == nil,
                  joint.kind == .revolute, let lower = joint.limits?.lower, let upper = joint.limits?.upper,
                  abs(upper + lower) > 1e-9 else { return nil }
            return ArmSpreadJoint(name: name, sign: upper + lower, lower: lower, upper: upper)
        }
    }
}
