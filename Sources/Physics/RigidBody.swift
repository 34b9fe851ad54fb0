// Rigid bodies: static, dynamic and kinematic single bodies.
import BulletShim

/// How a rigid body moves.
public enum BodyKind: Int32, Codable, Sendable {
    /// Never moves (floors, fixtures).
    case staticBody = 0
    /// Moved by forces and contacts.
    case dynamic = 1
    /// Moved by setting its pose; pushes dynamic bodies, is not pushed back.
    case kinematic = 2
}

/// What a rigid body is made of and where it starts.
public struct RigidBodyDescription {
    public var kind: BodyKind
    public var shape: Shape
    /// kg; > 0 for dynamic bodies, ignored for static and kinematic ones.
    public var mass: Double
    /// Principal inertia in kg m^2 about the body frame; nil computes it from the shape.
    public var inertia: Vector3?
    /// World pose of the body frame (its centre of mass).
    public var pose: Pose
    public var material: Material
    /// Fraction of velocity removed per second, [0, 1].
    public var linearDamping: Double
    public var angularDamping: Double

    public init(kind: BodyKind, shape: Shape, mass: Double = 0, inertia: Vector3? = nil, pose: Pose = .identity,
                material: Material = .default, linearDamping: Double = 0, angularDamping: Double = 0) {
        self.kind = kind
        self.shape = shape
        self.mass = mass
        self.inertia = inertia
        self.pose = pose
        self.material = material
        self.linearDamping = linearDamping
        self.angularDamping = angularDamping
    }
}

/// A rigid body in a world. Keeps its world alive; after `remove()` or `world.close()`
/// every call throws.
public final class RigidBody {
    public let world: World
    /// World-local id, shared with multibodies; what contacts and rays report.
    public let id: Int32
    public let kind: BodyKind

    init(world: World, id: Int32, kind: BodyKind) {
        self.world = world
        self.id = id
        self.kind = kind
    }

    private func call<Result>(_ body: (OpaquePointer) throws -> Result) throws -> Result {
        try world.withHandle("rigid body \(id)", body)
    }

    /// World pose and velocities of the body frame.
    public func state() throws -> BodyState {
        try call { handle in
            var native = tgb_body_state()
            try check(tgb_body_get_state(handle, id, &native))
            return BodyState(native)
        }
    }

    /// Teleports the body; for a kinematic body, the target it moves to over the next step.
    public func setPose(_ pose: Pose) throws {
        try call { try check(tgb_body_set_pose($0, id, pose.shim)) }
    }

    /// m/s and rad/s, world frame. Dynamic bodies only.
    public func setVelocity(linear: Vector3, angular: Vector3 = .zero) throws {
        try call { try check(tgb_body_set_velocity($0, id, linear.shim, angular.shim)) }
    }

    /// Makes a static or kinematic body's surface move at `velocity` (m/s, world frame)
    /// while the body stays put: a conveyor belt. Parts on it are carried by friction.
    public func setSurfaceVelocity(_ velocity: Vector3) throws {
        try call { try check(tgb_body_set_surface_velocity($0, id, velocity.shim)) }
    }

    public func setMaterial(_ material: Material) throws {
        try call { try check(tgb_body_set_material($0, id, material.shim)) }
    }

    /// A force (N) at a world point plus a torque (N m), acting for `duration` seconds of
    /// simulated time (at least one step): a push.
    public func applyWrench(force: Vector3, at worldPoint: Vector3? = nil, torque: Vector3 = .zero,
                            duration: Double) throws {
        try call { handle in
            let point = try worldPoint ?? state().pose.position
            try check(tgb_body_apply_wrench(handle, id, force.shim, point.shim, torque.shim, duration))
        }
    }

    /// Takes the body out of the world. Later calls on this object throw `notFound`.
    public func remove() throws {
        try call { try check(tgb_body_remove($0, id)) }
    }
}

extension World {
    /// Adds a rigid body. The shape must belong to this world.
    public func addBody(_ description: RigidBodyDescription) throws -> RigidBody {
        try require(description.shape.world === self, "shape \(description.shape.id) belongs to another world")
        return try withHandle("world") { handle in
            var native = tgb_rigid_body_desc()
            native.kind = description.kind.rawValue
            native.shape = description.shape.id
            native.mass = description.mass
            native.inertia = (description.inertia ?? .zero).shim
            native.pose = description.pose.shim
            native.material = description.material.shim
            native.linear_damping = description.linearDamping
            native.angular_damping = description.angularDamping
            var id: Int32 = 0
            try check(tgb_body_create(handle, &native, &id))
            return RigidBody(world: self, id: id, kind: description.kind)
        }
    }
}
