// peg_insert: insert a peg at least `depth` into the hole of a peg fixture.
//
// The hole is the fixture's "hole_top" site (its mouth; the site's z axis is the hole axis)
// and "hole" region (its width and depth). The peg is a scene part: a cylinder along its
// local z, or a box whose local z is its length; either end may go in first.
//
// Parameters: `peg` (a part, default "peg"), `fixture` (a peg_fixture, default
// "peg_fixture"), `depth`, `max_tilt_degrees`, `rest_speed` (below). The peg must be
// narrower than the hole and `depth` no deeper than the hole and shorter than the peg.
//
// Success (physical state only), all at once:
//   – the peg's axis is within `max_tilt_degrees` (default 5°) of the hole axis;
//   – its lower end ("bottom") is at least `depth` (m, default 0.03) below the mouth, along
//     the hole axis;
//   – that bottom lies inside the hole's footprint: at most half the hole's width from its
//     axis (a peg standing beside the block is not in the hole however low it is);
//   – the peg is at rest (below `rest_speed` m/s, default 0.05, and 0.5 rad/s).
// Failure `dropped_part`: the peg touches a floor fixture.
//
// Reward terms, per control step:
//   `reach`    = 1 − tanh(d / 0.1 m), d from the nearest grasp frame to the peg's centre;
//   `approach` = 2 · (1 − tanh(d / 0.1 m)), d from the peg's bottom to the hole's mouth;
//   `align`    = cos(tilt) − 1 (0 when the peg is parallel to the hole axis);
//   `insert`   = 4 · clamp(insertion / depth, 0, 1) while the bottom is in the footprint;
//   `success`  = 10 on the step the predicate holds; `drop` = −10 on a drop.
// Metrics: insertion (m), tilt_degrees, lateral_offset (m), cycle_time (s, on success).
import Foundation
import Physics
import Robot
import Scene

public final class PegInsertTask: Task {
    public static let name = "peg_insert"
    public static let summary = "Insert a peg at least 3 cm into a hole with 2 mm clearance."
    public static let parameterNames = ["peg", "fixture", "depth", "max_tilt_degrees", "rest_speed"]

    let pegName: String
    let fixtureName: String
    /// Minimum insertion, m.
    let depth: Double
    /// rad.
    let maxTilt: Double
    let restSpeed: Double

    private var peg: RigidBody?
    /// Peg length along its axis and width across it, m.
    private var pegLength = 0.0
    private var pegWidth = 0.0
    private var mouth = Pose.identity
    private var holeWidth = 0.0
    private var floors: Set<Int32> = []
    private var grasps: [String] = []

    public init(scene: SceneSpec) throws {
        let params = try TaskParameters(scene: scene, accepted: Self.parameterNames)
        pegName = try params.part("peg", default: "peg")
        fixtureName = try params.fixture("fixture", default: "peg_fixture", type: PegFixture.typeName)
        depth = try params.number("depth", default: 0.03, in: 0.001...1)
        maxTilt = try params.number("max_tilt_degrees", default: 5, in: 0.1...90) * Double.pi / 180
        restSpeed = try params.number("rest_speed", default: 0.05, in: 0.001...10)
        let spec = scene.parts.first { $0.name == pegName }
        guard let spec, spec.shape == .cylinder || spec.shape == .box else {
            throw params.error("peg", "part '\(pegName)' must be a cylinder or a box, not a \(spec?.shape.rawValue ?? "?")")
        }
    }

