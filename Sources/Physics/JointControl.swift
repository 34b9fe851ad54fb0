// How a joint is driven, and what it read after the last step.
import BulletShim

/// Actuation of a single-dof joint.
///
/// Position and velocity modes are implicit motor constraints solved with the contacts
/// (stable at high gains). Their gains are Bullet's: the fraction of the position error
/// (resp. velocity error) removed per step, each in [0, 1]. `maxForce` (N m or N) caps the
/// motor; nil uses the link's `maxEffort` (unlimited when that is nil too). While a position
/// or velocity motor holds a joint it replaces the joint's dry friction, as PyBullet's joint
/// motor replaces the URDF friction (one solver row per held joint instead of two).
public enum JointControl: Hashable, Sendable {
    /// Passive: only damping and friction act.
    case none
    case position(target: Double, targetVelocity: Double = 0, positionGain: Double = 0.2, velocityGain: Double = 1,
                  maxForce: Double? = nil)
    case velocity(target: Double, gain: Double = 1, maxForce: Double? = nil)
    /// An explicit torque (N m) or force (N) each step, clamped to the effort limit.
    case torque(Double)

    var shim: tgb_joint_control {
        var c = tgb_joint_control()
        switch self {
        case .none:
            c.mode = Int32(TGB_CONTROL_NONE)
        case let .position(target, targetVelocity, positionGain, velocityGain, maxForce):
            c.mode = Int32(TGB_CONTROL_POSITION)
            c.target_position = target
            c.target_velocity = targetVelocity
            c.position_gain = positionGain
            c.velocity_gain = velocityGain
            c.max_force = maxForce ?? 0
        case let .velocity(target, gain, maxForce):
            c.mode = Int32(TGB_CONTROL_VELOCITY)
            c.target_velocity = target
            c.velocity_gain = gain
            c.max_force = maxForce ?? 0
        case let .torque(torque):
            c.mode = Int32(TGB_CONTROL_TORQUE)
            c.torque = torque
        }
        return c
    }
}

/// What a joint did during the last step.
public struct JointReading: Hashable, Sendable {
    /// Total actuation: motor + commanded torque + damping + friction, N m (or N).
    public var appliedTorque: Double
    /// Force the parent exerts on this link at the joint, N, link frame. Zero unless joint
    /// feedback is enabled on the multibody.
    public var reactionForce: Vector3
    /// N m, link frame; same condition.
    public var reactionTorque: Vector3
}
