// SceneWorld: the simulation a scene builds for one episode — the physics world, the robot
// standing in its start pose, the fixtures, the parts and the goal regions — with the
// scene's randomisation drawn from the episode seed. What a scene *is* stays in SceneSpec;
// this is what it is *doing*.
import Foundation
import Physics
import Robot

public final class SceneWorld {
    public let spec: SceneSpec
    public let seed: UInt64
    public let world: World
    public let robot: RobotInstance
    public let profile: RobotProfile?
    public let fixtures: [String: BuiltFixture]
    /// Parts by name, in the scene's order (tasks may add more, e.g. conveyor arrivals).
    public private(set) var parts: [(name: String, body: RigidBody, spec: PartSpec)] = []
    /// Goal regions: the scene's own, plus every fixture region as "fixture.region".
    public let goals: [String: GoalSpec]
    public private(set) var drawables: [Drawable] = []
    /// Joint targets of the start pose (actuated joints), the zero of the action space.
    public let nominalPose: [String: Double]
    /// Height (m) of the robot's root frame when it stood at the start.
    public let startHeight: Double
    /// Randomised values tasks and the episode read: conveyor speed, pushes, latency…
    public let randomization: RandomizationSpec
    /// The scene's camera sensors (and the profile's head camera as `head`); pictures need
    /// a `CameraProvider` set on them.
    public let cameras: SceneCameras

    /// Builds the scene for `seed`. Errors are SceneErrors naming the scene file and line.
    public init(spec: SceneSpec, seed: UInt64) throws {
        self.spec = spec
        self.seed = seed
        self.randomization = spec.randomization
        let file = spec.sourceFile
        do {
            world = try World(settings: spec.world.physicsSettings)
            if spec.world.jointWarmStart != 0 {
                try world.setJointWarmStart(spec.world.jointWarmStart, rows: spec.world.jointWarmStartRows)
            }
        } catch {
            throw SceneError(file: file, line: 0, keyPath: "world", message: "\(error)")
        }

        // Fixtures.
        var built: [String: BuiltFixture] = [:]
        var goals: [String: GoalSpec] = [:]
        for (index, fixtureSpec) in spec.fixtures.enumerated() {
            if built[fixtureSpec.name] != nil {
                throw SceneError(file: file, line: fixtureSpec.line, keyPath: "fixtures[\(index)].name",
                                 message: "a fixture named '\(fixtureSpec.name)' already exists")
            }
            let fixture = try FixtureRegistry.make(fixtureSpec, index: index, file: file)
            let result: BuiltFixture
            do {
                result = try fixture.build(in: world)
            } catch let error as SceneError {
                throw error
            } catch {
                throw SceneError(file: file, line: fixtureSpec.line, keyPath: "fixtures[\(index)]", message: "\(error)")
            }
            built[fixtureSpec.name] = result
            for (name, region) in result.regions { goals["\(fixtureSpec.name).\(name)"] = region }
            drawables += result.drawables
        }
        fixtures = built
        for (index, goal) in spec.goals.enumerated() {
            guard goal.size.x > 0, goal.size.y > 0, goal.size.z > 0 else {
                throw SceneError(file: file, line: goal.line, keyPath: "goals[\(index)].size", message: "sizes must be > 0")
            }
            goals[goal.name] = goal
            drawables.append(Drawable(body: -1, localPose: Pose(position: goal.position,
                                                               rotation: Quaternion(axis: .unitZ, angle: goal.yaw)),
                                      shape: .box(size: goal.size), color: goal.color, isOverlay: true))
        }
        self.goals = goals

        // Robot.
        let placed = try SceneRobotPlacement(spec: spec, world: world, seed: seed)
        robot = placed.robot
        profile = placed.profile
        nominalPose = placed.nominalPose
        startHeight = placed.startHeight
        drawables += placed.drawables
        cameras = try SceneCameras(spec: spec, robot: robot, profile: profile)

        // Parts, randomised from their own stream.
        var random = SeededGenerator(seed: seed, stream: "parts")
        for (index, partSpec) in spec.parts.enumerated() {
            var part = partSpec
            let r = spec.randomization
            part.position = part.position + Vector3(random.uniform(-r.partPosition.x, r.partPosition.x),
                                                    random.uniform(-r.partPosition.y, r.partPosition.y),
                                                    random.uniform(-r.partPosition.z, r.partPosition.z))
            part.yaw += random.uniform(-r.partYaw, r.partYaw)
            if let scale = r.partMassScale { part.mass *= random.uniform(scale) }
            if let friction = r.partFriction { part.friction = random.uniform(friction) }
            try addPart(part, index: index)
        }
    }