    public func reset(world: SceneWorld, random: inout SeededGenerator) throws {
        guard let entry = world.parts.first(where: { $0.name == pegName }) else {
            throw WorkcellState.parameterError(world, "peg", "no part named '\(pegName)'")
        }
        peg = entry.body
        let size = entry.spec.size
        (pegWidth, pegLength) = entry.spec.shape == .cylinder ? (2 * size[0], size[1]) : (max(size[0], size[1]), size[2])
        mouth = try WorkcellState.site(world, fixture: fixtureName, "hole_top", key: "fixture")
        let hole = try WorkcellState.region(world, "\(fixtureName).hole", key: "fixture")
        holeWidth = min(hole.size.x, hole.size.y)
        guard pegWidth < holeWidth else {
            throw WorkcellState.parameterError(world, "peg", "a \(pegWidth) m wide peg does not fit the \(holeWidth) m hole of '\(fixtureName)'")
        }
        guard depth <= hole.size.z else {
            throw WorkcellState.parameterError(world, "depth", "\(depth) m is deeper than the \(hole.size.z) m hole of '\(fixtureName)'")
        }
        guard depth < pegLength else {
            throw WorkcellState.parameterError(world, "depth", "\(depth) m is not less than the \(pegLength) m peg")
        }
        floors = world.floorBodyIDs
        grasps = try graspFrames(of: world, task: Self.name).map(\.frame)
    }

    /// The peg relative to the hole now.
    struct Fit {
        var center: Vector3
        var axis: Vector3
        var bottom: Vector3
        /// Angle between the peg and hole axes, rad (either end first).
        var tilt: Double
        /// How far the bottom is below the mouth along the hole axis, m.
        var insertion: Double
        /// Distance of the bottom from the hole axis, m.
        var lateralOffset: Double
        var state: BodyState
    }

    func fit() throws -> Fit {
        guard let peg else { throw PhysicsError.notFound("peg_insert: reset was not called") }
        let state = try peg.state()
        let holeAxis = mouth.rotation.rotate(.unitZ)
        let axis = state.pose.rotation.rotate(.unitZ)
        let along = axis.dot(holeAxis)
        let bottom = state.pose.position - axis * ((along >= 0 ? 1 : -1) * pegLength / 2)
        let offset = bottom - mouth.position
        let below = -offset.dot(holeAxis)
        let lateral = (offset + holeAxis * below).length
        return Fit(center: state.pose.position, axis: axis, bottom: bottom, tilt: acos(min(1, abs(along))),
                   insertion: below, lateralOffset: lateral, state: state)
    }

    /// The peg's centre and axis, the hole's mouth and axis (root frame, m and unit
    /// vectors), the insertion (m), the bottom's offset from the hole axis (m), the tilt (rad).
    public var observationNames: [String] {
        ["x", "y", "z", "axis_x", "axis_y", "axis_z"].map { "task.peg.\($0)" }
            + ["x", "y", "z", "axis_x", "axis_y", "axis_z"].map { "task.hole.\($0)" }
            + ["task.insertion", "task.lateral_offset", "task.tilt"]
    }

    public func observation(world: SceneWorld) throws -> [Double] {
        let root = try RobotRootFrame(world)
        let fit = try fit()
        return root.point(fit.center) + root.direction(fit.axis) + root.point(mouth.position)
            + root.direction(mouth.rotation.rotate(.unitZ)) + [fit.insertion, fit.lateralOffset, fit.tilt]
    }

    public func evaluate(world: SceneWorld, time: Double) throws -> TaskEvaluation {
        let fit = try fit()
        let inFootprint = fit.lateralOffset <= holeWidth / 2
        let success = fit.tilt <= maxTilt && fit.insertion >= depth && inFootprint
            && WorkcellState.isAtRest(fit.state, linear: restSpeed)
        let dropped = try peg.map { try ContactProbe(world).touching($0.id, anyOf: floors) } ?? false
        let reach = try WorkcellState.nearestDistance(world, frames: grasps, to: fit.center)
        var metrics = ["insertion": fit.insertion, "tilt_degrees": fit.tilt * 180 / Double.pi,
                       "lateral_offset": fit.lateralOffset]
        if success { metrics["cycle_time"] = time }
        return TaskEvaluation(
            rewardTerms: ["reach": RewardShaping.closeness(reach, scale: 0.1),
                          "approach": 2 * RewardShaping.closeness((fit.bottom - mouth.position).length, scale: 0.1),
                          "align": cos(fit.tilt) - 1,
                          "insert": inFootprint ? 4 * RewardShaping.unit(fit.insertion / depth) : 0,
                          "success": success ? 10 : 0, "drop": dropped ? -10 : 0],
            success: success && !dropped,
            failure: dropped ? .droppedPart : nil,
            metrics: metrics)
    }
}
