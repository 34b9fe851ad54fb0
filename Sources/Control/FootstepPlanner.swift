// FootstepPlanner: where the next foot goes. Two kinds of request: a body velocity
// (vx, vy forward/left in m/s, yaw rate in rad/s) held from step to step, or a target pose
// on the floor to walk to and stop at. Steps respect the leg's reach: a longest stride, a
// narrowest and widest stance and a largest turn per step.
import Foundation

/// A pose on the floor: position (m) and heading (rad).
public struct FloorPose: Sendable, Equatable, CustomStringConvertible {
    public var position: Point2
    public var yaw: Double
    public init(x: Double, y: Double, yaw: Double) {
        position = Point2(x, y)
        self.yaw = yaw
    }
    public var description: String { "\(position) yaw \(String(format: "%.3f", yaw))" }
}

/// One footstep: which foot and where it lands.
public struct Footstep: Sendable, Equatable {
    public var side: FootSide
    public var placement: FootPlacement
    public init(side: FootSide, placement: FootPlacement) {
        self.side = side
        self.placement = placement
    }
}

public struct FootstepPlanner: Sendable {
    /// Lateral distance (m) between the sole centres when standing.
    public var stanceWidth: Double
    /// Longest forward (backward) sole-centre displacement relative to the stance foot (m).
    public var maxForward = 0.3
    public var maxBackward = 0.15
    /// Lateral distance between the feet after a step (m), narrowest and widest.
    public var minWidth: Double
    public var maxWidth: Double
    /// Stride (m, sole-centre displacement per step) when walking to a far goal.
    public var goalStride = 0.12
    /// Largest heading change per step (rad).
    public var maxTurn = 0.3
    /// Seconds per step (swing plus double support): turns velocities into step lengths.
    public var stepPeriod: Double

    public init(stanceWidth: Double, stepPeriod: Double) {
        self.stanceWidth = stanceWidth
        self.stepPeriod = stepPeriod
        minWidth = 0.8 * stanceWidth
        maxWidth = stanceWidth + 0.2
    }

    /// The step of foot `side` from `stance` (the other foot's placement) for the body
    /// velocity (vx, vy, yawRate) in the stance heading frame.
    public func step(_ side: FootSide, from stance: FootPlacement, vx: Double, vy: Double, yawRate: Double) -> Footstep {
        var turn = max(-maxTurn, min(maxTurn, yawRate * stepPeriod))
        // The inner foot of a turn does not turn past the stance foot's toes: turn left
        // with the left foot, right with the right.
        if turn * side.sign < 0 { turn = 0 }
        // Body displacement over one step, relative to the stance foot, in its heading frame.
        let forward = max(-maxBackward, min(maxForward, vx * stepPeriod))
        var lateral = side.sign * stanceWidth + vy * stepPeriod
        let width = min(maxWidth, max(minWidth, lateral * side.sign))
        lateral = width * side.sign
        let heading = stance.yaw + turn / 2
        return Footstep(side: side, placement: FootPlacement(position: stance.point(Point2(forward, lateral).rotated(turn / 2)),
                                                             yaw: heading + turn / 2))
    }

    /// The step of foot `side` from `stance` towards `goal` (where the midpoint of the feet
    /// should end, facing its heading). Returns nil when the feet are already there
    /// (within `tolerance` m and `angleTolerance` rad) and the swing foot is in place.
    public func step(_ side: FootSide, from stance: FootPlacement, swing: FootPlacement, toward goal: FloorPose,
                     tolerance: Double = 0.05, angleTolerance: Double = 0.1) -> Footstep? {
        // The swing foot's place at the goal, and where it is now relative to the stance foot.
        let goalFoot = FootPlacement(position: goal.position + Point2(0, side.sign * stanceWidth / 2).rotated(goal.yaw),
                                     yaw: goal.yaw)
        let stanceGoal = FootPlacement(position: goal.position + Point2(0, -side.sign * stanceWidth / 2).rotated(goal.yaw),
                                       yaw: goal.yaw)
        let done = (swing.position - goalFoot.position).length < tolerance
            && (stance.position - stanceGoal.position).length < tolerance
            && abs(wrappedAngle(swing.yaw - goal.yaw)) < angleTolerance
            && abs(wrappedAngle(stance.yaw - goal.yaw)) < angleTolerance
        if done { return nil }
        // Turn towards the goal's heading, or face the goal while it is far.
        let offset = goal.position - stance.position
        let far = offset.length > 0.6
        let wantedYaw = far ? atan2(offset.y, offset.x) : goal.yaw
        var turn = max(-maxTurn, min(maxTurn, wrappedAngle(wantedYaw - stance.yaw)))
        if turn * side.sign < 0 { turn = 0 }
        let yaw = stance.yaw + turn
        // Wanted swing-foot spot, in the stance heading frame, clamped to the reach.
        let wanted = FootPlacement(position: goal.position + Point2(0, side.sign * stanceWidth / 2).rotated(goal.yaw), yaw: yaw)
        var local = (wanted.position - stance.position).rotated(-stance.yaw)
        if far {
            // Walk straight at the goal: nominal width, full stride.
            local = Point2(min(goalStride, (goal.position - stance.position).rotated(-stance.yaw).x), side.sign * stanceWidth)
        }
        local.x = max(-maxBackward, min(maxForward, local.x))
        let width = min(maxWidth, max(minWidth, local.y * side.sign))
        local.y = width * side.sign
        return Footstep(side: side, placement: FootPlacement(position: stance.point(local), yaw: yaw))
    }
}
