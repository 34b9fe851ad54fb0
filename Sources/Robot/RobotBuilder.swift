// RobotBuilder: turns a RobotModel into a Physics multibody. Fixed joints are merged into
// their parent body for speed; every model link stays addressable as a named frame.
import Foundation
import Physics

/// Choices made when a model becomes a body in a world.
public struct RobotBuildOptions: Sendable {
    /// World pose of the root link's frame (not its centre of mass).
    public var basePose: Pose
    /// nil: weld the base when the model says it is fixed, float it otherwise.
    public var fixedBase: Bool?
    /// Collisions between the robot's own links, by `selfCollisionRule`: every two links
    /// with colliders that no joint joins directly (see RobotSelfCollision). Off by default,
    /// as in PyBullet: vendor collision meshes often overlap at rest; a robot's profile turns
    /// it on for its scenes (`self_collision`, see SceneRobotPlacement).
    public var selfCollision: Bool
    /// The pairs kept apart anyway.
    public var selfCollisionRule: RobotSelfCollision
    public var material: Material
    /// Vertex bound of the convex hulls made from collision meshes.
    public var maxHullVertices: Int
    /// Gains of the default position control: the fractions of the position (and velocity)
    /// error removed per 1/240 s (`StepFraction.referenceStep`), restated for the world's
    /// step when applied (see `RobotInstance.hold`).
    public var positionGain: Double
    public var velocityGain: Double
    /// true: each servo keeps to its joint's velocity limit from the robot file (URDF
    /// `<limit velocity>`; a joint without one, or MJCF, which has none, stays unlimited);
    /// see `LinkDescription.maxVelocity`. false (the default): servos ignore the file's
    /// velocity limits (see `RobotSpec.velocityLimits` for why).
    public var servoVelocityLimits: Bool
    /// Where processed collision meshes come from (and go).
    public var meshCache: MeshCache

    public init(basePose: Pose = .identity, fixedBase: Bool? = nil, selfCollision: Bool = false,
                selfCollisionRule: RobotSelfCollision = RobotSelfCollision(),
                material: Material = Material(friction: 0.9), maxHullVertices: Int = 64,
                positionGain: Double = 0.2, velocityGain: Double = 1, servoVelocityLimits: Bool = false,
                meshCache: MeshCache = .shared) {
        self.meshCache = meshCache
        self.basePose = basePose
        self.fixedBase = fixedBase
        self.selfCollision = selfCollision
        self.selfCollisionRule = selfCollisionRule
        self.material = material
        self.maxHullVertices = maxHullVertices
        self.positionGain = positionGain
        self.velocityGain = velocityGain
        self.servoVelocityLimits = servoVelocityLimits
    }
}

/// Where a model link's frame sits: on which body link (-1 = base) and at what pose
/// relative to that body link's centre-of-mass frame.
public struct RobotFrame: Sendable, Hashable {
    public var link: Int
    public var offset: Pose
}

/// A robot built in a world: the multibody plus the names that address it.
public final class RobotInstance {
    public let model: RobotModel
    public let body: MultiBody
    /// For each body link (Bullet link index), the movable model joint that drives it.
    public let jointNames: [String]
    /// Every model link name → its frame on the body (merged links included).
    public let frames: [String: RobotFrame]
    /// What the builder approximated or left out.
    public let notes: [ImportNote]
    /// The pairs of bodies (named by their model links: the root, or the child link of the
    /// movable joint driving each) that collide with each other; empty with self-collision off.
    public internal(set) var selfCollisionPairs: [[String]] = []

    init(model: RobotModel, body: MultiBody, jointNames: [String], frames: [String: RobotFrame], notes: [ImportNote]) {
        self.model = model
        self.body = body
        self.jointNames = jointNames
        self.frames = frames
        self.notes = notes
    }

    /// Bullet link index of a movable joint.
    public func jointIndex(named name: String) -> Int? { jointLinks[name] }

    /// Each movable joint name → its first Bullet link index (what `jointNames.firstIndex(of:)`
    /// gives), so control loops look joints up by hash instead of comparing every name.
    private lazy var jointLinks: [String: Int] = {
        var links: [String: Int] = [:]
        for (index, name) in jointNames.enumerated() where links[name] == nil { links[name] = index }
        return links
    }()

