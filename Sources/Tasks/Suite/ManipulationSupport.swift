// ManipulationSupport: the physical facts the walking and manipulation tasks judge — the
// robot's root frame, who touches whom, goal regions carried by moving fixtures, the
// robot's grasp frames — and the shaping functions their dense rewards share. Read-only
// views of a SceneWorld; nothing here changes the simulation.
import Foundation
import Physics
import Robot
import Scene

/// The robot's root (pelvis) frame now. Task observations give positions in this frame
/// (x forward, y left, z up of the pelvis), so a policy sees the work relative to itself.
struct RobotRootFrame {
    /// World pose of the root frame.
    let pose: Pose
    private let inverse: Pose

    init(_ world: SceneWorld) throws {
        pose = try world.robot.framePose(world.robot.model.rootLink)
        inverse = pose.inverse
    }

    /// A world point in root coordinates (m), as [x, y, z].
    func point(_ world: Vector3) -> [Double] {
        let local = inverse.transform(world)
        return [local.x, local.y, local.z]
    }

    /// A world direction or velocity in root axes, as [x, y, z].
    func direction(_ world: Vector3) -> [Double] {
        let local = inverse.rotation.rotate(world)
        return [local.x, local.y, local.z]
    }

    /// Heading (rad, about world z) of the root's forward (x) axis.
    var heading: Double {
        let forward = pose.rotation.rotate(.unitX)
        return atan2(forward.y, forward.x)
    }

    /// Cosine of the tilt: the root's up axis dotted with world up (1 upright, 0 lying).
    var uprightness: Double { pose.rotation.rotate(.unitZ).z }

    /// The upright test the suite shares with stand_push: the root above 80 % of its start
    /// height and tilted less than 30°.
    func isUpright(startHeight: Double) -> Bool {
        pose.position.z > 0.8 * startHeight && uprightness > cos(30 * Double.pi / 180)
    }
}

/// Contacts after the last physics step, for "does A touch B" questions. Bodies are rigid
/// body or multibody ids (a multibody's every link counts as the body).
struct ContactProbe {
    /// Contact points farther apart than this (m) are Bullet's look-ahead, not touching.
    static let touchDistance = 0.002

    let contacts: [Contact]

    init(_ world: SceneWorld) throws {
        contacts = try world.world.contacts().filter { $0.distance <= Self.touchDistance }
    }

    /// Whether `body` touches `other`.
    func touching(_ body: Int32, _ other: Int32) -> Bool {
        contacts.contains { $0.isBetween(body, other) }
    }

    /// Whether `body` touches any of `others`.
    func touching(_ body: Int32, anyOf others: Set<Int32>) -> Bool {
        contacts.contains { contact in
            (contact.bodyA == body && others.contains(contact.bodyB))
                || (contact.bodyB == body && others.contains(contact.bodyA))
        }
    }
}

extension SceneWorld {
    /// Ids of every body (rigid and multi) a fixture is made of; empty for unknown names.
    func bodyIDs(ofFixture name: String) -> Set<Int32> {
        guard let fixture = fixtures[name] else { return [] }
        return Set(fixture.rigidBodies.values.map(\.id) + fixture.multiBodies.values.map(\.id))
    }

    /// Ids of the bodies of every `floor` fixture: touching one of them is a drop.
    var floorBodyIDs: Set<Int32> {
        spec.fixtures.filter { $0.type == "floor" }.reduce(into: Set<Int32>()) { $0.formUnion(bodyIDs(ofFixture: $1.name)) }
    }

    /// World position of a robot frame (a grasp frame, a palm).
    func framePosition(_ name: String) throws -> Vector3 { try robot.framePose(name).position }
}

/// A body whose pose a region or a site follows.
enum RegionCarrier {
    case rigid(RigidBody)
    case multi(MultiBody)

    /// World pose of the body frame now.
    func pose() throws -> Pose {
        switch self {
        case .rigid(let body): return try body.state().pose
        case .multi(let body): return try body.baseState().pose
        }
    }
}

/// A goal region (a scene goal, or a fixture region `fixture.region`) where it is now.
/// Fixture regions are reported where the fixture was built; when the fixture moves (a cart
/// pushed along, a dynamic bin) the region rides on the fixture's body, tilting with it.
struct TrackedRegion {
    let name: String
    /// Full sizes, m, in the region's own axes.
    let size: Vector3
    private let carrier: RegionCarrier?
    /// The region's pose in the carrier's frame (or in the world without a carrier).
    private let localPose: Pose

    /// Call once the world is built (at reset): the region's offset from its carrier is
    /// taken from the poses then. Unknown names throw a SceneError at `task.params.key`.
    init(world: SceneWorld, name: String, parameters: TaskParameters, key: String) throws {
        guard let goal = world.goals[name] else {
            let known = world.goals.keys.sorted().joined(separator: ", ")
            throw parameters.error(key, "no goal region named '\(name)' in the built scene (regions: \(known))")
        }
        self.name = name
        size = goal.size
        let regionPose = Pose(position: goal.position, rotation: Quaternion(axis: .unitZ, angle: goal.yaw))
        // A fixture region is named `fixture.region` and is not one of the scene's own goals.
        let pieces = name.split(separator: ".", maxSplits: 1).map(String.init)
        let isSceneGoal = world.spec.goals.contains { $0.name == name }
        var carrier: RegionCarrier?
        if !isSceneGoal, pieces.count == 2, let fixture = world.fixtures[pieces[0]] {
            if let body = fixture.rigidBodies.sorted(by: { $0.key < $1.key }).map(\.value).first(where: { $0.kind == .dynamic }) {
                carrier = .rigid(body)
            } else if let body = fixture.multiBodies.sorted(by: { $0.key < $1.key }).first?.value {
                carrier = .multi(body)
            }
        }
        self.carrier = carrier
        localPose = try carrier.map { try $0.pose().inverse * regionPose } ?? regionPose
    }

