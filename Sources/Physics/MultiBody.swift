// Articulated bodies (btMultiBody): joint state, control, readings and pushes.
import BulletShim

/// An articulated body in a world: a base plus links joined by revolute, prismatic,
/// spherical or fixed joints. Keeps its world alive; throws after `remove()` or
/// `world.close()`.
public final class MultiBody {
    public let world: World
    /// World-local id, shared with rigid bodies; what contacts and rays report.
    public let id: Int32
    /// Link names and joint types, in link order.
    public let linkNames: [String]
    public let jointTypes: [JointType]
    /// Number of position coordinates (spherical joints count 4) and velocity coordinates.
    public let positionCount: Int
    public let velocityCount: Int

    init(world: World, id: Int32, links: [LinkDescription]) {
        self.world = world
        self.id = id
        self.linkNames = links.map(\.name)
        self.jointTypes = links.map(\.jointType)
        self.positionCount = links.reduce(0) { $0 + $1.jointType.positionCount }
        self.velocityCount = links.reduce(0) { $0 + $1.jointType.velocityCount }
    }

    public var linkCount: Int { linkNames.count }

    /// Index of the link called `name`, if any.
    public func linkIndex(named name: String) -> Int? { linkNames.firstIndex(of: name) }

    private func call<Result>(_ body: (OpaquePointer) throws -> Result) throws -> Result {
        try world.withHandle("multibody \(id)", body)
    }

    private func checkLink(_ link: Int, allowBase: Bool = false) throws -> Int32 {
        let low = allowBase ? -1 : 0
        try require(link >= low && link < linkCount,
                    "link index \(link) is out of range \(low)..<\(linkCount) for multibody \(id)")
        return Int32(link)
    }

    // MARK: State

    public func baseState() throws -> BodyState {
        try call { handle in
            var native = tgb_body_state()
            try check(tgb_multibody_get_base_state(handle, id, &native))
            return BodyState(native)
        }
    }

    /// Teleports the base (velocities are ignored for a fixed base).
    public func setBaseState(_ state: BodyState) throws {
        try call { handle in
            var native = state.shim
            try check(tgb_multibody_set_base_state(handle, id, &native))
        }
    }

    /// World pose and velocity of a link's frame; -1 is the base.
    public func linkState(_ link: Int) throws -> BodyState {
        let index = try checkLink(link, allowBase: true)
        return try call { handle in
            var native = tgb_body_state()
            try check(tgb_multibody_get_link_state(handle, id, index, &native))
            return BodyState(native)
        }
    }

    /// All joint positions in link order (rad or m; spherical joints as x, y, z, w).
    public func jointPositions() throws -> [Double] {
        try call { handle in
            var values = [Double](repeating: 0, count: positionCount)
            try values.withUnsafeMutableBufferPointer {
                try check(tgb_multibody_get_joint_positions(handle, id, $0.baseAddress, Int32(positionCount)))
            }
            return values
        }
    }

    /// All joint velocities in link order (rad/s or m/s).
    public func jointVelocities() throws -> [Double] {
        try call { handle in
            var values = [Double](repeating: 0, count: velocityCount)
            try values.withUnsafeMutableBufferPointer {
                try check(tgb_multibody_get_joint_velocities(handle, id, $0.baseAddress, Int32(velocityCount)))
            }
            return values
        }
    }

    /// Sets one joint's coordinates (counts must match its type).
    public func setJointState(_ link: Int, positions: [Double], velocities: [Double]) throws {
        let index = try checkLink(link)
        try call { handle in
            try check(tgb_multibody_set_joint_state(handle, id, index, positions, Int32(clamping: positions.count),
                                                    velocities, Int32(clamping: velocities.count)))
        }
    }

    /// Sets a single-dof joint's position (rad or m) and velocity.
    public func setJointState(_ link: Int, position: Double, velocity: Double = 0) throws {
        try setJointState(link, positions: [position], velocities: [velocity])
    }

    // MARK: Control

    /// How a single-dof joint is driven from now on.
    public func setControl(_ link: Int, _ control: JointControl) throws {
        let index = try checkLink(link)
        switch control {
        case .position(_, _, _, _, let maxForce?), .velocity(_, _, let maxForce?):
            try require(maxForce > 0, "maxForce of link \(link) must be > 0 N m (nil uses the link's effort limit)")
        default: break
        }
        try call { handle in
            var native = control.shim
            try check(tgb_multibody_set_joint_control(handle, id, index, &native))
        }
    }

    /// A force (N) at a world point and a torque (N m) on a link (-1: base) for
    /// `duration` seconds of simulated time: a push.
    public func applyWrench(link: Int, force: Vector3, at worldPoint: Vector3? = nil, torque: Vector3 = .zero,
                            duration: Double) throws {
        let index = try checkLink(link, allowBase: true)
        let point = try worldPoint ?? linkState(link).pose.position
        try call { try check(tgb_multibody_apply_wrench($0, id, index, force.shim, point.shim, torque.shim, duration)) }
    }

    /// Couples joints so that q[follower] = multiplier * q[leader] + offset (URDF <mimic>),
    /// through an implicit gear constraint capped at `maxForce` (N m or N; nil: unlimited).
    public func addMimic(follower: Int, leader: Int, multiplier: Double, offset: Double = 0,
                         maxForce: Double? = nil) throws {
        let followerIndex = try checkLink(follower)
        let leaderIndex = try checkLink(leader)
        try call {
            try check(tgb_multibody_add_mimic($0, id, followerIndex, leaderIndex, multiplier, offset, maxForce ?? 0))
        }
    }