    /// World pose of a model link's frame (e.g. "imu_in_pelvis", a camera frame).
    public func framePose(_ name: String) throws -> Pose {
        guard let frame = frames[name] else {
            throw PhysicsError.notFound("robot \(model.name) has no frame named \(name)")
        }
        return try body.linkState(frame.link).pose * frame.offset
    }

    /// Joint positions by joint name (single-dof joints; spherical joints are left out).
    public func jointPositions() throws -> [String: Double] {
        let values = try body.jointPositions()
        var result = [String: Double](minimumCapacity: jointNames.count)
        var cursor = 0
        for (index, type) in body.jointTypes.enumerated() {
            if type.positionCount == 1 { result[jointNames[index]] = values[cursor] }
            cursor += type.positionCount
        }
        return result
    }

    /// Teleports joints to the given positions (rad or m) at rest. Unknown names throw.
    public func setJointPositions(_ positions: [String: Double]) throws {
        for (name, value) in positions.sorted(by: { $0.key < $1.key }) {
            guard let index = jointIndex(named: name) else {
                throw PhysicsError.notFound("robot \(model.name) has no movable joint named \(name)")
            }
            try body.setJointState(index, position: value)
        }
    }

    /// Moves the base straight up or down so the lowest collider touches z = `floorHeight`
    /// (plus `clearance`), keeping its velocity at zero. Returns the base frame's new height.
    @discardableResult
    public func placeOnFloor(floorHeight: Double = 0, clearance: Double = 0.002) throws -> Double {
        // The exact lowest point: a bounding box is loose once a link's principal frame is
        // turned (13 cm on DeepMind's humanoid), which would drop the robot from that high.
        let lowest = -(try body.extent(along: Vector3(0, 0, -1)))
        var state = try body.baseState()
        state.pose.position.z += floorHeight + clearance - lowest
        state.linearVelocity = .zero
        state.angularVelocity = .zero
        try body.setBaseState(state)
        return try framePose(model.rootLink).position.z
    }

    /// Applies a keyframe of the model: joint positions (and the base pose when it has one).
    public func apply(keyframe name: String) throws {
        guard let keyframe = model.keyframes.first(where: { $0.name == name }) else {
            throw PhysicsError.notFound("robot \(model.name) has no keyframe named \(name)")
        }
        let movable = keyframe.jointPositions.filter { jointIndex(named: $0.key) != nil }
        try setJointPositions(movable)
        if let pose = keyframe.basePose {
            var state = try body.baseState()
            state.pose = pose * (frames[model.rootLink]?.offset.inverse ?? .identity)
            try body.setBaseState(state)
        }
    }

    /// Position control toward `positions` for every named joint, capped at each joint's
    /// effort limit. The gains are the fractions of the position (and velocity) error removed
    /// per 1/240 s (`StepFraction.referenceStep`), in [0, 1]: they are restated here for the
    /// world's step, so a servo responds at the same rate, in seconds, at any step.
    public func hold(_ positions: [String: Double], positionGain: Double = 0.2, velocityGain: Double = 1) throws {
        let gains = try servoGainsPerStep(position: positionGain, velocity: velocityGain)
        // Each servo is set on its own, so the order is free when every name is known; with
        // an unknown name, the joints before it in name order are set and it is named.
        var links: [Int] = [], targets: [Double] = []
        links.reserveCapacity(positions.count)
        targets.reserveCapacity(positions.count)
        for (name, value) in positions {
            guard let link = jointLinks[name] else { break }
            links.append(link)
            targets.append(value)
        }
        if links.count == positions.count {
            try setServos(links: links, targets: targets, gains: gains)
            return
        }
        for (name, value) in positions.sorted(by: { $0.key < $1.key }) {
            guard let index = jointIndex(named: name) else {
                throw PhysicsError.notFound("robot \(model.name) has no movable joint named \(name)")
            }
            try body.setControl(index, .position(target: value, positionGain: gains.position, velocityGain: gains.velocity))
        }
    }

