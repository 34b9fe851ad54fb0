// machine_tend: open the machine's door, put the part in its nest ("slot"), close the door.
//
// The machine fixture is a fixed-base multibody whose link `MachineFixture.doorLink` hangs on
// a revolute hinge with friction: joint position 0 is shut, positive angles open it. Nothing
// here enforces an order: the part can only get into the cabinet through the open door, so
// the physics does.
//
// Parameters: `machine` (a machine fixture, default "machine"), `part` (default "blank"),
// `closed_tolerance_degrees`, `open_degrees`, `rest_speed` (below).
//
// Success (physical state only), all at once:
//   – the part's centre lies in the machine's "slot" region and the part is at rest (below
//     `rest_speed` m/s, default 0.05, and 0.5 rad/s), untouched by the robot;
//   – the door joint is within `closed_tolerance_degrees` (default 5°) of shut.
// Failure `dropped_part`: the part touches a floor fixture.
//
// Reward terms, per control step (the phase follows from physical state: is the part in the
// slot, is the door open past `open_degrees`, default 60°):
//   `reach`      = 1 − tanh(d / 0.1 m), d from the nearest grasp frame to what to handle next:
//                  the door handle (part out and the door not yet open past `open_degrees`;
//                  or part in and the door not shut), else the part;
//   `door_open`  = clamp(angle / open angle, 0, 1) while the part is out of the slot;
//   `place`      = 2 · (1 − tanh(d / 0.2 m)), d from the part to its resting spot in the slot;
//   `door_close` = 2 · (1 − clamp(angle / open angle, 0, 1)) while the part is in the slot;
//   `success`    = 10 on the step the predicate holds; `drop` = −10 on a drop.
// Metrics: door_angle_degrees, max_door_angle_degrees, part_in_slot (0/1), cycle_time (s,
// on success).
import Foundation
import Physics
import Robot
import Scene

public final class MachineTendTask: Task {
    public static let name = "machine_tend"
    public static let summary = "Open the machine's door, place the part in its fixture, close the door."
    public static let parameterNames = ["machine", "part", "closed_tolerance_degrees", "open_degrees", "rest_speed"]

    let machineName: String
    let partName: String
    /// rad.
    let closedTolerance: Double
    let openAngle: Double
    let restSpeed: Double

    private var machine: MultiBody?
    private var part: RigidBody?
    private var partHalfHeight = 0.0
    private var slotRegion = ""
    private var slotSpot = Vector3.zero
    /// The door handle in the door link's frame.
    private var handleInDoor = Vector3.zero
    private var floors: Set<Int32> = []
    private var grasps: [String] = []
    /// Widest door angle so far this episode, rad.
    public private(set) var maxDoorAngle = 0.0

    public init(scene: SceneSpec) throws {
        let params = try TaskParameters(scene: scene, accepted: Self.parameterNames)
        machineName = try params.fixture("machine", default: "machine", type: MachineFixture.typeName)
        partName = try params.part("part", default: "blank")
        closedTolerance = try params.number("closed_tolerance_degrees", default: 5, in: 0.1...45) * Double.pi / 180
        openAngle = try params.number("open_degrees", default: 60, in: 1...180) * Double.pi / 180
        restSpeed = try params.number("rest_speed", default: 0.05, in: 0.001...10)
    }

    public func reset(world: SceneWorld, random: inout SeededGenerator) throws {
        let built = try WorkcellState.fixture(world, machineName, key: "machine")
        guard let machine = built.multiBodies["machine"], MachineFixture.doorLink < machine.linkCount else {
            throw WorkcellState.parameterError(world, "machine", "fixture '\(machineName)' has no door joint")
        }
        self.machine = machine
        guard let entry = world.parts.first(where: { $0.name == partName }) else {
            throw WorkcellState.parameterError(world, "part", "no part named '\(partName)'")
        }
        part = entry.body
        partHalfHeight = entry.spec.restingHalfHeight
        slotRegion = "\(machineName).slot"
        _ = try WorkcellState.region(world, slotRegion, key: "machine")
        slotSpot = try WorkcellState.site(world, fixture: machineName, "slot", key: "machine").position
            + Vector3(0, 0, partHalfHeight)
        let handle = try WorkcellState.site(world, fixture: machineName, "door_handle", key: "machine").position
        handleInDoor = try machine.linkState(MachineFixture.doorLink).pose.inverse.transform(handle)
        floors = world.floorBodyIDs
        grasps = try graspFrames(of: world, task: Self.name).map(\.frame)
        maxDoorAngle = 0
    }

