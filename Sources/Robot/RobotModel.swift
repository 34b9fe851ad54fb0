// RobotModel: what a robot *is*, independent of any world — the common result of every
// importer (URDF, MJCF) and the input of the builder that makes Physics bodies from it.
//
// Frames and units: SI throughout (metres, kilograms, radians). Every pose is the child
// frame in its parent's frame, as in URDF: a joint's `origin` places the child link frame
// in the parent link frame at q = 0; visuals, collisions and the inertial frame are placed
// in their link's frame.
import Physics

/// A robot as a tree of links joined by joints. `links[0]`'s name is `rootLink`.
public struct RobotModel: Codable, Sendable, Hashable {
    public var name: String
    /// Absolute path of the file this model came from ("" for models built in code).
    public var sourceFile: String
    public var rootLink: String
    public var links: [RobotLink]
    /// Joints in depth-first order from the root: a joint's parent link is the root or
    /// the child of an earlier joint.
    public var joints: [RobotJoint]
    /// Actuators declared by the file (MJCF <actuator>); empty for URDF, where every
    /// non-fixed joint with an effort limit is actuated.
    public var actuators: [RobotActuator]
    /// Named poses (MJCF keyframes): usable as initial states.
    public var keyframes: [RobotKeyframe]
    /// True when the root floats (MJCF free joint, URDF floating joint to the world or a
    /// robot meant to stand); a builder may still weld it.
    public var floatingBase: Bool
    /// What the importer ignored, approximated or defaulted: one note each.
    public var notes: [ImportNote]
    /// The root link's pose as the file places it (MJCF's top body pos/quat), if any.
    /// Builders keep its rotation: some models are written lying in another up axis.
    public var basePose: Pose?

    public init(name: String, sourceFile: String = "", rootLink: String, links: [RobotLink], joints: [RobotJoint],
                actuators: [RobotActuator] = [], keyframes: [RobotKeyframe] = [], floatingBase: Bool = false,
                notes: [ImportNote] = []) {
        self.name = name
        self.sourceFile = sourceFile
        self.rootLink = rootLink
        self.links = links
        self.joints = joints
        self.actuators = actuators
        self.keyframes = keyframes
        self.floatingBase = floatingBase
        self.notes = notes
    }

    public func link(named name: String) -> RobotLink? { links.first { $0.name == name } }
    public func joint(named name: String) -> RobotJoint? { joints.first { $0.name == name } }

    /// Joints that move (everything but fixed), in tree order.
    public var movableJoints: [RobotJoint] { joints.filter { $0.kind != .fixed } }

    /// Degrees of freedom of the joints (a floating base adds 6 more).
    public var jointDegreesOfFreedom: Int { joints.reduce(0) { $0 + $1.kind.degreesOfFreedom } }

    /// Total mass in kg.
    public var totalMass: Double { links.reduce(0) { $0 + ($1.inertial?.mass ?? 0) } }
}

/// A rigid part of the robot.
public struct RobotLink: Codable, Sendable, Hashable {
    public var name: String
    /// nil when the file gives none (URDF links without <inertial>): see the importer's note.
    public var inertial: Inertial?
    public var visuals: [RobotGeometry]
    public var collisions: [RobotGeometry]

    public init(name: String, inertial: Inertial? = nil, visuals: [RobotGeometry] = [], collisions: [RobotGeometry] = []) {
        self.name = name
        self.inertial = inertial
        self.visuals = visuals
        self.collisions = collisions
    }
}

/// Mass properties: `origin` places the centre of mass (and the frame the tensor is
/// expressed in) in the link frame.
public struct Inertial: Codable, Sendable, Hashable {
    public var mass: Double
    public var origin: Pose
    public var inertia: InertiaTensor

    public init(mass: Double, origin: Pose = .identity, inertia: InertiaTensor) {
        self.mass = mass
        self.origin = origin
        self.inertia = inertia
    }
}

/// A symmetric inertia tensor in kg m^2.
public struct InertiaTensor: Codable, Sendable, Hashable {
    public var ixx, ixy, ixz, iyy, iyz, izz: Double

    public init(ixx: Double, ixy: Double = 0, ixz: Double = 0, iyy: Double, iyz: Double = 0, izz: Double) {
        self.ixx = ixx
        self.ixy = ixy
        self.ixz = ixz
        self.iyy = iyy
        self.iyz = iyz
        self.izz = izz
    }

    public static func diagonal(_ d: Vector3) -> InertiaTensor { InertiaTensor(ixx: d.x, iyy: d.y, izz: d.z) }
}

/// A shape placed in its link's frame, for drawing (visual) or contact (collision).
public struct RobotGeometry: Codable, Sendable, Hashable {
    public var name: String?
    public var origin: Pose
    public var shape: GeometryShape
    /// RGBA in [0, 1], for visuals.
    public var color: [Double]?
    /// Absolute path of a texture image, for visuals (may not exist; importers warn).
    public var texture: String?

    public init(name: String? = nil, origin: Pose = .identity, shape: GeometryShape, color: [Double]? = nil,
                texture: String? = nil) {
        self.name = name
        self.origin = origin
        self.shape = shape
        self.color = color
        self.texture = texture
    }
}