    /// World-space bounding box (m) of all colliders, collision margins included.
    public func boundingBox() throws -> (min: Vector3, max: Vector3) {
        try call { handle in
            var low = tgb_vec3(), high = tgb_vec3()
            try check(tgb_multibody_aabb(handle, id, &low, &high))
            return (Vector3(low), Vector3(high))
        }
    }

    /// How far the colliders reach along a world direction (m): the largest dot(p, direction)
    /// over their points, margins included. Exact for convex colliders, where the bounding
    /// box of a rotated link is loose; `-extent(along: -z)` is the lowest point.
    public func extent(along direction: Vector3) throws -> Double {
        try call { handle in
            var value = 0.0
            try check(tgb_multibody_extent(handle, id, direction.shim, &value))
            return value
        }
    }

    public func setSelfCollision(_ enabled: Bool) throws {
        try call { try check(tgb_multibody_set_self_collision($0, id, enabled ? 1 : 0)) }
    }

    /// Which of the body's parts collide with each other while self-collision is on: exactly
    /// the given pairs of link indices (-1 is the base), each both ways; nil restores Bullet's
    /// rule (every pair but a link and its parent). Contacts between the body's own parts are
    /// made afresh at the next collision pass.
    public func setSelfCollisionPairs(_ pairs: [(Int, Int)]?) throws {
        guard let pairs else {
            try call { try check(tgb_multibody_set_self_collision_pairs($0, id, nil, 0)) }
            return
        }
        var flat: [Int32] = []
        for (a, b) in pairs {
            guard let a32 = Int32(exactly: a), let b32 = Int32(exactly: b) else {
                throw PhysicsError.invalidArgument("self-collision pair (\(a), \(b)): link index out of range")
            }
            flat += [a32, b32]
        }
        let count = Int32(pairs.count)
        try call { handle in
            try flat.withUnsafeBufferPointer { buffer in
                // A non-null pointer even for no pairs: "no pair collides", not Bullet's rule.
                var none: Int32 = 0
                if buffer.count == 0 {
                    try check(tgb_multibody_set_self_collision_pairs(handle, id, &none, 0))
                } else {
                    try check(tgb_multibody_set_self_collision_pairs(handle, id, buffer.baseAddress, count))
                }
            }
        }
    }

    /// Enables joint reaction wrenches (a second articulated-body pass per step).
    public func setJointFeedback(_ enabled: Bool) throws {
        try call { try check(tgb_multibody_set_joint_feedback($0, id, enabled ? 1 : 0)) }
    }

    /// What the joint of `link` did in the last step.
    public func jointReading(_ link: Int) throws -> JointReading {
        let index = try checkLink(link)
        return try call { handle in
            var native = tgb_joint_reading()
            try check(tgb_multibody_get_joint_reading(handle, id, index, &native))
            return JointReading(appliedTorque: native.applied_torque, reactionForce: Vector3(native.reaction_force),
                                reactionTorque: Vector3(native.reaction_torque))
        }
    }

    /// Runs a control loop of this body inside the shim, with no Swift in the loop: per
    /// control step every controlled joint's target is sent again, the world takes
    /// `physicsStepsPerControl` single steps, and all joint positions and velocities, the
    /// base state and the base link state are read. Returns the wall seconds. The yardstick
    /// for the same loop written in Swift (see `PhysicsBench`).
    public func controlLoopTimed(controlSteps: Int, physicsStepsPerControl: Int) throws -> Double {
        try require(controlSteps >= 0 && physicsStepsPerControl >= 1,
                    "controlSteps must be >= 0 and physicsStepsPerControl >= 1")
        return try call { handle in
            var seconds = 0.0
            try check(tgb_multibody_control_loop_timed(handle, id, Int32(clamping: controlSteps),
                                                       Int32(clamping: physicsStepsPerControl), &seconds))
            return seconds
        }
    }

    /// Takes the body out of the world. Later calls on this object throw `notFound`.
    public func remove() throws {
        try call { try check(tgb_multibody_remove($0, id)) }
    }
}

extension World {
    /// Adds an articulated body. Every shape must belong to this world.
    public func addMultiBody(_ description: MultiBodyDescription) throws -> MultiBody {
        let shapes = [description.baseShape] + description.links.map(\.shape)
        for shape in shapes.compactMap({ $0 }) where shape.world !== self {
            throw PhysicsError.invalidArgument("shape \(shape.id) belongs to another world")
        }
        return try withHandle("world") { handle in
            var native = tgb_multibody_desc()
            native.fixed_base = description.fixedBase ? 1 : 0
            native.base_pose = description.basePose.shim
            native.base_mass = description.baseMass
            native.base_inertia = description.baseInertia.shim
            native.base_shape = description.baseShape?.id ?? -1
            native.base_material = description.baseMaterial.shim
            native.self_collision = description.selfCollision ? 1 : 0
            native.linear_damping = description.linearDamping
            native.angular_damping = description.angularDamping
            let links = description.links.map(\.shim)
            var id: Int32 = 0
            try check(tgb_multibody_create(handle, &native, links, Int32(clamping: links.count), &id))
            return MultiBody(world: self, id: id, links: description.links)
        }
    }
}