    /// `hold` by body link, for control loops that looked their joints up once: position
    /// control toward `targets[i]` for Bullet link `links[i]` (see `jointIndex(named:)`),
    /// with the same servo settings as `hold`.
    public func hold(links: [Int], targets: [Double], positionGain: Double = 0.2, velocityGain: Double = 1) throws {
        guard links.count == targets.count else {
            throw PhysicsError.invalidArgument("hold: \(links.count) links but \(targets.count) targets")
        }
        try setServos(links: links, targets: targets,
                      gains: try servoGainsPerStep(position: positionGain, velocity: velocityGain))
    }

    private func setServos(links: [Int], targets: [Double], gains: (position: Double, velocity: Double)) throws {
        for (link, value) in zip(links, targets) {
            try body.setControl(link, .position(target: value, positionGain: gains.position, velocityGain: gains.velocity))
        }
    }

    /// Servo gains stated per `StepFraction.referenceStep` as Bullet takes them: per step of
    /// the robot's world (unchanged, bit for bit, at 1/240 s). Every servo the robot layer
    /// sets goes through here.
    func servoGainsPerStep(position: Double, velocity: Double) throws -> (position: Double, velocity: Double) {
        let timeStep = try body.world.settings().timeStep
        return (StepFraction.perStep(position, timeStep: timeStep), StepFraction.perStep(velocity, timeStep: timeStep))
    }
}

public enum RobotBuilder {
    /// Builds `model` into `world`. Collision meshes are loaded through `options.meshCache`.
    public static func build(_ model: RobotModel, in world: World,
                             options: RobotBuildOptions = RobotBuildOptions()) throws -> RobotInstance {
        var plan = try RobotBodyPlan(model: model)
        let shapes = RobotShapeFactory(world: world, model: model, maxHullVertices: options.maxHullVertices,
                                       meshCache: options.meshCache)
        let fixedBase = options.fixedBase ?? !model.floatingBase

        // Base.
        let root = plan.bodies[0]
        var baseInertial = root.inertial
        if !fixedBase && baseInertial.mass <= 0 {
            baseInertial = Inertial(mass: 1e-3, inertia: .diagonal(Vector3(1e-6, 1e-6, 1e-6)))
            plan.notes.append(ImportNote(file: model.sourceFile, line: 0,
                                         message: "root link \(root.name) has no mass; a floating base needs one: using 1 g"))
        }
        let baseShape = try shapes.collider(for: root.collisions, centerOfMass: root.centerOfMassPose,
                                            isStatic: fixedBase, notes: &plan.notes)
        // The file's own root rotation is kept (its position is the caller's to choose).
        let fileRotation = model.basePose?.rotation ?? .identity
        let rootPose = Pose(position: options.basePose.position, rotation: options.basePose.rotation * fileRotation)
        let basePose = rootPose * root.centerOfMassPose

        // Links, one per movable joint.
        var links: [LinkDescription] = []
        var hasCollider = [baseShape != nil]
        for body in plan.bodies.dropFirst() {
            guard let joint = body.joint else { continue }
            let parent = plan.bodies[body.parentBody]
            // Child COM frame at q = 0 relative to the parent COM frame.
            let jointFrameInParent = parent.centerOfMassPose.inverse * body.jointOriginInParentFrame
            let comInJoint = body.centerOfMassPose
            let jointInParent = Pose(position: jointFrameInParent.position,
                                     rotation: jointFrameInParent.rotation * comInJoint.rotation)
            let toCom = comInJoint.rotation.conjugate.rotate(comInJoint.position)
            let axis = comInJoint.rotation.conjugate.rotate(joint.axis.normalized)
            let type: JointType
            switch joint.kind {
            case .revolute, .continuous: type = .revolute
            case .prismatic: type = .prismatic
            case .spherical: type = .spherical
            default:
                throw ImportError(file: model.sourceFile, line: 0,
                                  message: "joint \(joint.name): \(joint.kind.rawValue) joints are only supported at the root")
            }
            var limits: Physics.JointLimits?
            if joint.kind != .continuous, let lower = joint.limits?.lower, let upper = joint.limits?.upper, lower <= upper {
                limits = Physics.JointLimits(lower: lower, upper: upper)
            }
            let effort = joint.limits?.effort.flatMap { $0 > 0 ? $0 : nil }
            // A velocity of 0 (some files write it for "unknown") leaves the servo unlimited.
            let speed = options.servoVelocityLimits ? joint.limits?.velocity.flatMap { $0 > 0 ? $0 : nil } : nil
            var stiffness = joint.stiffness
            if type == .spherical && stiffness > 0 {
                plan.notes.append(ImportNote(file: model.sourceFile, line: 0,
                                             message: "joint \(joint.name): spherical joints take no stiffness; left out"))
                stiffness = 0
            }
            let shape = try shapes.collider(for: body.collisions, centerOfMass: body.centerOfMassPose, notes: &plan.notes)
            hasCollider.append(shape != nil)
            links.append(LinkDescription(
                name: body.name, parent: body.parentBody - 1, jointType: type, jointInParent: jointInParent,
                jointToCenterOfMass: toCom, axis: axis, mass: body.inertial.mass,
                inertia: body.principalMoments, shape: shape,
                material: options.material, limits: limits, damping: joint.damping, friction: joint.friction,
                maxEffort: effort, maxVelocity: speed, stiffness: stiffness, springReference: joint.springReference))
        }
        let multibody = try world.addMultiBody(MultiBodyDescription(
            fixedBase: fixedBase, basePose: basePose, baseMass: fixedBase ? 0 : baseInertial.mass,
            baseInertia: fixedBase ? .zero : root.principalMoments, baseShape: baseShape,
            baseMaterial: options.material, links: links, selfCollision: options.selfCollision))
        var selfPairs: [(Int, Int)] = []
        if options.selfCollision {
            selfPairs = try options.selfCollisionRule.pairs(plan: plan, hasCollider: hasCollider, model: model)
            try multibody.setSelfCollisionPairs(selfPairs)
        }

        let jointNames = plan.bodies.dropFirst().map { $0.joint?.name ?? $0.name }
        let instance = RobotInstance(model: model, body: multibody, jointNames: Array(jointNames),
                                     frames: plan.frames, notes: plan.notes)
        instance.selfCollisionPairs = selfPairs.map { [plan.bodies[$0.0 + 1].name, plan.bodies[$0.1 + 1].name] }
        try addMimics(model: model, instance: instance)
        try holdInitialPose(instance: instance, options: options)
        return instance
    }