    /// Adds a part (scene parts at build time; tasks add arrivals during an episode).
    @discardableResult
    public func addPart(_ part: PartSpec, index: Int? = nil) throws -> RigidBody {
        let file = spec.sourceFile
        let key = "parts[\(index ?? parts.count)]"
        func fail(_ field: String, _ message: String) -> SceneError {
            SceneError(file: file, line: part.line, keyPath: "\(key).\(field)", message: message)
        }
        guard part.mass.isFinite, part.mass > 0 else { throw fail("mass", "must be > 0 kg, got \(part.mass)") }
        guard part.friction.isFinite, part.friction >= 0 else { throw fail("friction", "must be >= 0, got \(part.friction)") }
        guard part.color.count == 4 || part.color.count == 3 else { throw fail("color", "expected 3 or 4 numbers") }
        if parts.contains(where: { $0.name == part.name }) { throw fail("name", "a part named '\(part.name)' already exists") }
        let geometry: GeometryShape
        let shape: Shape
        switch part.shape {
        case .box:
            guard part.size.count == 3, part.size.allSatisfy({ $0 > 0 }) else {
                throw fail("size", "a box takes 3 sizes > 0 (full sizes, m), got \(part.size)")
            }
            let size = Vector3(part.size[0], part.size[1], part.size[2])
            geometry = .box(size: size)
            shape = try world.boxShape(halfExtents: size / 2)
        case .cylinder:
            guard part.size.count == 2, part.size.allSatisfy({ $0 > 0 }) else {
                throw fail("size", "a cylinder takes [radius, length] > 0, got \(part.size)")
            }
            geometry = .cylinder(radius: part.size[0], length: part.size[1])
            shape = try world.cylinderShape(radius: part.size[0], length: part.size[1])
        case .sphere:
            guard part.size.count == 1, part.size[0] > 0 else { throw fail("size", "a sphere takes [radius] > 0, got \(part.size)") }
            geometry = .sphere(radius: part.size[0])
            shape = try world.sphereShape(radius: part.size[0])
        case .mesh:
            guard let mesh = part.mesh else { throw fail("mesh", "a mesh part needs a mesh file") }
            let path = mesh.hasPrefix("/") ? mesh : URL(fileURLWithPath: file).deletingLastPathComponent()
                .appendingPathComponent(mesh).standardized.path
            let scale = part.size.count == 3 ? Vector3(part.size[0], part.size[1], part.size[2]) : Vector3(1, 1, 1)
            do {
                shape = try world.convexHullShape(points: try MeshCache.shared.collisionHull(at: path, scale: scale,
                                                                                           maxVertices: 64))
            } catch {
                throw fail("mesh", "\(error)")
            }
            geometry = .mesh(path: path, scale: scale)
        }
        let pose = Pose(position: part.position, rotation: Quaternion(axis: .unitZ, angle: part.yaw))
        let body = try world.addBody(RigidBodyDescription(
            kind: .dynamic, shape: shape, mass: part.mass, pose: pose,
            material: Material(friction: part.friction, rollingFriction: 0.0005, spinningFriction: 0.002)))
        parts.append((part.name, body, part))
        let color = part.color.count == 3 ? part.color + [1] : part.color
        drawables.append(Drawable(body: body.id, shape: geometry, color: color))
        return body
    }

    public func part(named name: String) -> RigidBody? { parts.first { $0.name == name }?.body }

    /// Whether a world point lies inside a goal region (box, turned by its yaw).
    public func goal(_ name: String, contains point: Vector3) -> Bool {
        guard let goal = goals[name] else { return false }
        let local = Quaternion(axis: .unitZ, angle: -goal.yaw).rotate(point - goal.position)
        return abs(local.x) <= goal.size.x / 2 && abs(local.y) <= goal.size.y / 2 && abs(local.z) <= goal.size.z / 2
    }

    /// The world pose of each drawable's body or link frame now, in `drawables` order
    /// (identity for body −1): what a renderer combines with each `localPose`.
    public func drawableBodyPoses() throws -> [Pose] {
        var bodyPoses: [Int32: Pose] = [:]
        var linkPoses: [Int: Pose] = [:]
        for part in parts { bodyPoses[part.body.id] = try part.body.state().pose }
        for fixture in fixtures.values {
            for body in fixture.rigidBodies.values { bodyPoses[body.id] = try body.state().pose }
        }
        return try drawables.map { drawable in
            if drawable.body < 0 { return .identity }
            if drawable.body == robot.body.id {
                if linkPoses[drawable.link] == nil { linkPoses[drawable.link] = try robot.body.linkState(drawable.link).pose }
                return linkPoses[drawable.link] ?? .identity
            }
            for fixture in fixtures.values {
                for body in fixture.multiBodies.values where body.id == drawable.body {
                    return try body.linkState(drawable.link).pose
                }
            }
            return bodyPoses[drawable.body] ?? .identity
        }
    }

    /// The world pose of each drawable's geometry now (body pose × local pose).
    public func drawablePoses() throws -> [Pose] {
        try zip(drawables, drawableBodyPoses()).map { $1 * $0.localPose }
    }
}