    /// A region of the given world pose and size that never moves.
    init(name: String, pose: Pose, size: Vector3) {
        self.init(name: name, size: size, carrier: nil, localPose: pose)
    }

    private init(name: String, size: Vector3, carrier: RegionCarrier?, localPose: Pose) {
        self.name = name
        self.size = size
        self.carrier = carrier
        self.localPose = localPose
    }

    /// A box of `size` inside this region, centred `offset` (m, region axes) from its
    /// centre, riding on the same body (e.g. a quarter of a pallet's top).
    func subregion(_ name: String, offset: Vector3, size: Vector3) -> TrackedRegion {
        TrackedRegion(name: name, size: size, carrier: carrier, localPose: localPose * Pose(position: offset))
    }

    /// World pose of the region's centre now.
    func pose() throws -> Pose {
        guard let carrier else { return localPose }
        return try carrier.pose() * localPose
    }

    func contains(_ point: Vector3) throws -> Bool {
        let local = try pose().inverse.transform(point)
        return abs(local.x) <= size.x / 2 && abs(local.y) <= size.y / 2 && abs(local.z) <= size.z / 2
    }

    /// Where a resting object's centre would be: the middle of the region's floor, raised
    /// by `height` (m, e.g. a part's half height).
    func placementPoint(raisedBy height: Double) throws -> Vector3 {
        try pose().transform(Vector3(0, 0, -size.z / 2 + height))
    }
}

enum RewardShaping {
    /// 1 at distance 0, falling smoothly toward 0 beyond `scale` (m): 1 − tanh(d / scale).
    static func closeness(_ distance: Double, scale: Double) -> Double { 1 - tanh(distance / scale) }

    /// `value` clamped to [0, 1].
    static func unit(_ value: Double) -> Double { min(max(value, 0), 1) }
}

/// `a − b` (rad) wrapped into (−π, π].
func angleDifference(_ a: Double, _ b: Double) -> Double {
    var difference = (a - b).truncatingRemainder(dividingBy: 2 * Double.pi)
    if difference > Double.pi { difference -= 2 * Double.pi }
    if difference <= -Double.pi { difference += 2 * Double.pi }
    return difference
}

extension PartSpec {
    /// Half the part's height (m) when it rests in its spawn orientation: where its centre
    /// sits above the surface under it.
    var restingHalfHeight: Double {
        switch shape {
        case .box, .mesh: return size.count == 3 ? size[2] / 2 : 0.05
        case .cylinder: return size.count == 2 ? size[1] / 2 : 0.05
        case .sphere: return size.first ?? 0.05
        }
    }
}

/// The grasp frames of the robot's grippers (profile order), or a SceneError naming the
/// robot profile when the robot has none (manipulation tasks need them).
func graspFrames(of world: SceneWorld, task: String) throws -> [(gripper: String, frame: String)] {
    let grippers = world.profile?.grippers ?? []
    guard !grippers.isEmpty else {
        throw SceneError(file: world.spec.sourceFile, line: 0, keyPath: "robot.profile",
                         message: "task \(task) needs a robot profile with grippers (grasp frames)")
    }
    for gripper in grippers where world.robot.frames[gripper.graspFrame] == nil {
        throw SceneError(file: world.spec.sourceFile, line: 0, keyPath: "robot.profile",
                         message: "gripper \(gripper.name): the robot has no frame '\(gripper.graspFrame)'")
    }
    return grippers.map { ($0.name, $0.graspFrame) }
}

/// Where a carried body (a part, a tote) is and what it touches after the last step: the
/// facts the pick-and-carry tasks judge, reward and observe.
struct CarriedBodySituation {
    var root: RobotRootFrame
    var state: BodyState
    /// World positions of the robot's grasp frames.
    var graspPositions: [Vector3]
    /// Where the body's centre should come to rest in the goal.
    var target: Vector3
    var inGoal: Bool
    /// Touched by any robot link.
    var held: Bool
    var onFloor: Bool

    /// Cosine of the body's tilt (1 upright).
    var uprightness: Double { state.pose.rotation.rotate(.unitZ).z }

    init(world: SceneWorld, body: RigidBody, grasps: [(gripper: String, frame: String)], goal: TrackedRegion,
         restHeight: Double, floorIDs: Set<Int32>) throws {
        let probe = try ContactProbe(world)
        state = try body.state()
        root = try RobotRootFrame(world)
        graspPositions = try grasps.map { try world.framePosition($0.frame) }
        target = try goal.placementPoint(raisedBy: restHeight)
        inGoal = try goal.contains(state.pose.position)
        held = probe.touching(body.id, world.robot.body.id)
        onFloor = probe.touching(body.id, anyOf: floorIDs)
    }
}
