// Kinematic state of a body or link frame, and the contact material of a collider.

/// Pose and velocities of a body frame (its centre of mass), in world coordinates.
public struct BodyState: Hashable, Codable, Sendable {
    public var pose: Pose
    /// m/s of the frame origin.
    public var linearVelocity: Vector3
    /// rad/s.
    public var angularVelocity: Vector3

    public init(pose: Pose, linearVelocity: Vector3 = .zero, angularVelocity: Vector3 = .zero) {
        self.pose = pose
        self.linearVelocity = linearVelocity
        self.angularVelocity = angularVelocity
    }
}

/// Contact surface of a collider. `friction` is Coulomb's coefficient (dimensionless);
/// rolling and spinning friction are Bullet's torsional coefficients (m); restitution is
/// the bounce coefficient in [0, 1].
public struct Material: Hashable, Codable, Sendable {
    public var friction: Double
    public var rollingFriction: Double
    public var spinningFriction: Double
    public var restitution: Double

    public init(friction: Double = 0.5, rollingFriction: Double = 0, spinningFriction: Double = 0, restitution: Double = 0) {
        self.friction = friction
        self.rollingFriction = rollingFriction
        self.spinningFriction = spinningFriction
        self.restitution = restitution
    }

    public static let `default` = Material()
}
