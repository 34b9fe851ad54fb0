// conveyor_sort: parts arrive on a moving belt; sort them by colour into their bins.
//
// The task spawns `parts` boxes, one at a time, on the belt's "start" site at seeded arrival
// times (first at `first_arrival` s, then every `randomization.arrival_interval` s, default
// [4, 6]). Each part's label (colour class) is drawn uniformly from `labels`; its lateral
// offset on the belt, yaw, mass and friction come from the seed as well. At reset the belt's
// surface speed is set to a draw from `randomization.conveyor_speed` (m/s, default: the
// conveyor's own `speed`) along its start → end direction, so parts are really carried by
// belt friction. A part arriving while the spawn spot is occupied waits until it clears.
//
// Parameters: `conveyor` (a conveyor fixture, default "conveyor"), `parts` (the quota, 1…100,
// default 6), `labels` (default [red, blue]; each needs a known colour), `bins` (one goal per
// label, e.g. `red_bin.inside`), `chute` (optional goal past the belt's end), `part_size`
// [x y z] m (0.05 cube), `part_mass` kg (0.15), `part_friction` (0.8, unless randomised),
// `first_arrival` s (1), `lateral_jitter` m (0.05, kept on the belt).
//
// Success (physical state only): every part of the quota has arrived and rests (below
// 0.05 m/s and 0.5 rad/s), untouched by the robot, inside the bin region of its label
// (`bins[i]` holds `labels[i]`).
// Failure: `dropped_part` when a part touches the floor outside the `chute` region. A part
// that reaches the belt's end region or the chute is missed (unless later put in a bin).
//
// Reward terms, per control step:
//   `reach`     = 1 − tanh(d / 0.1 m), d from the nearest grasp frame to the most downstream
//                 part still on the belt (0 while none is);
//   `carry`     = Σ 2 · (1 − tanh(d / 0.2 m)) over parts off the belt and out of every bin,
//                 d from the part to its own bin's centre;
//   `sorted`    = +1 per part inside its own bin;
//   `missorted` = −1 per part inside another label's bin;
//   `missed`    = −0.5 per missed part;
//   `drop`      = −10 on the step a part is dropped (the episode ends).
// Metrics: parts_sorted, missorted, missed, dropped, arrived, parts_per_minute (sorted parts
// per minute of simulated time), belt_speed (m/s).
import Foundation
import Physics
import Robot
import Scene

public final class ConveyorSortTask: Task {
    public static let name = "conveyor_sort"
    public static let summary = "Sort parts arriving on a moving conveyor belt by colour into their bins."
    public static let parameterNames = ["conveyor", "parts", "labels", "bins", "chute", "part_size", "part_mass",
                                        "part_friction", "first_arrival", "lateral_jitter"]

    /// Colours (RGBA) of the labels parts can carry.
    static let labelColors: [String: [Double]] = [
        "red": [0.85, 0.15, 0.12, 1], "blue": [0.12, 0.3, 0.85, 1], "green": [0.15, 0.65, 0.2, 1],
        "yellow": [0.95, 0.8, 0.1, 1], "orange": [0.95, 0.5, 0.1, 1], "white": [0.92, 0.92, 0.9, 1],
        "black": [0.1, 0.1, 0.1, 1], "grey": [0.5, 0.5, 0.52, 1],
    ]

    /// One part of the quota: drawn at reset, spawned when its time comes.
    struct Arrival {
        var time: Double
        var label: Int
        var lateralOffset: Double
        var yaw: Double
        var mass: Double
        var friction: Double
        var body: RigidBody?
        /// Latched once the part reached the belt's end or the chute.
        var reachedEnd = false
    }

    let conveyor: String
    let partCount: Int
    let labels: [String]
    let bins: [String]
    let chute: String?
    let partSize: Vector3
    let partMass: Double
    let partFriction: Double
    let firstArrival: Double
    let lateralJitter: Double
    let intervalRange: ScalarRange
    let speedRange: ScalarRange?
    let line: Int

    private var arrivals: [Arrival] = []
    private var nextArrival = 0
    private var beltStart = Vector3.zero
    private var beltDirection = Vector3.unitX
    private var beltRegion = ""
    private var endRegion = ""
    private var floors: Set<Int32> = []
    private var grasps: [String] = []
    /// The belt's surface speed this episode, m/s.
    public private(set) var beltSpeed = 0.0