    /// The door's hinge angle now, rad (0 shut, positive open), and the handle's position.
    func door() throws -> (angle: Double, velocity: Double, handle: Vector3) {
        guard let machine else { throw PhysicsError.notFound("machine_tend: reset was not called") }
        let link = MachineFixture.doorLink
        let handle = try machine.linkState(link).pose.transform(handleInDoor)
        return (try machine.jointPositions()[link], try machine.jointVelocities()[link], handle)
    }

    /// The part's position (m) and velocity (m/s), the part's resting spot in the slot and
    /// the door handle (m), all in the robot root frame; the door angle (rad, 0 shut) and
    /// velocity (rad/s); whether the part is in the slot (0/1).
    public var observationNames: [String] {
        ["x", "y", "z", "vx", "vy", "vz"].map { "task.part.\($0)" } + ["x", "y", "z"].map { "task.slot.\($0)" }
            + ["x", "y", "z"].map { "task.handle.\($0)" } + ["task.door_angle", "task.door_velocity", "task.part_in_slot"]
    }

    public func observation(world: SceneWorld) throws -> [Double] {
        guard let part else { throw PhysicsError.notFound("machine_tend: reset was not called") }
        let root = try RobotRootFrame(world)
        let state = try part.state()
        let door = try door()
        return root.point(state.pose.position) + root.direction(state.linearVelocity) + root.point(slotSpot)
            + root.point(door.handle)
            + [door.angle, door.velocity, world.goal(slotRegion, contains: state.pose.position) ? 1 : 0]
    }

    public func evaluate(world: SceneWorld, time: Double) throws -> TaskEvaluation {
        guard let part else { throw PhysicsError.notFound("machine_tend: reset was not called") }
        let state = try part.state()
        let door = try door()
        maxDoorAngle = max(maxDoorAngle, door.angle)
        let contacts = try ContactProbe(world)
        let inSlot = world.goal(slotRegion, contains: state.pose.position)
        let shut = abs(door.angle) <= closedTolerance
        let success = inSlot && shut && WorkcellState.isAtRest(state, linear: restSpeed)
            && !contacts.touching(part.id, world.robot.body.id)
        let dropped = contacts.touching(part.id, anyOf: floors)

        // Shaping: what to handle next follows from the part and the door.
        let opening = RewardShaping.unit(door.angle / openAngle)
        let target = (inSlot ? !shut : opening < 1) ? door.handle : state.pose.position
        let reach = success ? 1 : RewardShaping.closeness(
            try WorkcellState.nearestDistance(world, frames: grasps, to: target), scale: 0.1)
        var metrics = ["door_angle_degrees": door.angle * 180 / Double.pi,
                       "max_door_angle_degrees": maxDoorAngle * 180 / Double.pi, "part_in_slot": inSlot ? 1 : 0]
        if success { metrics["cycle_time"] = time }
        return TaskEvaluation(
            rewardTerms: ["reach": reach, "door_open": inSlot ? 0 : opening,
                          "place": 2 * RewardShaping.closeness((state.pose.position - slotSpot).length, scale: 0.2),
                          "door_close": inSlot ? 2 * (1 - opening) : 0,
                          "success": success ? 10 : 0, "drop": dropped ? -10 : 0],
            success: success && !dropped,
            failure: dropped ? .droppedPart : nil,
            metrics: metrics)
    }
}
