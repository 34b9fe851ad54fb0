// palletize: stack four boxes onto a pallet in a 2 × 2 pattern.
//
// Slots: the scene's `slots` goals when given (one per box), otherwise the four quarters
// of the pallet's "top" region (the deck split in half along x and y; they ride along if
// the pallet moves). Any box may fill any slot.
//
// A box is placed when its centre lies inside a slot, it is at rest (speed < `rest_speed`
// m/s) and not held (no contact with any robot link). `parts_placed` counts the slots
// holding a placed box. Success (physical state only): every slot holds one. A box that
// touches a `floor` fixture counts as a drop (each box once); more than `max_drops` drops
// end the episode with `dropped_part`.
//
// Reward terms, per control step (the target box is the unplaced, undropped box nearest
// the hands; its slot the nearest free one):
//   `reach`     = 1 − tanh(d / 0.1 m), d the mean distance from the grasp frames to the
//                 target box's centre (a two-hand carry);
//   `transport` = 2 · (1 − tanh(d / 0.3 m)), d from the target box to its resting spot in
//                 the target slot;
//   `placed`    = 0.5 per placed box;
//   `success`   = `success_bonus` on the step the predicate is met;
//   `drop`      = −`drop_penalty` for each box dropped on this step.
// Metrics: `parts_placed` (0–4), `drops`, `cycle_time` (s, on success).
import Foundation
import Physics
import Robot
import Scene

public final class PalletizeTask: Task {
    public static let name = "palletize"
    public static let summary = "Stack four boxes onto a pallet in a 2 x 2 pattern."
    public static let parameterNames = ["boxes", "pallet", "slots", "rest_speed", "max_drops", "success_bonus",
                                        "drop_penalty"]

    let parameters: TaskParameters
    let boxNames: [String]
    let pallet: String?
    /// Goal names, one per box; nil: the quarters of the pallet's top.
    let slotNames: [String]?
    let restSpeed: Double
    let maxDrops: Int
    let successBonus: Double
    let dropPenalty: Double

    private var boxes: [(body: RigidBody, halfHeight: Double)] = []
    private var slots: [TrackedRegion] = []
    private var grasps: [(gripper: String, frame: String)] = []
    private var floorIDs: Set<Int32> = []
    /// Indices of boxes that have touched the floor.
    private var dropped: Set<Int> = []