    public init(scene: SceneSpec) throws {
        let params = try TaskParameters(scene: scene, accepted: Self.parameterNames)
        conveyor = try params.fixture("conveyor", default: "conveyor", type: ConveyorFixture.typeName)
        partCount = try WorkcellState.count(params, "parts", default: 6, in: 1...100)
        labels = try params.strings("labels", default: ["red", "blue"])
        guard !labels.isEmpty, Set(labels).count == labels.count else {
            throw params.error("labels", "expected one or more different labels")
        }
        for label in labels where Self.labelColors[label] == nil {
            throw params.error("labels", "no colour for label '\(label)' (known: \(Self.labelColors.keys.sorted().joined(separator: ", ")))")
        }
        let binNames = try params.strings("bins")
        guard binNames.count == labels.count else {
            throw params.error("bins", "expected one bin per label (\(labels.count)), got \(binNames.count)")
        }
        for name in binNames { try WorkcellState.checkGoalName(name, params: params, key: "bins") }
        bins = binNames
        chute = scene.task.params["chute"] == nil ? nil : try params.goal("chute")
        let size = try params.vector("part_size", default: Vector3(0.05, 0.05, 0.05))
        guard size.x > 0, size.y > 0, size.z > 0, max(size.x, size.y, size.z) <= 0.5 else {
            throw params.error("part_size", "sizes must be > 0 and <= 0.5 m")
        }
        partSize = size
        partMass = try params.number("part_mass", default: 0.15, in: 0.001...50)
        partFriction = try params.number("part_friction", default: 0.8, in: 0...10)
        firstArrival = try params.number("first_arrival", default: 1, in: 0...1e6)
        lateralJitter = try params.number("lateral_jitter", default: 0.05, in: 0...1)
        intervalRange = scene.randomization.arrivalInterval ?? ScalarRange(4, 6)
        speedRange = scene.randomization.conveyorSpeed
        line = scene.task.line
        guard intervalRange.low > 0 else {
            throw SceneError(file: scene.sourceFile, line: line, keyPath: "randomization.arrival_interval",
                             message: "arrivals must be > 0 s apart, got [\(intervalRange.low), \(intervalRange.high)]")
        }
        if let speedRange, speedRange.low < 0 {
            throw SceneError(file: scene.sourceFile, line: line, keyPath: "randomization.conveyor_speed",
                             message: "belt speeds are >= 0 m/s along the conveyor's start → end, got [\(speedRange.low), \(speedRange.high)]")
        }
    }

    public func reset(world: SceneWorld, random: inout SeededGenerator) throws {
        // The belt: its travel direction from the fixture's sites, its speed from the seed.
        let start = try WorkcellState.site(world, fixture: conveyor, "start", key: "conveyor")
        let end = try WorkcellState.site(world, fixture: conveyor, "end", key: "conveyor")
        guard let belt = world.fixtures[conveyor]?.rigidBodies["belt"] else {
            throw WorkcellState.parameterError(world, "conveyor", "fixture '\(conveyor)' has no belt body")
        }
        beltStart = start.position
        beltDirection = (end.position - start.position).normalized
        beltRegion = "\(conveyor).belt"
        endRegion = "\(conveyor).end"
        for (index, bin) in bins.enumerated() { _ = try WorkcellState.region(world, bin, key: "bins[\(index)]") }
        if let chute { _ = try WorkcellState.region(world, chute, key: "chute") }
        let width = world.goals[beltRegion].map { min($0.size.x, $0.size.y) } ?? 0
        let fixtureSpeed = world.spec.fixtures.first { $0.name == conveyor }?.params["speed"]?.number.map(abs) ?? 0.2
        beltSpeed = speedRange.map { random.uniform($0) } ?? fixtureSpeed
        try belt.setSurfaceVelocity(beltDirection * beltSpeed)

        // The quota: every draw made now, so spawning later draws nothing.
        let jitter = min(lateralJitter, max(0, width / 2 - max(partSize.x, partSize.y)))
        let r = world.randomization
        arrivals = []
        var time = firstArrival
        for _ in 0..<partCount {
            arrivals.append(Arrival(
                time: time, label: random.integer(0...(labels.count - 1)),
                lateralOffset: random.uniform(-jitter, jitter), yaw: random.uniform(-r.partYaw, r.partYaw),
                mass: partMass * (r.partMassScale.map { random.uniform($0) } ?? 1),
                friction: r.partFriction.map { random.uniform($0) } ?? partFriction))
            time += random.uniform(intervalRange)
        }
        nextArrival = 0
        floors = world.floorBodyIDs
        grasps = try graspFrames(of: world, task: Self.name).map(\.frame)
    }

    /// Spawns the next part once its time has come and the spawn spot is clear.
    public func beforePhysicsStep(world: SceneWorld, time: Double) throws {
        guard nextArrival < arrivals.count, time >= arrivals[nextArrival].time else { return }
        var arrival = arrivals[nextArrival]
        let across = Vector3(-beltDirection.y, beltDirection.x, 0)
        let spot = beltStart + across * arrival.lateralOffset + Vector3(0, 0, partSize.z / 2 + 0.002)
        let clearance = max(partSize.x, partSize.y, partSize.z) + 0.02
        for other in arrivals[..<nextArrival] {
            guard let body = other.body else { continue }
            if (try body.state().pose.position - spot).length < clearance { return }
        }
        let label = labels[arrival.label]
        let part = PartSpec(
            name: "\(conveyor)_part\(nextArrival)", shape: .box, size: [partSize.x, partSize.y, partSize.z],
            mass: arrival.mass, friction: arrival.friction, color: Self.labelColors[label] ?? [0.5, 0.5, 0.5, 1],
            label: label, position: spot, yaw: atan2(beltDirection.y, beltDirection.x) + arrival.yaw, line: line)
        arrival.body = try world.addPart(part)
        arrivals[nextArrival] = arrival
        nextArrival += 1
    }