    /// URDF <mimic>: gear constraints between the follower and its leader.
    private static func addMimics(model: RobotModel, instance: RobotInstance) throws {
        for joint in model.joints {
            guard let mimic = joint.mimic else { continue }
            guard let follower = instance.jointIndex(named: joint.name),
                  let leader = instance.jointIndex(named: mimic.joint) else {
                throw ImportError(file: model.sourceFile, line: 0,
                                  message: "joint \(joint.name) mimics \(mimic.joint), which is not a movable joint")
            }
            try instance.body.addMimic(follower: follower, leader: leader, multiplier: mimic.multiplier,
                                       offset: mimic.offset, maxForce: joint.limits?.effort)
        }
    }

    /// Every actuated single-dof joint starts under position control at its current angle
    /// (0 unless changed); mimic followers are left to their gear.
    private static func holdInitialPose(instance: RobotInstance, options: RobotBuildOptions) throws {
        let followers = Set(instance.model.joints.compactMap { $0.mimic == nil ? nil : $0.name })
        let actuated = instance.model.actuators.isEmpty ? nil : Set(instance.model.actuators.map(\.joint))
        let gains = try instance.servoGainsPerStep(position: options.positionGain, velocity: options.velocityGain)
        for (index, type) in instance.body.jointTypes.enumerated() where type == .revolute || type == .prismatic {
            let name = instance.jointNames[index]
            if followers.contains(name) { continue }
            if let actuated, !actuated.contains(name) { continue }
            try instance.body.setControl(index, .position(target: 0, positionGain: gains.position,
                                                          velocityGain: gains.velocity))
        }
    }
}

extension Pose {
    /// The inverse transform: maps parent coordinates back into this frame.
    public var inverse: Pose {
        let rotation = self.rotation.conjugate
        return Pose(position: -rotation.rotate(position), rotation: rotation)
    }
}