    public init(scene: SceneSpec) throws {
        parameters = try TaskParameters(scene: scene, accepted: Self.parameterNames)
        boxNames = try parameters.strings("boxes", default: ["box_0", "box_1", "box_2", "box_3"])
        guard !boxNames.isEmpty else { throw parameters.error("boxes", "expected at least one part name") }
        for name in boxNames where !scene.parts.contains(where: { $0.name == name }) {
            let suggestion = closestMatch(to: name, in: scene.parts.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
            throw parameters.error("boxes", "no part named '\(name)'\(suggestion)")
        }
        if Set(boxNames).count != boxNames.count { throw parameters.error("boxes", "a box is named twice") }
        if scene.task.params["slots"] != nil {
            let names = try parameters.strings("slots")
            guard names.count == boxNames.count else {
                throw parameters.error("slots", "expected \(boxNames.count) goal names (one per box), got \(names.count)")
            }
            for name in names where !scene.goals.contains(where: { $0.name == name }) {
                let suggestion = closestMatch(to: name, in: scene.goals.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
                throw parameters.error("slots", "no goal named '\(name)'\(suggestion)")
            }
            slotNames = names
            pallet = scene.task.params["pallet"] == nil ? nil : try parameters.fixture("pallet", type: "pallet")
        } else {
            guard boxNames.count == 4 else {
                throw parameters.error("boxes", "the pallet's 2 x 2 pattern takes 4 boxes, got \(boxNames.count) (or give `slots`)")
            }
            slotNames = nil
            pallet = try parameters.fixture("pallet", default: "pallet", type: "pallet")
        }
        restSpeed = try parameters.number("rest_speed", default: 0.05, in: 1e-4...10)
        let drops = try parameters.number("max_drops", default: 0, in: 0...1000)
        guard drops == drops.rounded() else { throw parameters.error("max_drops", "expected a whole number, got \(drops)") }
        maxDrops = Int(drops)
        successBonus = try parameters.number("success_bonus", default: 10, in: 0...1e6)
        dropPenalty = try parameters.number("drop_penalty", default: 5, in: 0...1e6)
    }

    public func reset(world: SceneWorld, random: inout SeededGenerator) throws {
        boxes = try boxNames.map { name in
            guard let entry = world.parts.first(where: { $0.name == name }) else {
                throw parameters.error("boxes", "no part named '\(name)' in the built scene")
            }
            return (entry.body, entry.spec.restingHalfHeight)
        }
        if let slotNames {
            slots = try slotNames.map { try TrackedRegion(world: world, name: $0, parameters: parameters, key: "slots") }
        } else if let pallet {
            let top = try TrackedRegion(world: world, name: "\(pallet).top", parameters: parameters, key: "pallet")
            let quarter = Vector3(top.size.x / 2, top.size.y / 2, top.size.z)
            slots = [(-1.0, -1.0), (1, -1), (-1, 1), (1, 1)].enumerated().map { index, signs in
                top.subregion("\(pallet).quarter_\(index)",
                              offset: Vector3(signs.0 * quarter.x / 2, signs.1 * quarter.y / 2, 0), size: quarter)
            }
        }
        grasps = try graspFrames(of: world, task: Self.name)
        floorIDs = world.floorBodyIDs
        dropped = []
    }

    private struct Situation {
        var root: RobotRootFrame
        var states: [BodyState]
        /// For each box, the slot its centre lies in, if any.
        var slotOfBox: [Int?]
        /// For each box: at rest, not held, and inside a slot.
        var placed: [Bool]
        var onFloor: [Bool]
        var graspPositions: [Vector3]
        /// For each slot: whether a placed box fills it.
        var occupied: [Bool]
    }

    private func situation(_ world: SceneWorld) throws -> Situation {
        let probe = try ContactProbe(world)
        let robot = world.robot.body.id
        let states = try boxes.map { try $0.body.state() }
        var slotOfBox: [Int?] = []
        var placed: [Bool] = []
        var occupied = [Bool](repeating: false, count: slots.count)
        for (index, state) in states.enumerated() {
            let slot = try slots.firstIndex { try $0.contains(state.pose.position) }
            let isPlaced = slot != nil && state.linearVelocity.length < restSpeed && !probe.touching(boxes[index].body.id, robot)
            if isPlaced, let slot { occupied[slot] = true }
            slotOfBox.append(slot)
            placed.append(isPlaced)
        }
        return Situation(
            root: try RobotRootFrame(world), states: states, slotOfBox: slotOfBox, placed: placed,
            onFloor: boxes.map { probe.touching($0.body.id, anyOf: floorIDs) },
            graspPositions: try grasps.map { try world.framePosition($0.frame) }, occupied: occupied)
    }

    public var observationNames: [String] {
        let xyz = ["x", "y", "z"]
        var names: [String] = []
        for name in boxNames { names += xyz.map { "task.\(name).\($0)" } + ["task.\(name).placed"] }
        for index in slots.indices { names += xyz.map { "task.slot_\(index).\($0)" } + ["task.slot_\(index).occupied"] }
        for grasp in grasps { names += xyz.map { "task.\(grasp.gripper)_grasp.\($0)" } }
        return names
    }

    /// Each box's position (root frame) and placed flag; each slot's resting spot (for the
    /// first box's height) and occupied flag; each grasp frame's position.
    public func observation(world: SceneWorld) throws -> [Double] {
        let now = try situation(world)
        var values: [Double] = []
        for (index, state) in now.states.enumerated() { values += now.root.point(state.pose.position) + [now.placed[index] ? 1 : 0] }
        let height = boxes.first?.halfHeight ?? 0
        for (index, slot) in slots.enumerated() {
            values += now.root.point(try slot.placementPoint(raisedBy: height)) + [now.occupied[index] ? 1 : 0]
        }
        for grasp in now.graspPositions { values += now.root.point(grasp) }
        return values
    }

    public func evaluate(world: SceneWorld, time: Double) throws -> TaskEvaluation {
        let now = try situation(world)
        var newDrops = 0
        for (index, onFloor) in now.onFloor.enumerated() where onFloor && !dropped.contains(index) {
            dropped.insert(index)
            newDrops += 1
        }
        let placedCount = now.occupied.filter { $0 }.count
        let success = placedCount == slots.count
        let failed = !success && dropped.count > maxDrops
        let (reach, transport) = try shaping(now)
        var metrics = ["parts_placed": Double(placedCount), "drops": Double(dropped.count)]
        if success { metrics["cycle_time"] = time }
        return TaskEvaluation(
            rewardTerms: [
                "reach": reach, "transport": transport, "placed": 0.5 * Double(placedCount),
                "success": success ? successBonus : 0, "drop": -dropPenalty * Double(newDrops),
            ],
            success: success, failure: failed ? .droppedPart : nil, metrics: metrics)
    }

    /// The `reach` and `transport` terms for the target box (see the file comment); both 1
    /// when no box is left to move.
    private func shaping(_ now: Situation) throws -> (reach: Double, transport: Double) {
        let hands = now.graspPositions
        func handDistance(_ box: Int) -> Double {
            let position = now.states[box].pose.position
            return hands.isEmpty ? 0 : hands.reduce(0.0) { $0 + ($1 - position).length } / Double(hands.count)
        }
        let candidates = boxes.indices.filter { now.slotOfBox[$0] == nil && !dropped.contains($0) }
        guard let target = candidates.min(by: { handDistance($0) < handDistance($1) }) else { return (1, 1) }
        let position = now.states[target].pose.position
        let spots = try slots.indices.filter { !now.occupied[$0] }
            .map { try slots[$0].placementPoint(raisedBy: boxes[target].halfHeight) }
        let toSlot = spots.map { ($0 - position).length }.min() ?? 0
        return (RewardShaping.closeness(handDistance(target), scale: 0.1),
                2 * RewardShaping.closeness(toSlot, scale: 0.3))
    }
}
