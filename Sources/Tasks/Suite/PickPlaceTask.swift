// pick_place: pick a part up from the bench and put it into a bin.
//
// Success (physical state only): the part's centre lies inside the `goal` region (default
// the bin's "inside"), it is at rest (speed < `rest_speed` m/s), and it is not held — no
// contact between the part and any robot link (fingers and palms included).
// Failure `dropped_part`: the part touches a `floor` fixture outside the goal.
//
// Reward terms, per control step:
//   `reach`   = 1 − tanh(d / 0.1 m), d from the nearest grasp frame to the part's centre;
//   `lift`    = clamp((z − z₀) / `lift_height`, 0, 1), the part's rise above its start;
//   `place`   = 2 · (1 − tanh(d / 0.2 m)), d from the part to the middle of the goal's floor
//               (raised by the part's half height);
//   `success` = `success_bonus` on the step the predicate is met;
//   `drop`    = −`drop_penalty` on the step the part is dropped.
// Metrics: `drops` (0 or 1: a drop ends the episode), `cycle_time` (s, on success).
import Foundation
import Physics
import Robot
import Scene

public final class PickPlaceTask: Task {
    public static let name = "pick_place"
    public static let summary = "Pick a part up from the bench and put it into a bin."
    public static let parameterNames = ["part", "goal", "rest_speed", "lift_height", "success_bonus", "drop_penalty"]

    let parameters: TaskParameters
    let partName: String
    let goalName: String
    /// m/s below which the part counts as at rest.
    let restSpeed: Double
    /// m of rise that earns the whole `lift` term.
    let liftHeight: Double
    let successBonus: Double
    let dropPenalty: Double

    private var part: RigidBody?
    private var partHalfHeight = 0.0
    private var goal = TrackedRegion(name: "", pose: .identity, size: .zero)
    private var grasps: [(gripper: String, frame: String)] = []
    private var startHeight = 0.0
    private var floorIDs: Set<Int32> = []
    private var drops = 0

    public init(scene: SceneSpec) throws {
        parameters = try TaskParameters(scene: scene, accepted: Self.parameterNames)
        partName = try parameters.part("part", default: "part")
        goalName = try parameters.goal("goal", default: "bin.inside")
        restSpeed = try parameters.number("rest_speed", default: 0.05, in: 1e-4...10)
        liftHeight = try parameters.number("lift_height", default: 0.1, in: 0.001...2)
        successBonus = try parameters.number("success_bonus", default: 10, in: 0...1e6)
        dropPenalty = try parameters.number("drop_penalty", default: 10, in: 0...1e6)
    }

    public func reset(world: SceneWorld, random: inout SeededGenerator) throws {
        guard let entry = world.parts.first(where: { $0.name == partName }) else {
            throw parameters.error("part", "no part named '\(partName)' in the built scene")
        }
        part = entry.body
        partHalfHeight = entry.spec.restingHalfHeight
        goal = try TrackedRegion(world: world, name: goalName, parameters: parameters, key: "goal")
        grasps = try graspFrames(of: world, task: Self.name)
        startHeight = try entry.body.state().pose.position.z
        floorIDs = world.floorBodyIDs
        drops = 0
    }

    /// The part's physical situation after the last step.
    private func situation(_ world: SceneWorld) throws -> CarriedBodySituation {
        guard let part else { throw parameters.error("part", "the task was not reset") }
        return try CarriedBodySituation(world: world, body: part, grasps: grasps, goal: goal,
                                        restHeight: partHalfHeight, floorIDs: floorIDs)
    }

    public var observationNames: [String] {
        var names = ["x", "y", "z"].map { "task.part.\($0)" } + ["x", "y", "z"].map { "task.part_velocity.\($0)" }
            + ["x", "y", "z"].map { "task.goal.\($0)" }
        for grasp in grasps { names += ["x", "y", "z"].map { "task.\(grasp.gripper)_grasp_to_part.\($0)" } }
        return names + ["task.part_held", "task.part_in_goal"]
    }

    /// Part position and velocity, goal point, and each grasp frame→part vector, in the
    /// root frame; then 0/1 flags for held and in goal.
    public func observation(world: SceneWorld) throws -> [Double] {
        let now = try situation(world)
        let partPosition = now.state.pose.position
        var values = now.root.point(partPosition) + now.root.direction(now.state.linearVelocity) + now.root.point(now.target)
        for grasp in now.graspPositions { values += now.root.direction(partPosition - grasp) }
        return values + [now.held ? 1 : 0, now.inGoal ? 1 : 0]
    }

    public func evaluate(world: SceneWorld, time: Double) throws -> TaskEvaluation {
        let now = try situation(world)
        let partPosition = now.state.pose.position
        let success = now.inGoal && now.state.linearVelocity.length < restSpeed && !now.held
        let dropped = !success && now.onFloor && !now.inGoal
        if dropped { drops += 1 }
        let reach = now.graspPositions.map { ($0 - partPosition).length }.min() ?? 0
        var metrics = ["drops": Double(drops)]
        if success { metrics["cycle_time"] = time }
        return TaskEvaluation(
            rewardTerms: [
                "reach": RewardShaping.closeness(reach, scale: 0.1),
                "lift": RewardShaping.unit((partPosition.z - startHeight) / liftHeight),
                "place": 2 * RewardShaping.closeness((partPosition - now.target).length, scale: 0.2),
                "success": success ? successBonus : 0,
                "drop": dropped ? -dropPenalty : 0,
            ],
            success: success, failure: dropped ? .droppedPart : nil, metrics: metrics)
    }
}
