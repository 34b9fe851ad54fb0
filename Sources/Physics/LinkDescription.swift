// Descriptions of articulated bodies: links, joints and the base.
import BulletShim

/// The joint that attaches a link to its parent.
public enum JointType: Int32, Codable, Sendable {
    case fixed = 0
    /// One rotation about `axis` (rad).
    case revolute = 1
    /// One translation along `axis` (m).
    case prismatic = 2
    /// Three rotations; its position is a quaternion (x, y, z, w).
    case spherical = 3

    /// Position coordinates (spherical: a quaternion) and velocity coordinates.
    public var positionCount: Int { [0, 1, 1, 4][Int(rawValue)] }
    public var velocityCount: Int { [0, 1, 1, 3][Int(rawValue)] }
}

/// Joint range. Radians for revolute joints, metres for prismatic ones.
public struct JointLimits: Hashable, Codable, Sendable {
    public var lower: Double
    public var upper: Double
    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }
}

/// One link of an articulated body and the joint to its parent.
///
/// Frames: a link's frame is its centre-of-mass frame with principal inertia axes.
/// `jointInParent` places the joint (pivot and its orientation at q = 0) in the parent's
/// frame; `jointToCenterOfMass` goes from the pivot to this link's centre of mass, in this
/// link's frame; `axis` is in this link's frame.
public struct LinkDescription {
    public var name: String
    /// Index of the parent link in the description's array, or -1 for the base. Parents
    /// come before their children.
    public var parent: Int
    public var jointType: JointType
    public var jointInParent: Pose
    public var jointToCenterOfMass: Vector3
    public var axis: Vector3
    /// kg, > 0.
    public var mass: Double
    /// Principal inertia, kg m^2, each > 0.
    public var inertia: Vector3
    /// Collider in this link's frame (build a compound to offset it), or nil.
    public var shape: Shape?
    public var material: Material
    public var limits: JointLimits?
    /// Viscous joint damping, N m s/rad (N s/m for prismatic joints). Integrated implicitly
    /// (a soft solver row), so it is stable however light the link.
    public var damping: Double
    /// Passive spring toward `springReference`, N m/rad (N/m); revolute and prismatic joints
    /// only. Implicit, like the damping.
    public var stiffness: Double
    /// Rest position of the spring, rad (m).
    public var springReference: Double
    /// Dry joint friction, N m (N). It acts while no servo holds the joint: position and
    /// velocity control replace it (one solver row per joint, as PyBullet's joint motor).
    public var friction: Double
    /// Actuator effort limit, N m (N); nil means unlimited.
    public var maxEffort: Double?
    /// Servo speed limit, rad/s (m/s); nil means unlimited. Position and velocity control
    /// aim the joint at no more than this speed (PyBullet's `maxVelocity`): the velocity
    /// their solver row drives toward is clamped to ±maxVelocity, so a faster joint is
    /// braked toward it. The brake is capped by the effort limit: contacts and gravity can
    /// still push a joint past its speed limit.
    public var maxVelocity: Double?

    public init(name: String, parent: Int, jointType: JointType, jointInParent: Pose = .identity,
                jointToCenterOfMass: Vector3 = .zero, axis: Vector3 = .unitZ, mass: Double, inertia: Vector3,
                shape: Shape? = nil, material: Material = .default, limits: JointLimits? = nil,
                damping: Double = 0, friction: Double = 0, maxEffort: Double? = nil, maxVelocity: Double? = nil,
                stiffness: Double = 0, springReference: Double = 0) {
        self.name = name
        self.parent = parent
        self.jointType = jointType
        self.jointInParent = jointInParent
        self.jointToCenterOfMass = jointToCenterOfMass
        self.axis = axis
        self.mass = mass
        self.inertia = inertia
        self.shape = shape
        self.material = material
        self.limits = limits
        self.damping = damping
        self.friction = friction
        self.maxEffort = maxEffort
        self.maxVelocity = maxVelocity
        self.stiffness = stiffness
        self.springReference = springReference
    }

    var shim: tgb_link_desc {
        var l = tgb_link_desc()
        l.parent = Int32(clamping: parent)
        l.joint_type = jointType.rawValue
        l.joint_in_parent = jointInParent.shim
        l.joint_to_com = jointToCenterOfMass.shim
        l.axis = axis.shim
        l.mass = mass
        l.inertia = inertia.shim
        l.shape = shape?.id ?? -1
        l.material = material.shim
        l.has_limits = limits == nil ? 0 : 1
        l.lower_limit = limits?.lower ?? 0
        l.upper_limit = limits?.upper ?? 0
        l.damping = damping
        l.friction = friction
        l.max_effort = maxEffort ?? 0
        l.max_velocity = maxVelocity ?? 0
        l.stiffness = stiffness
        l.spring_reference = springReference
        return l
    }
}

/// An articulated body: a base and a tree of links.
public struct MultiBodyDescription {
    /// true: the base is welded to the world (an arm on a table); false: a floating base.
    public var fixedBase: Bool
    /// World pose of the base frame (its centre of mass).
    public var basePose: Pose
    /// kg; > 0 for a floating base.
    public var baseMass: Double
    /// kg m^2, principal.
    public var baseInertia: Vector3
    public var baseShape: Shape?
    public var baseMaterial: Material
    public var links: [LinkDescription]
    /// Collisions between non-adjacent links of this body (adjacent links never collide).
    public var selfCollision: Bool
    public var linearDamping: Double
    public var angularDamping: Double

    public init(fixedBase: Bool, basePose: Pose = .identity, baseMass: Double = 0, baseInertia: Vector3 = .zero,
                baseShape: Shape? = nil, baseMaterial: Material = .default, links: [LinkDescription],
                selfCollision: Bool = true, linearDamping: Double = 0, angularDamping: Double = 0) {
        self.fixedBase = fixedBase
        self.basePose = basePose
        self.baseMass = baseMass
        self.baseInertia = baseInertia
        self.baseShape = baseShape
        self.baseMaterial = baseMaterial
        self.links = links
        self.selfCollision = selfCollision
        self.linearDamping = linearDamping
        self.angularDamping = angularDamping
    }
}
