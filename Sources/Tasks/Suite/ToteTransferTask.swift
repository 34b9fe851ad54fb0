// tote_transfer: lift a tote off a shelf with both hands, carry it a few steps, and set it
// down on a cart.
//
// The tote is a `tote` fixture with a mass (a dynamic body). At reset the task moves it by
// the scene's part randomisation — xy offset uniform in ±`randomization.part_position`
// (x, y), yaw in ±`randomization.part_yaw`, friction from `randomization.part_friction` —
// drawn from the episode's task stream.
//
// Success (physical state only): the tote's centre of mass lies inside the `goal` region
// (default the cart's "deck", riding along when the cart is pushed), the tote is at rest
// (speed < `rest_speed` m/s), upright (tilted less than `tilt_tolerance` rad) and not held
// (no contact with any robot link). Failure `dropped_part`: the tote touches a `floor`.
//
// Reward terms, per control step:
//   `reach`   = 1 − tanh(d / 0.1 m), d the mean distance from the grasp frames to the
//               handles (each hand to its own handle, whichever pairing is shorter);
//   `lift`    = clamp((z − z₀) / `lift_height`, 0, 1), the tote's rise above its start;
//   `carry`   = 2 · (1 − tanh(d / 0.3 m)), d from the tote to its resting spot on the goal;
//   `tilt`    = cos(tote tilt) − 1 (≤ 0);
//   `success` = `success_bonus` on the step the predicate is met;
//   `drop`    = −`drop_penalty` on the step the tote is dropped.
// Metrics: `drops` (0 or 1), `cycle_time` (s, on success).
import Foundation
import Physics
import Robot
import Scene

public final class ToteTransferTask: Task {
    public static let name = "tote_transfer"
    public static let summary = "Lift a tote off a shelf with both hands, carry it a few steps, set it down on a cart."
    public static let parameterNames = ["tote", "goal", "rest_speed", "tilt_tolerance", "lift_height", "success_bonus",
                                        "drop_penalty"]
    /// The tote's handle sites, front (−x end) then back.
    static let handleSites = ["handle_front", "handle_back"]

    let parameters: TaskParameters
    let toteName: String
    let goalName: String
    let restSpeed: Double
    /// rad.
    let tiltTolerance: Double
    let liftHeight: Double
    let successBonus: Double
    let dropPenalty: Double

    private var tote: RigidBody?
    /// Handle centres in the tote's body frame.
    private var handles: [Vector3] = []
    /// Height of the tote's centre of mass above its bottom, m.
    private var restHeight = 0.0
    private var goal = TrackedRegion(name: "", pose: .identity, size: .zero)
    private var grasps: [(gripper: String, frame: String)] = []
    private var startHeight = 0.0
    private var floorIDs: Set<Int32> = []
    private var drops = 0

    public init(scene: SceneSpec) throws {
        parameters = try TaskParameters(scene: scene, accepted: Self.parameterNames)
        toteName = try parameters.fixture("tote", default: "tote", type: "tote")
        goalName = try parameters.goal("goal", default: "cart.deck")
        restSpeed = try parameters.number("rest_speed", default: 0.05, in: 1e-4...10)
        tiltTolerance = try parameters.number("tilt_tolerance", default: 15 * Double.pi / 180, in: 0.001...Double.pi / 2)
        liftHeight = try parameters.number("lift_height", default: 0.1, in: 0.001...2)
        successBonus = try parameters.number("success_bonus", default: 10, in: 0...1e6)
        dropPenalty = try parameters.number("drop_penalty", default: 10, in: 0...1e6)
    }

    public func reset(world: SceneWorld, random: inout SeededGenerator) throws {
        guard let built = world.fixtures[toteName], let spec = world.spec.fixtures.first(where: { $0.name == toteName }),
              let body = built.rigidBodies["tote"] else {
            throw parameters.error("tote", "fixture '\(toteName)' built no tote body")
        }
        guard body.kind == .dynamic else {
            throw parameters.error("tote", "tote '\(toteName)' is static: give it a mass (e.g. mass: 1.5) so it can be carried")
        }
        let built0 = try body.state().pose
        handles = try Self.handleSites.map { site in
            guard let pose = built.sites[site] else {
                throw parameters.error("tote", "tote '\(toteName)' has no \(site) (set handles: true)")
            }
            return built0.inverse.transform(pose.position)
        }
        restHeight = built0.position.z - spec.position.z
        try randomize(body, from: built0, world: world, random: &random)
        tote = body
        goal = try TrackedRegion(world: world, name: goalName, parameters: parameters, key: "goal")
        grasps = try graspFrames(of: world, task: Self.name)
        startHeight = try body.state().pose.position.z
        floorIDs = world.floorBodyIDs
        drops = 0
    }