    // MARK: Observation

    /// Per quota part: present (0/1), label (index into `labels`, −1 before it arrives),
    /// position (m) and velocity (m/s) in the robot root frame, sorted (1 inside its own bin);
    /// per label, its bin region's centre (root frame); the belt speed (m/s) and the time to
    /// the next arrival (s, −1 when all have arrived).
    public var observationNames: [String] {
        var names: [String] = []
        for index in 0..<partCount {
            names += ["present", "label", "x", "y", "z", "vx", "vy", "vz", "sorted"].map { "task.part\(index).\($0)" }
        }
        for label in labels { names += ["x", "y", "z"].map { "task.bin_\(label).\($0)" } }
        return names + ["task.belt_speed", "task.time_to_next_arrival"]
    }

    public func observation(world: SceneWorld) throws -> [Double] {
        let root = try RobotRootFrame(world)
        var values: [Double] = []
        values.reserveCapacity(partCount * 9 + labels.count * 3 + 2)
        for arrival in arrivals {
            guard let body = arrival.body else {
                values += [0, -1, 0, 0, 0, 0, 0, 0, 0]  // not arrived yet: its label is not known
                continue
            }
            let state = try body.state()
            let sorted = world.goal(bins[arrival.label], contains: state.pose.position)
            values += [1, Double(arrival.label)] + root.point(state.pose.position) + root.direction(state.linearVelocity)
                + [sorted ? 1 : 0]
        }
        for bin in bins { values += root.point(world.goals[bin]?.position ?? .zero) }
        let next = nextArrival < arrivals.count ? arrivals[nextArrival].time - (try world.world.time()) : -1
        return values + [beltSpeed, next]
    }

    // MARK: Evaluation

    /// Where each arrived part is now.
    enum Placement { case belt, ownBin, otherBin, missed, floor, elsewhere }

    public func evaluate(world: SceneWorld, time: Double) throws -> TaskEvaluation {
        let spawned = arrivals.indices.filter { arrivals[$0].body != nil }
        let contacts = try ContactProbe(world)
        let robot = world.robot.body.id
        var counts: [Placement: Int] = [:]
        var allResting = spawned.count == partCount
        var carry = 0.0
        var downstream: (progress: Double, position: Vector3)?
        for index in spawned {
            guard let body = arrivals[index].body else { continue }
            let state = try body.state()
            let position = state.pose.position
            let placement = classify(index, position: position, onFloor: contacts.touching(body.id, anyOf: floors),
                                     world: world)
            counts[placement, default: 0] += 1
            if placement != .ownBin || !WorkcellState.isAtRest(state) || contacts.touching(body.id, robot) {
                allResting = false
            }
            switch placement {
            case .belt:
                let progress = (position - beltStart).dot(beltDirection)
                if downstream == nil || progress > downstream!.progress { downstream = (progress, position) }
            case .elsewhere:
                let bin = world.goals[bins[arrivals[index].label]]?.position ?? position
                carry += 2 * RewardShaping.closeness((bin - position).length, scale: 0.2)
            default: break
            }
        }
        let sorted = counts[.ownBin] ?? 0, dropped = counts[.floor] ?? 0
        let reach = try downstream.map {
            RewardShaping.closeness(try WorkcellState.nearestDistance(world, frames: grasps, to: $0.position), scale: 0.1)
        } ?? 0
        return TaskEvaluation(
            rewardTerms: ["sorted": Double(sorted), "missorted": -Double(counts[.otherBin] ?? 0),
                          "missed": -0.5 * Double(counts[.missed] ?? 0), "reach": reach, "carry": carry,
                          "drop": dropped > 0 ? -10 : 0],
            success: allResting,
            failure: dropped > 0 ? .droppedPart : nil,
            metrics: ["parts_sorted": Double(sorted), "missorted": Double(counts[.otherBin] ?? 0),
                      "missed": Double(counts[.missed] ?? 0), "dropped": Double(dropped), "arrived": Double(spawned.count),
                      "parts_per_minute": time > 0 ? Double(sorted) * 60 / time : 0, "belt_speed": beltSpeed])
    }

    /// Bins first (a part put in a bin counts there wherever it came from), then the floor
    /// outside the chute, then the belt's end or chute (latched), then the belt.
    private func classify(_ index: Int, position: Vector3, onFloor: Bool, world: SceneWorld) -> Placement {
        if let bin = bins.firstIndex(where: { world.goal($0, contains: position) }) {
            return bin == arrivals[index].label ? .ownBin : .otherBin
        }
        let inChute = chute.map { world.goal($0, contains: position) } ?? false
        if (onFloor && !inChute) || position.z < -1 { return .floor }
        if inChute || world.goal(endRegion, contains: position) { arrivals[index].reachedEnd = true }
        if arrivals[index].reachedEnd { return .missed }
        return world.goal(beltRegion, contains: position) ? .belt : .elsewhere
    }
}
