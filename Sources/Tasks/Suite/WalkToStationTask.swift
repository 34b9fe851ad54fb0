// walk_to_station: walk to a marked spot on the floor and stand there facing the bench.
//
// Success (physical state only): the pelvis's xy lies within `tolerance` m of the centre of
// the `station` goal, the pelvis's forward axis points within `heading_tolerance` rad of
// the direction from the pelvis to the `facing` fixture's centre, and the robot is upright
// (root above 80 % of its start height, tilted < 30°) — all of it held for `hold_seconds`.
//
// Reward terms, per control step:
//   `approach` = 1 − tanh(d / 1 m), d the pelvis–station distance in xy;
//   `heading`  = 0.5 · (1 − tanh(d / 0.5 m)) · cos(heading error): facing counts near the spot;
//   `upright`  = cos(tilt) − 1 (≤ 0);
//   `success`  = `success_bonus` on the step the predicate is met.
// Metrics: `distance` (m), `heading_error` (rad), `cycle_time` (s, on success).
import Foundation
import Physics
import Robot
import Scene

public final class WalkToStationTask: Task {
    public static let name = "walk_to_station"
    public static let summary = "Walk to a marked spot about 3 m away and stand there facing the bench."
    public static let parameterNames = ["station", "facing", "tolerance", "heading_tolerance", "hold_seconds",
                                        "success_bonus"]

    let parameters: TaskParameters
    /// Goal whose centre (xy) marks the spot.
    let station: String
    /// Fixture to face.
    let facing: String
    /// m, radius around the station centre.
    let tolerance: Double
    /// rad.
    let headingTolerance: Double
    /// s the predicate must hold without a break.
    let holdSeconds: Double
    let successBonus: Double

    private var stationCenter = Vector3.zero
    private var facingPoint = Vector3.zero
    private var heldSince: Double?

    public init(scene: SceneSpec) throws {
        parameters = try TaskParameters(scene: scene, accepted: Self.parameterNames)
        station = try parameters.goal("station", default: "station")
        facing = try parameters.fixture("facing", default: "bench")
        tolerance = try parameters.number("tolerance", default: 0.15, in: 0.01...10)
        headingTolerance = try parameters.number("heading_tolerance", default: 15 * Double.pi / 180, in: 0.001...Double.pi)
        holdSeconds = try parameters.number("hold_seconds", default: 0.5, in: 0...60)
        successBonus = try parameters.number("success_bonus", default: 10, in: 0...1e6)
    }

    public func reset(world: SceneWorld, random: inout SeededGenerator) throws {
        stationCenter = try TrackedRegion(world: world, name: station, parameters: parameters, key: "station").pose().position
        guard let fixture = world.spec.fixtures.first(where: { $0.name == facing }) else {
            throw parameters.error("facing", "no fixture named '\(facing)'")
        }
        facingPoint = fixture.position
        heldSince = nil
    }

    /// Where the robot stands relative to the spot and the bench.
    private struct Situation {
        var root: RobotRootFrame
        /// Pelvis–station distance in xy, m.
        var distance: Double
        /// Signed angle (rad) from the pelvis heading to the bench direction, in (−π, π].
        var headingError: Double
    }

    private func situation(_ world: SceneWorld) throws -> Situation {
        let root = try RobotRootFrame(world)
        let pelvis = root.pose.position
        let distance = ((stationCenter.x - pelvis.x) * (stationCenter.x - pelvis.x)
            + (stationCenter.y - pelvis.y) * (stationCenter.y - pelvis.y)).squareRoot()
        let wanted = atan2(facingPoint.y - pelvis.y, facingPoint.x - pelvis.x)
        return Situation(root: root, distance: distance, headingError: angleDifference(wanted, root.heading))
    }

    public var observationNames: [String] {
        ["task.station.x", "task.station.y", "task.station.z", "task.facing.x", "task.facing.y", "task.facing.z",
         "task.distance", "task.heading_error.sin", "task.heading_error.cos"]
    }

    /// Station and bench positions in the root frame, distance, heading error as sin/cos.
    public func observation(world: SceneWorld) throws -> [Double] {
        let now = try situation(world)
        return now.root.point(stationCenter) + now.root.point(facingPoint)
            + [now.distance, sin(now.headingError), cos(now.headingError)]
    }

    public func evaluate(world: SceneWorld, time: Double) throws -> TaskEvaluation {
        let now = try situation(world)
        let atStation = now.distance <= tolerance && abs(now.headingError) <= headingTolerance
            && now.root.isUpright(startHeight: world.startHeight)
        if atStation {
            if heldSince == nil { heldSince = time }
        } else {
            heldSince = nil
        }
        let success = heldSince.map { time - $0 >= holdSeconds - 1e-9 } ?? false
        var terms = [
            "approach": RewardShaping.closeness(now.distance, scale: 1.0),
            "heading": 0.5 * RewardShaping.closeness(now.distance, scale: 0.5) * cos(now.headingError),
            "upright": now.root.uprightness - 1,
            "success": 0.0,
        ]
        var metrics = ["distance": now.distance, "heading_error": abs(now.headingError)]
        if success {
            terms["success"] = successBonus
            metrics["cycle_time"] = time
        }
        return TaskEvaluation(rewardTerms: terms, success: success, metrics: metrics)
    }
}