    /// Moves the tote by the scene's part randomisation (see the file comment).
    private func randomize(_ body: RigidBody, from pose: Pose, world: SceneWorld, random: inout SeededGenerator) throws {
        let ranges = world.randomization
        let offset = Vector3(random.uniform(-ranges.partPosition.x, ranges.partPosition.x),
                             random.uniform(-ranges.partPosition.y, ranges.partPosition.y), 0)
        let turn = Quaternion(axis: .unitZ, angle: random.uniform(-ranges.partYaw, ranges.partYaw))
        try body.setPose(Pose(position: pose.position + offset, rotation: turn * pose.rotation))
        try body.setVelocity(linear: .zero, angular: .zero)
        if let friction = ranges.partFriction {
            try body.setMaterial(Material(friction: random.uniform(friction)))
        }
    }

    /// The tote's physical situation after the last step.
    private func situation(_ world: SceneWorld) throws -> CarriedBodySituation {
        guard let tote else { throw parameters.error("tote", "the task was not reset") }
        return try CarriedBodySituation(world: world, body: tote, grasps: grasps, goal: goal,
                                        restHeight: restHeight, floorIDs: floorIDs)
    }

    /// World positions of the tote's handles now.
    private func handlePositions(_ now: CarriedBodySituation) -> [Vector3] {
        handles.map { now.state.pose.transform($0) }
    }

    public var observationNames: [String] {
        let xyz = ["x", "y", "z"]
        var names = xyz.map { "task.tote.\($0)" } + xyz.map { "task.tote_velocity.\($0)" }
            + xyz.map { "task.tote_up.\($0)" } + xyz.map { "task.tote_forward.\($0)" }
        for site in Self.handleSites { names += xyz.map { "task.\(site).\($0)" } }
        for grasp in grasps { names += xyz.map { "task.\(grasp.gripper)_grasp.\($0)" } }
        return names + xyz.map { "task.goal.\($0)" } + ["task.tote_held", "task.tote_in_goal"]
    }

    /// Tote position, velocity, up and forward axes, handles, grasp frames and the goal
    /// spot in the root frame; then 0/1 flags for held and in goal.
    public func observation(world: SceneWorld) throws -> [Double] {
        let now = try situation(world)
        let rotation = now.state.pose.rotation
        var values = now.root.point(now.state.pose.position) + now.root.direction(now.state.linearVelocity)
            + now.root.direction(rotation.rotate(.unitZ)) + now.root.direction(rotation.rotate(.unitX))
        for handle in handlePositions(now) { values += now.root.point(handle) }
        for grasp in now.graspPositions { values += now.root.point(grasp) }
        return values + now.root.point(now.target) + [now.held ? 1 : 0, now.inGoal ? 1 : 0]
    }

    public func evaluate(world: SceneWorld, time: Double) throws -> TaskEvaluation {
        let now = try situation(world)
        let position = now.state.pose.position
        let upright = now.uprightness >= cos(tiltTolerance)
        let success = now.inGoal && upright && now.state.linearVelocity.length < restSpeed && !now.held
        let dropped = !success && now.onFloor
        if dropped { drops += 1 }
        var metrics = ["drops": Double(drops)]
        if success { metrics["cycle_time"] = time }
        return TaskEvaluation(
            rewardTerms: [
                "reach": RewardShaping.closeness(Self.handDistance(now.graspPositions, handlePositions(now)), scale: 0.1),
                "lift": RewardShaping.unit((position.z - startHeight) / liftHeight),
                "carry": 2 * RewardShaping.closeness((position - now.target).length, scale: 0.3),
                "tilt": now.uprightness - 1,
                "success": success ? successBonus : 0,
                "drop": dropped ? -dropPenalty : 0,
            ],
            success: success, failure: dropped ? .droppedPart : nil, metrics: metrics)
    }

    /// Mean distance (m) from the hands to the handles: with two hands and two handles, each
    /// hand to its own handle in the shorter pairing; otherwise each hand to its nearest.
    static func handDistance(_ hands: [Vector3], _ handles: [Vector3]) -> Double {
        guard !hands.isEmpty, !handles.isEmpty else { return 0 }
        if hands.count == 2, handles.count == 2 {
            let straight = (hands[0] - handles[0]).length + (hands[1] - handles[1]).length
            let crossed = (hands[0] - handles[1]).length + (hands[1] - handles[0]).length
            return min(straight, crossed) / 2
        }
        let total = hands.reduce(0.0) { sum, hand in sum + (handles.map { (hand - $0).length }.min() ?? 0) }
        return total / Double(hands.count)
    }
}
