// BalanceController: standing balance under pushes, on top of the walking controller's
// whole-body tracking. While both feet are down, the posture servos (the ankle strategy
// of a position-controlled robot) hold the COM over the feet. When the instantaneous
// capture point ξ = c + ċ/ω leaves the support polygon of the feet by more than a margin,
// no ankle torque can stop the body: a capture step is taken with the foot on the side ξ
// went, aimed where ξ will be at touch-down (ξ runs away from the stance sole as
// e^{ωt}), and re-aimed every period while the foot is in the air. Once down, the walking
// controller's stand command brings the other foot alongside.
import Foundation
import Physics

public struct BalanceSettings: Sendable {
    /// How far outside the support polygon (m) the capture point may go before a step.
    public var stepMargin = 0.02
    /// Swing time of a capture step (s).
    public var captureSwingDuration = 0.25
    /// Where the sole centre lands relative to the predicted capture point (m, along its
    /// direction of travel): a little beyond, so the body comes to rest over the new support.
    public var landingOvershoot = 0.05
    /// Longest capture step from the stance sole centre (m), and the lateral room kept
    /// between the feet (m).
    public var maxStepDistance = 0.55
    public var minFootGap = 0.16
    /// Fastest change of a capture step's landing spot (m/s). The capture point of a push
    /// still acting runs at over 1 m/s; at 0.6 m/s a 250 N forward push's step landed 0.15 m
    /// short of it (traced with `tground bench walk --stand --push 1,250,0,0.2 --trace`).
    public var retargetRate = 2.0
    /// How deep inside the support polygon (m) the capture point must be before the feet
    /// are brought back side by side.
    public var settleMargin = 0.03
    /// Seconds after a landing before another capture step may start.
    public var refractoryTime = 0.05

    public init() {}
}

public struct BalanceController: Sendable {
    public var walking: WalkingController
    public var settings: BalanceSettings
    /// Capture steps taken so far.
    public private(set) var captureSteps = 0
    private var capturing = false
    private var sinceLanding = 1.0

    public init(walking: WalkingController, settings: BalanceSettings = BalanceSettings()) {
        self.walking = walking
        self.settings = settings
        self.walking.command = .stand
    }

    /// The support polygon of the feet now planned on the floor.
    public var supportPolygon: SupportPolygon { walking.layout.supportPolygon(walking.support) }

    /// One control period: sense (unless `observed`: the caller has already passed these
    /// sensors to `walking.observe`), decide on a capture step, and return joint targets.
    public mutating func update(_ sensors: RobotSensors, observed: Bool = false) -> [String: Double] {
        if !observed { walking.observe(sensors) }
        let capture = walking.capturePoint
        // Feet come together only once the capture point is well inside both feet's support.
        let both = walking.layout.supportPolygon(FootSide.allCases.map { ($0, walking.feet[$0.rawValue]) })
        walking.holdStance = !both.contains(capture, margin: settings.settleMargin)
        if walking.isSwinging {
            if capturing, case let .swinging(step, _, _) = walking.phase {
                // Re-aim, at a bounded rate: the capture point estimate is noisy.
                let wanted = landing(for: step.side, capture: capture)
                var move = wanted.position - step.placement.position
                let limit = settings.retargetRate * walking.dt
                if move.length > limit { move = move * (limit / move.length) }
                walking.retargetSwing(FootPlacement(position: step.placement.position + move, yaw: wanted.yaw))
            }
        } else {
            if capturing {
                capturing = false
                sinceLanding = 0
            }
            sinceLanding += walking.dt
            let polygon = supportPolygon
            if sinceLanding >= settings.refractoryTime, walking.command == .stand, polygon.signedDistance(capture) < -settings.stepMargin {
                let side = stepSide(capture: capture)
                walking.stepNow(Footstep(side: side, placement: landing(for: side, capture: capture)),
                                duration: settings.captureSwingDuration)
                capturing = true
                captureSteps += 1
            }
        }
        return walking.act()
    }

    private var currentSwingSide: FootSide? {
        if case let .swinging(step, _, _) = walking.phase { return step.side }
        return nil
    }

    /// The foot to step with: the one on the side the capture point went when it went out
    /// sideways (in the feet's heading frame), else the foot further from it (the nearer
    /// one bears the weight).
    func stepSide(capture: Point2) -> FootSide {
        let feet = walking.feet
        let local = FootSide.allCases.map { (capture - feet[$0.rawValue].position).rotated(-walking.heading) }
        let outline = walking.layout.soleOutlines[0].halfExtents
        if local[0].y > outline.y { return .left }
        if local[1].y < -outline.y { return .right }
        return local[0].length >= local[1].length ? .left : .right
    }

    /// Where foot `side` should land for the capture point `capture` now: the capture point
    /// predicted at touch-down with the ZMP at the stance sole's nearest point, a little
    /// beyond, kept within reach and clear of the stance foot.
    func landing(for side: FootSide, capture: Point2) -> FootPlacement {
        let stance = walking.feet[side.other.rawValue]
        let stancePolygon = walking.layout.supportPolygon([(side.other, stance)])
        let zmp = stancePolygon.closestPoint(capture)
        let timeLeft = walking.isSwinging ? walking.swingTimeLeft : settings.captureSwingDuration
        let predicted = walking.pendulum.capturePoint(capture, after: timeLeft, zmp: zmp)
        var direction = predicted - zmp
        let distance = direction.length
        direction = distance > 1e-9 ? direction * (1 / distance) : Point2(0, side.sign).rotated(stance.yaw)
        var target = predicted + direction * settings.landingOvershoot
        // In the stance heading frame: reach and the gap between the feet.
        var local = (target - stance.position).rotated(-stance.yaw)
        local.y = side.sign * max(settings.minFootGap, local.y * side.sign)
        let reach = local.length
        if reach > settings.maxStepDistance { local = local * (settings.maxStepDistance / reach) }
        local.y = side.sign * max(settings.minFootGap, local.y * side.sign)
        target = stance.point(local)
        return FootPlacement(position: target, yaw: stance.yaw)
    }
}