/// Geometry kinds. Sizes are full sizes for boxes (URDF convention), radii otherwise.
/// Cylinders and capsules run along the local z axis; `length` excludes the caps.
public enum GeometryShape: Codable, Sendable, Hashable {
    case box(size: Vector3)
    case sphere(radius: Double)
    case cylinder(radius: Double, length: Double)
    case capsule(radius: Double, length: Double)
    case ellipsoid(radii: Vector3)
    /// An infinite plane through the origin with normal +z (MJCF plane geoms).
    case plane
    /// `path` is absolute after package:// and relative paths are resolved.
    case mesh(path: String, scale: Vector3)
}

public enum JointKind: String, Codable, Sendable, Hashable {
    case fixed, revolute, continuous, prismatic, floating, planar, spherical

    public var degreesOfFreedom: Int {
        switch self {
        case .fixed: return 0
        case .revolute, .continuous, .prismatic: return 1
        case .planar: return 3
        case .spherical: return 3
        case .floating: return 6
        }
    }
}

public struct JointLimits: Codable, Sendable, Hashable {
    /// rad or m; nil when the joint is unlimited (continuous).
    public var lower: Double?
    public var upper: Double?
    /// N m or N; nil when unknown.
    public var effort: Double?
    /// rad/s or m/s; nil when unknown.
    public var velocity: Double?

    public init(lower: Double? = nil, upper: Double? = nil, effort: Double? = nil, velocity: Double? = nil) {
        self.lower = lower
        self.upper = upper
        self.effort = effort
        self.velocity = velocity
    }
}

/// This joint follows `joint`: q = multiplier * q_joint + offset.
public struct Mimic: Codable, Sendable, Hashable {
    public var joint: String
    public var multiplier: Double
    public var offset: Double

    public init(joint: String, multiplier: Double = 1, offset: Double = 0) {
        self.joint = joint
        self.multiplier = multiplier
        self.offset = offset
    }
}

public struct RobotJoint: Codable, Sendable, Hashable {
    public var name: String
    public var kind: JointKind
    public var parent: String
    public var child: String
    /// The child link frame in the parent link frame at q = 0.
    public var origin: Pose
    /// Unit axis in the child (= joint) frame, for revolute, continuous and prismatic joints.
    public var axis: Vector3
    public var limits: JointLimits?
    /// Viscous damping, N m s/rad (N s/m).
    public var damping: Double
    /// Dry friction, N m (N).
    public var friction: Double
    /// Spring stiffness toward `springReference` (MJCF), N m/rad; 0 for none.
    public var stiffness: Double
    public var springReference: Double
    /// Reflected rotor inertia (MJCF armature), kg m^2.
    public var armature: Double
    public var mimic: Mimic?

    public init(name: String, kind: JointKind, parent: String, child: String, origin: Pose = .identity,
                axis: Vector3 = .unitX, limits: JointLimits? = nil, damping: Double = 0, friction: Double = 0,
                stiffness: Double = 0, springReference: Double = 0, armature: Double = 0, mimic: Mimic? = nil) {
        self.name = name
        self.kind = kind
        self.parent = parent
        self.child = child
        self.origin = origin
        self.axis = axis
        self.limits = limits
        self.damping = damping
        self.friction = friction
        self.stiffness = stiffness
        self.springReference = springReference
        self.armature = armature
        self.mimic = mimic
    }
}

/// How an actuator drives its joint (MJCF's motor, position and velocity actuators).
public enum ActuatorKind: String, Codable, Sendable, Hashable {
    /// Torque = gear * control.
    case motor
    /// A position servo with stiffness `kp` (N m/rad) and damping `kv`.
    case position
    /// A velocity servo with gain `kv` (N m s/rad).
    case velocity
}

public struct RobotActuator: Codable, Sendable, Hashable {
    public var name: String
    public var joint: String
    public var kind: ActuatorKind
    public var gear: Double
    public var kp: Double
    public var kv: Double
    /// Control range (rad for position servos, N m for motors before gear); nil = unlimited.
    public var controlRange: ClosedRange<Double>?
    /// Force/torque range at the joint; nil = unlimited.
    public var forceRange: ClosedRange<Double>?

    public init(name: String, joint: String, kind: ActuatorKind, gear: Double = 1, kp: Double = 0, kv: Double = 0,
                controlRange: ClosedRange<Double>? = nil, forceRange: ClosedRange<Double>? = nil) {
        self.name = name
        self.joint = joint
        self.kind = kind
        self.gear = gear
        self.kp = kp
        self.kv = kv
        self.controlRange = controlRange
        self.forceRange = forceRange
    }
}

/// A named pose: base pose (for floating robots) and joint positions by joint name.
public struct RobotKeyframe: Codable, Sendable, Hashable {
    public var name: String
    public var basePose: Pose?
    public var jointPositions: [String: Double]

    public init(name: String, basePose: Pose? = nil, jointPositions: [String: Double]) {
        self.name = name
        self.basePose = basePose
        self.jointPositions = jointPositions
    }
}

/// Something an importer ignored, approximated or defaulted, with where it was.
public struct ImportNote: Codable, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): note: \(message)" }
}

/// Why an import failed: the file, the line and what is wrong.
public struct ImportError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): error: \(message)" }
}
