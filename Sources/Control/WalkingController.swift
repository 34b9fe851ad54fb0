// WalkingController: a gait generator for a position-controlled humanoid. Footsteps come
// from a FootstepPlanner (a held velocity command, a target pose, or standing still); they
// make a ZMP reference (at the stance foot while the other swings, moving between feet in
// double support); ZMP preview control (Kajita 2003) turns it into a COM path; swing feet
// follow SwingTrajectory; whole-body IK (StancePoseSolver) turns COM, pelvis and feet into
// joint positions for the servos. The robot is known only through its sensors (joint state
// and a pelvis IMU), from which FloatingBaseEstimator keeps leg odometry.
//
// Use: `observe(sensors)` every control period, then `act()` for the joint targets. Frames:
// the odometry frame — floor at z = 0, the pelvis over the origin at the first reading.
import Foundation
import Physics
import Robot

public struct WalkingSettings: Sendable {
    /// Single-support (swing) time of a step (s).
    public var swingDuration = 0.35
    /// Double-support time between steps (s).
    public var doubleSupportDuration = 0.1
    /// Time to move the ZMP onto the first stance foot when starting to walk (s).
    public var startDuration = 0.5
    /// Time to bring the ZMP back between the feet after the last step (s).
    public var settleDuration = 0.5
    /// Highest swing-foot sole height (m).
    public var stepHeight = 0.05
    /// How far ahead the preview control looks (s).
    public var previewTime = 1.6
    /// How much lower than in the nominal pose the pelvis is carried (m).
    public var pelvisDrop = 0.0
    /// Lateral shift (m) of the single-support ZMP from the sole centre towards the other foot.
    public var zmpInset = 0.015
    /// COM feedback: the commanded COM moves against the estimated COM's error from the
    /// reference, by these gains on position (m/m) and velocity (s).
    public var comPositionFeedback = 1.5
    public var comVelocityFeedback = 0.2
    /// Step adjustment: a swing foot's landing spot moves by this gain times the capture
    /// point's error from the reference (capture-point stepping on top of the preview gait),
    /// by at most `maxStepAdjustment` m.
    public var stepAdjustmentGain = 1.0
    public var maxStepAdjustment = 0.12
    /// Swing feet are aimed from the pelvis as the IMU sees it (tilt included), so they land
    /// where planned even when the body leans.
    public var swingTiltCompensation = true
    /// Heading hold under a velocity command: each step turns by this fraction of the error
    /// between the feet's heading and the commanded heading (the yaw rate integrated), so
    /// foot slip does not bend a straight walk.
    public var headingFeedback = 0.5
    /// Lift-off timing: a swing starts once the measured capture point has followed the
    /// plan's towards the stance foot to within this distance (m), the double support
    /// lasting at most `maxLiftOffDelay` s longer than planned while it has not.
    public var liftOffTolerance = 0.03
    public var maxLiftOffDelay = 0.2
    /// Capture-point stepping (balance by stepping; all off by default, the walking gait
    /// as it was): with `capturePointPlacement` a swing foot is aimed, instead of by the
    /// preview plan's error, at the capture point predicted for touch-down (LIPM, the ZMP
    /// at the stance sole's point nearest the capture point) plus the share of the nominal
    /// step a periodic gait keeps beyond it, Δ / (1 + e^{ωT}) (T the step period), so the
    /// body comes back to the nominal gait over the new stance; `maxStepReach` bounds an
    /// adjusted step's sole-centre distance from the stance foot (m); a swing is started
    /// with the foot on the side the capture point went when it is more than
    /// `swingSwapThreshold` m sideways beyond that foot's sole (only a step of that foot
    /// can get under it; the other one would have to cross); and
    /// `replanAtLanding` restarts the COM plan from the estimated state at every touch-down,
    /// so the next step's error is measured from where the body really is.
    public var capturePointPlacement = false
    public var maxStepReach = Double.infinity
    public var swingSwapThreshold = Double.infinity
    public var replanAtLanding = false
    /// Swing slow-down: when an adjusted landing spot is more than `swingStretchDistance` m
    /// from the swing foot (horizontally) and less than `minSwingTimeLeft` s remain, the
    /// rest of the swing is slowed so that time remains — by at most `maxSwingStretch` s a
    /// swing (0: off).
    public var maxSwingStretch = 0.0
    public var minSwingTimeLeft = 0.15
    public var swingStretchDistance = 0.08
    /// The estimator's contact band (FloatingBaseEstimator.contactBand): 0 takes the support
    /// feet flat on their sole centres. Pivoting about the lowest sole corners estimates a
    /// robot rolled onto a sole edge correctly, but it measured worse on stand_push with
    /// BalanceController's capture steps (more, and failing, steps), so it is off by default.
    public var contactBand = 0.0
    /// How far (m) a foot may be from its side-by-side spot before the stand command takes
    /// a step to bring it there.
    public var standTolerance = 0.04
    /// Whether step adjustment also moves the steps the stand command takes to bring the
    /// feet side by side (off: they land where planned, so the feet end side by side).
    public var adjustStandSteps = true
    /// Soft touch-down (0: off, the gait as it was). At a landing the legs' joint targets
    /// start from the measured joint positions and blend to the IK's over `touchdownBlend` s
    /// (smoothstep), instead of jumping to a pose solved for the plan: after a long capture
    /// step the plan and the body differ by decimetres, and the jump straightened a knee by
    /// up to 1.2 rad in one control period, which threw the robot off the floor (and at a
    /// 1/120 s physics step drove the foot through the floor). The blend runs only when the
    /// largest leg joint jump at the landing is at least `touchdownBlendThreshold` rad, so
    /// landings after ordinary steps keep the gait as it was.
    public var touchdownBlend = 0.0
    public var touchdownBlendThreshold = 0.0
    /// Step timing adaptation (off: every swing lasts `swingDuration`, the gait as it was).
    /// With capture-point placement, each control period of a swing chooses the time left
    /// to touch-down together with the landing spot, after Khadiv, Herzog, Moosavian and
    /// Righetti, "Walking control based on step timing adaptation", IEEE T-RO 36(3), 2020:
    /// with τ = e^{ωT} the LIPM's DCM at touch-down is ξ_T = p + (ξ − p) τ (p the stance
    /// ZMP, their eq. 5), the DCM offset b = ξ_T − u_T (their eq. 7) and the step u_T and τ
    /// minimise α_u ‖u_T − u_nom‖² + α_b ‖b − b_nom‖² + α_τ (τ − τ_nom)² (their eq. 13) over
    /// u_T within reach and T in [`minSwingDuration`, `swingDuration`]. Here α_b = 1,
    /// α_u = (1 − g) / g with g the step adjustment gain (for a fixed T the unconstrained
    /// optimum is the gain's u_nom + g (ξ_T − b_nom − u_nom)), α_τ = `timingWeight` (m²);
    /// τ is searched on a grid of `timingSamples` times, the step for each clamped by reach
    /// as without timing adaptation. A shorter swing lands before the DCM runs on: a 300 N
    /// push's DCM offset grows by e^{ωΔT} ≈ 1.4 per 0.1 s (ω ≈ 3.6 1/s).
    public var timingAdaptation = false
    public var minSwingDuration = 0.2
    public var timingWeight = 0.02
    public var timingSamples = 12
    /// The least time (s) a swing may have left when its timing is changed (the foot must
    /// come down from where it is).
    public var minSwingTimeLeftAdapted = 0.06
    /// The highest mean horizontal speed (m/s) at which timing adaptation may plan the swing
    /// foot's way to its landing spot (0: no bound). A time left shorter than the one the
    /// swing has now is a candidate only if the foot, where the leg kinematics measure it,
    /// is within this speed times that time of the landing spot chosen for it; the
    /// present time left always is one (the bound never lengthens a swing). The leg servos
    /// cannot follow a quicker path: a 0.13 s swing planned across 0.42 m (3.2 m/s on
    /// average, twice that at the minimum-jerk peak) covered 0.25 m, and the foot hit the
    /// floor still travelling at 6.7 m/s.
    public var maxSwingSpeed = 0.0
    /// Contact touch-down (off: a swing ends when its time is up, wherever the foot is).
    /// The swing foot's clearance is its lowest sole corner's height over the stance
    /// foot's lowest corner, from the joint encoders and the IMU (the kinematic chain from
    /// one sole to the other, turned by the pelvis orientation: no simulator contact).
    /// After `touchdownMinPhase` of the swing, a clearance under `touchdownClearance` m
    /// ends the swing at once (early touch-down); a foot still higher when the time is up
    /// keeps descending, its target sinking at `touchdownSinkSpeed` m/s below the floor,
    /// for at most `touchdownMaxOvertime` s (late touch-down).
    public var contactTouchdown = false
    public var touchdownClearance = 0.01
    public var touchdownMinPhase = 0.6
    public var touchdownSinkSpeed = 0.4
    public var touchdownMaxOvertime = 0.1
    /// Start at once (off: the gait as it was): a command that makes steps from standing
    /// plans them in the same control period, and with a `startDuration` shorter than half
    /// a period the first swing starts in that period too (no ZMP shift first).
    public var startAtOnce = false
    /// With `startAtOnce` and no start shift: a command that makes steps during the settle
    /// after the last step (the ZMP's shift back to the feet's midpoint, nothing queued)
    /// starts them as from standing, in the same control period (off: the first swing
    /// waits for the settle's end, up to `settleDuration` s).
    public var startFromSettle = false
    /// The first step of a velocity command of zero from standing taken by the foot on the
    /// side of the feet's midline the capture point is on (off: the right foot).
    public var firstStepTowardCapture = false
    /// A bound on the estimated COM velocity's change (m/s², as an acceleration; 0: none) —
    /// FloatingBaseEstimator.maxVelocityStep — and whether the LIPM's acceleration is
    /// expected first (with the capture point outside the support polygon, ω² times the
    /// COM's distance from the polygon's point nearest the capture point), so the bound
    /// holds back jumps of the reading, not the fall it predicts.
    public var maxCOMAcceleration = 0.0
    public var predictCOMAcceleration = false
    /// The estimator's contact band for the COM velocity alone (FloatingBaseEstimator.
    /// velocityBand; 0: the sole centres, as for the position).
    public var velocityContactBand = 0.0
    /// Share of a swing spent lifting before the foot travels, and lowering after it
    /// (SwingTrajectory.liftFraction).
    public var swingLiftFraction = 0.15
    /// The COM velocity estimate's low-pass weight of a new reading (FloatingBaseEstimator.
    /// velocitySmoothing).
    public var comVelocitySmoothing = 0.6
    /// The longest COM feedback correction (m) of the commanded COM from the plan's.
    public var maxCOMCorrection = 0.08

    public init() {}

    /// The defaults with a robot profile's gait timing.
    public init(gait: GaitProfile?) {
        swingDuration = gait?.swingDuration ?? swingDuration
        doubleSupportDuration = gait?.doubleSupportDuration ?? doubleSupportDuration
        startDuration = gait?.startDuration ?? startDuration
    }
}

public struct WalkingController: Sendable {
    public enum Command: Sendable, Equatable {
        /// Stop and stand with the feet side by side.
        case stand
        /// Walk with a body velocity: forward and left (m/s) and yaw rate (rad/s), in the
        /// robot's heading frame. (0, 0, 0) steps in place.
        case velocity(vx: Double, vy: Double, yawRate: Double)
        /// Walk to a floor pose (odometry frame) and stop there, feet side by side.
        case goal(FloorPose)
    }

    /// What the feet are doing.
    public enum Phase: Sendable {
        case standing
        /// Both feet down; the ZMP moves from `from` to `to`.
        case shifting(elapsed: Double, duration: Double, from: Point2, to: Point2)
        case swinging(step: Footstep, trajectory: SwingTrajectory, elapsed: Double)
    }

    public let layout: LegLayout
    public var settings: WalkingSettings
    public var planner: FootstepPlanner
    /// Control period (s).
    public let dt: Double
    public let pendulum: LinearInvertedPendulum
    public let preview: ZMPPreviewController
    public private(set) var estimator: FloatingBaseEstimator
    var solver: StancePoseSolver
    public var command: Command = .stand
    /// While set, the stand command takes no step to bring the feet together (balance sets
    /// it while the body is not yet at rest over its support).
    public var holdStance = false
    /// Upper-body lean (hip strategy): the pelvis is tilted so that its top moves along this
    /// floor vector by its length in radians (zero: upright, as always before). Balance sets
    /// it to throw the upper body towards a fall, which moves the hips back.
    public var pelvisLean = Point2.zero

    /// Where each foot is planned to be (or was put down), odometry frame.
    public private(set) var feet: [FootPlacement] = []
    public private(set) var phase: Phase = .standing
    /// Steps after the current one.
    public private(set) var queue: [Footstep] = []
    /// The last ZMP reference (now) and COM reference (m).
    public private(set) var zmpReference = Point2.zero
    public private(set) var comReference = Point2.zero
    /// The COM the IK was asked for: the reference with feedback (m).
    public private(set) var comCommand = Point2.zero
    /// Steps taken so far.
    public private(set) var stepCount = 0
    /// The pelvis pose the last IK solve planned (odometry frame).
    public private(set) var plannedPelvis = Pose.identity
    private var cartX = ZMPPreviewController.AxisState(position: 0)
    private var cartY = ZMPPreviewController.AxisState(position: 0)
    public private(set) var sensors: RobotSensors?
    private var nextSide: FootSide = .right
    /// The swing under way was started from outside (a capture step): no step adjustment.
    private var externalSwing = false
    /// Seconds the current lift-off has waited for the capture point.
    private var liftOffWait = 0.0
    /// Whether the shift under way is the settle after the last step.
    private var settling = false
    /// The heading a velocity command asks for now (its yaw rate integrated); nil under
    /// other commands.
    public private(set) var headingReference: Double?
    /// Soft touch-down: the leg joint positions measured at the last landing (empty: no
    /// blend), whether the blend is still to be decided (the first period after the
    /// landing) and the seconds of blending left.
    private var blendFrom: [String: Double] = [:]
    private var blendPending = false
    private var blendLeft = 0.0
    /// Landings the soft touch-down blended so far.
    public private(set) var blendedLandings = 0
    /// Seconds since the swing under way lifted off (its trajectory's own clock is
    /// rescaled when timing adaptation changes the swing's length), and seconds it has run
    /// past its time while the foot was still above the floor (contact touch-down).
    public private(set) var swingClock = 0.0
    public private(set) var swingOvertime = 0.0
    /// Swings that ended on contact before their time, and after it.
    public private(set) var earlyTouchdowns = 0
    public private(set) var lateTouchdowns = 0
    /// The shortest and the longest swing so far, lift-off to touch-down (s; infinity and 0
    /// before the first landing).
    public private(set) var shortestSwing = Double.infinity
    public private(set) var longestSwing = 0.0
    /// The highest mean speed (m/s) timing adaptation has planned a swing foot's way to its
    /// landing spot at, over the times it shortened a swing (0 before one).
    public private(set) var fastestAdaptedSwing = 0.0
    /// The foot of the first swing so far (nil before it).
    public private(set) var firstSwingSide: FootSide?

    /// `settings` nil: the defaults with the gait timing of the robot's profile.
    public init(layout: LegLayout, dt: Double, settings: WalkingSettings? = nil) {
        let settings = settings ?? WalkingSettings(gait: layout.gait)
        self.layout = layout
        self.settings = settings
        self.dt = dt
        let comHeight = layout.comHeight - settings.pelvisDrop
        pendulum = LinearInvertedPendulum(height: comHeight)
        preview = ZMPPreviewController(dt: dt, comHeight: comHeight, previewTime: settings.previewTime)
        let width = abs(layout.nominalFeet[0].y - layout.nominalFeet[1].y)
        planner = FootstepPlanner(stanceWidth: width, stepPeriod: settings.swingDuration + settings.doubleSupportDuration)
        estimator = FloatingBaseEstimator(layout: layout)
        solver = StancePoseSolver(layout: layout)
    }

    // MARK: Sensing

    /// Feet planned to be on the floor now, with their placements.
    public var support: [(FootSide, FootPlacement)] {
        guard feet.count == 2 else { return [] }
        if case let .swinging(step, _, _) = phase { return [(step.side.other, feet[step.side.other.rawValue])] }
        return FootSide.allCases.map { ($0, feet[$0.rawValue]) }
    }

    public var isSwinging: Bool {
        if case .swinging = phase { return true }
        return false
    }

    /// Reads the sensors: leg odometry and the COM estimate. The first reading places the
    /// odometry frame (pelvis over the origin, floor at z = 0).
    public mutating func observe(_ sensors: RobotSensors) {
        self.sensors = sensors
        // The estimator's settings from the gait's, read every period (the settings may
        // change while the controller runs).
        estimator.contactBand = settings.contactBand
        estimator.maxVelocityStep = settings.maxCOMAcceleration * dt
        estimator.velocityBand = settings.velocityContactBand
        estimator.velocitySmoothing = settings.comVelocitySmoothing
        if feet.isEmpty {
            estimator.update(sensors, support: [])
            let soles = estimator.soles
            let floor = soles.map(\.position.z).min() ?? 0
            estimator.reset(pelvisPosition: Vector3(0, 0, -floor))
            feet = soles.map { FootPlacement(position: $0.position.xy, yaw: $0.rotation.yaw) }
            estimator.update(sensors, support: support)
            cartX = .init(position: estimator.com.x)
            cartY = .init(position: estimator.com.y)
            comReference = Point2(cartX.position, cartY.position)
            zmpReference = midpoint
            return
        }
        // The LIPM with the capture point outside the support: the ZMP at best at the
        // polygon's nearest point, the COM accelerating away from it (zero when the setting
        // is off, so a change at run time leaves no stale expectation behind).
        var acceleration = Point2.zero
        if settings.maxCOMAcceleration > 0, settings.predictCOMAcceleration {
            let capture = capturePoint
            let polygon = layout.supportPolygon(support)
            if !polygon.contains(capture) {
                acceleration = (com - polygon.closestPoint(capture)) * (pendulum.omega * pendulum.omega)
            }
        }
        estimator.expectedVelocityChange = Vector3(acceleration.x * dt, acceleration.y * dt, 0)
        estimator.update(sensors, support: support)
    }

    /// Estimated COM (xy), its velocity and capture point, odometry frame.
    public var com: Point2 { estimator.com.xy }
    public var comVelocity: Point2 { estimator.comVelocity.xy }
    public var capturePoint: Point2 { pendulum.capturePoint(com: com, velocity: comVelocity) }

    /// The midpoint of the feet and their mean heading.
    public var midpoint: Point2 { feet.count == 2 ? (feet[0].position + feet[1].position) * 0.5 : .zero }
    public var heading: Double {
        guard feet.count == 2 else { return 0 }
        return feet[1].yaw + wrappedAngle(feet[0].yaw - feet[1].yaw) / 2
    }

    // MARK: Steps from outside (balance)

    /// Starts a step of `step.side` now, lasting `duration` s (a capture step). Queued steps
    /// are dropped.
    public mutating func stepNow(_ step: Footstep, duration: Double) {
        guard feet.count == 2 else { return }
        queue = []
        let trajectory = SwingTrajectory(start: feet[step.side.rawValue], end: step.placement, duration: duration,
                                         height: settings.stepHeight, liftFraction: settings.swingLiftFraction)
        phase = .swinging(step: step, trajectory: trajectory, elapsed: 0)
        nextSide = step.side.other
        externalSwing = true
        settling = false
        // The body is not where the plan had it: the COM path restarts from the estimate.
        cartX = .init(position: estimator.com.x, velocity: estimator.comVelocity.x)
        cartY = .init(position: estimator.com.y, velocity: estimator.comVelocity.y)
    }

    /// Moves the landing spot of the swing under way.
    public mutating func retargetSwing(_ placement: FootPlacement) {
        guard case .swinging(var step, var trajectory, let elapsed) = phase else { return }
        trajectory.retarget(placement, at: elapsed)
        step.placement = placement
        phase = .swinging(step: step, trajectory: trajectory, elapsed: elapsed)
    }

    /// Time (s) left in the current swing (0 when not swinging).
    public var swingTimeLeft: Double {
        if case let .swinging(_, trajectory, elapsed) = phase { return max(0, trajectory.duration - elapsed) }
        return 0
    }

    // MARK: Acting

    /// Advances the gait by one period and returns joint position targets for every joint
    /// of the nominal pose (legs from IK, the rest nominal).
    public mutating func act() -> [String: Double] {
        guard let sensors, feet.count == 2 else { return layout.nominal }
        if case let .velocity(_, _, yawRate) = command {
            headingReference = (headingReference ?? heading) + yawRate * dt
        } else {
            headingReference = nil
        }
        advancePhase()
        adjustStep()
        refillQueue()
        // ZMP reference over the preview window, then the COM path.
        let reference = zmpTimeline(count: preview.previewSteps + 1)
        zmpReference = reference[0]
        preview.step(&cartX) { reference[$0].x }
        preview.step(&cartY) { reference[$0].y }
        comReference = Point2(cartX.position, cartY.position)
        let error = com - comReference
        let velocityError = comVelocity - Point2(cartX.velocity, cartY.velocity)
        var commanded = comReference - error * settings.comPositionFeedback - velocityError * settings.comVelocityFeedback
        let correction = commanded - comReference
        if correction.length > settings.maxCOMCorrection {
            commanded = comReference + correction * (settings.maxCOMCorrection / correction.length)
        }
        comCommand = commanded

        // Feet: stance feet where they are, the swing foot on its path.
        var targets: [(FootSide, Pose)] = FootSide.allCases.map { ($0, feet[$0.rawValue].pose()) }
        var swing: (FootSide, Pose)?
        if case let .swinging(step, trajectory, elapsed) = phase {
            var pose = trajectory.pose(at: elapsed)
            if swingOvertime > 0 {
                // Late touch-down: the foot keeps descending until it meets the floor.
                pose.position.z -= settings.touchdownSinkSpeed * swingOvertime
            }
            targets[step.side.rawValue] = (step.side, pose)
            swing = (step.side, pose)
        }
        var rotation = Quaternion(axis: .unitZ, angle: pelvisHeading)
        let lean = pelvisLean.length
        if lean > 1e-9 {
            rotation = Quaternion(axis: Vector3(-pelvisLean.y, pelvisLean.x, 0), angle: lean) * rotation
        }
        let base = solver.solve(com: commanded, pelvisHeight: layout.pelvisHeight - settings.pelvisDrop,
                                pelvisRotation: rotation, feet: targets)
        plannedPelvis = base
        if settings.swingTiltCompensation, let (side, pose) = swing {
            // The body as the IMU sees it, turned about the stance sole.
            let tilt = sensors.orientation * base.rotation.conjugate
            let pivot = feet[side.other.rawValue].pose().position
            let measured = Pose(position: pivot + tilt.rotate(base.position - pivot), rotation: tilt * base.rotation)
            solver.solveLeg(side, target: pose, base: measured)
        }
        var joints = layout.nominal
        for (name, value) in solver.legTargets { joints[name] = value }
        softenTouchdown(&joints)
        return joints
    }

    /// Soft touch-down: blends the leg targets from the joints measured at the landing.
    private mutating func softenTouchdown(_ joints: inout [String: Double]) {
        guard settings.touchdownBlend > 0, !blendFrom.isEmpty else { return }
        if blendPending {
            blendPending = false
            let jump = blendFrom.reduce(0.0) { largest, entry in
                guard let to = joints[entry.key] else { return largest }
                return max(largest, abs(to - entry.value))
            }
            guard jump >= settings.touchdownBlendThreshold else {
                blendFrom = [:]
                return
            }
            blendLeft = settings.touchdownBlend
            blendedLandings += 1
        }
        blendLeft = max(0, blendLeft - dt)
        let share = smoothstep(1 - blendLeft / settings.touchdownBlend)
        for (name, from) in blendFrom {
            if let to = joints[name] { joints[name] = from + (to - from) * share }
        }
        if blendLeft <= 0 { blendFrom = [:] }
    }

    /// The pelvis heading: between the feet's, or turning with the swing foot.
    public var pelvisHeading: Double {
        if case let .swinging(step, trajectory, elapsed) = phase {
            let swingYaw = trajectory.pose(at: elapsed).rotation.yaw
            let stanceYaw = feet[step.side.other.rawValue].yaw
            return stanceYaw + wrappedAngle(swingYaw - stanceYaw) / 2
        }
        return heading
    }

    /// Whether a first step from standing swings in the period it is asked for (start at
    /// once, with no start shift).
    private var swingsAtOnce: Bool { settings.startAtOnce && settings.startDuration < dt / 2 }

    private mutating func advancePhase() {
        switch phase {
        case .standing:
            if settings.startAtOnce, queue.isEmpty { refillQueue() }
            if let first = queue.first {
                if swingsAtOnce {
                    startSwing(first)
                } else {
                    phase = .shifting(elapsed: 0, duration: settings.startDuration, from: zmpReference,
                                      to: stanceZMP(first.side.other, feet: feet))
                }
            }
        case let .shifting(elapsed, duration, from, to):
            if settling, settings.startFromSettle, swingsAtOnce, command != .stand {
                // Steps asked for while settling start now, planned as from standing.
                let settle = phase
                phase = .standing
                queue = []
                refillQueue()
                if let first = queue.first {
                    startSwing(first)
                    return
                }
                phase = settle
            }
            let now = elapsed + dt
            if now + 1e-9 >= duration {
                if let first = queue.first, liftOffWait == 0, let side = outwardSwingSide(), side != first.side {
                    // The body is going out sideways over the other foot: step with that one.
                    nextSide = side
                    refillQueue()
                }
                if let first = queue.first {
                    if liftOffWait + 1e-9 >= settings.maxLiftOffDelay || readyToLift(first) {
                        liftOffWait = 0
                        startSwing(first)
                    } else {
                        // The body has not shifted onto the stance foot yet: wait for it.
                        liftOffWait += dt
                        phase = .shifting(elapsed: duration, duration: duration, from: from,
                                          to: stanceZMP(first.side.other, feet: feet))
                    }
                } else {
                    phase = .standing
                    settling = false
                }
            } else {
                // A command may change the first step while shifting.
                let target = queue.first.map { stanceZMP($0.side.other, feet: feet) } ?? to
                phase = .shifting(elapsed: now, duration: duration, from: from, to: target)
            }
        case let .swinging(step, trajectory, elapsed):
            let now = elapsed + dt
            swingClock += dt
            if settings.contactTouchdown {
                let clearance = swingClearance(step.side)
                let down = clearance < settings.touchdownClearance
                if now + 1e-9 < trajectory.duration {
                    if down, now >= settings.touchdownMinPhase * trajectory.duration {
                        earlyTouchdowns += 1
                        land(step)
                    } else {
                        phase = .swinging(step: step, trajectory: trajectory, elapsed: now)
                    }
                } else if down || swingOvertime + 1e-9 >= settings.touchdownMaxOvertime {
                    if swingOvertime > 0 { lateTouchdowns += 1 }
                    land(step)
                } else {
                    swingOvertime += dt
                    phase = .swinging(step: step, trajectory: trajectory, elapsed: trajectory.duration)
                }
            } else if now + 1e-9 >= trajectory.duration {
                land(step)
            } else {
                phase = .swinging(step: step, trajectory: trajectory, elapsed: now)
            }
        }
    }

    /// The swing foot's lowest sole corner over the stance foot's lowest (m), from the
    /// kinematics turned by the IMU: the height left to touch-down with the stance foot on
    /// the floor, flat or pivoting on an edge.
    func swingClearance(_ side: FootSide) -> Double {
        func lowest(_ foot: FootSide) -> Double {
            let sole = estimator.soles[foot.rawValue]
            return layout.soleOutlines[foot.rawValue].corners.map { sole.transform($0).z }.min() ?? sole.position.z
        }
        return lowest(side) - lowest(side.other)
    }

    /// Whether the capture point is far enough towards the stance foot of `step` (compared
    /// with where the plan has it) for the swing foot to leave the floor.
    func readyToLift(_ step: Footstep) -> Bool {
        guard settings.maxLiftOffDelay > 0 else { return true }
        let across = feet[step.side.other.rawValue].position - feet[step.side.rawValue].position
        guard across.length > 1e-9 else { return true }
        let reference = comReference + Point2(cartX.velocity, cartY.velocity) * (1 / pendulum.omega)
        return (capturePoint - reference).dot(across * (1 / across.length)) >= -settings.liftOffTolerance
    }

    /// The foot whose sole the capture point has passed sideways (in the feet's heading
    /// frame) by more than `swingSwapThreshold` m, under a velocity command; else nil.
    func outwardSwingSide() -> FootSide? {
        guard settings.swingSwapThreshold.isFinite, case .velocity = command else { return nil }
        for side in FootSide.allCases {
            let local = (capturePoint - feet[side.rawValue].position).rotated(-heading)
            let half = layout.soleOutlines[side.rawValue].halfExtents.y
            if local.y * side.sign > half + settings.swingSwapThreshold { return side }
        }
        return nil
    }

    private mutating func startSwing(_ step: Footstep) {
        queue.removeFirst()
        let trajectory = SwingTrajectory(start: feet[step.side.rawValue], end: step.placement, duration: settings.swingDuration,
                                         height: settings.stepHeight, liftFraction: settings.swingLiftFraction)
        phase = .swinging(step: step, trajectory: trajectory, elapsed: 0)
        nextSide = step.side.other
        if firstSwingSide == nil { firstSwingSide = step.side }
        externalSwing = false
        swingClock = 0
        swingOvertime = 0
        settling = false
    }

    /// Capture-point step adjustment of the swing under way: its landing spot moves with
    /// the capture point's error from the reference, clear of the stance foot.
    private mutating func adjustStep() {
        guard settings.stepAdjustmentGain > 0, !externalSwing,
              case .swinging(let step, var trajectory, var elapsed) = phase, trajectory.duration - elapsed > 2 * dt else { return }
        if !settings.adjustStandSteps, command == .stand { return }
        let stance = feet[step.side.other.rawValue]
        var landing: Point2
        if settings.capturePointPlacement {
            let stancePoint = stanceZMP(step.side.other, feet: feet)
            let sole = layout.supportPolygon([(step.side.other, stance)])
            let zmp = sole.closestPoint(capturePoint)
            let nominal = stanceZMP(step.side, feet: feetWith(step.side, step.placement))
            let growth = exp(pendulum.omega * planner.stepPeriod)
            // Where the step lands for `left` s more of swing: at the DCM predicted for
            // touch-down plus the offset a periodic gait keeps (−b_nom).
            let now = self
            let landingAfter = { (left: Double) -> (landing: Point2, wanted: Point2) in
                let predicted = now.pendulum.capturePoint(now.capturePoint, after: left, zmp: zmp)
                let wanted = predicted + (nominal - stancePoint) * (1 / (1 + growth)) + (step.placement.position - nominal)
                let shift = (wanted - step.placement.position) * now.settings.stepAdjustmentGain
                return (now.clampedLanding(step, stance: stance, shift: shift), wanted)
            }
            let left = trajectory.duration - elapsed
            if settings.timingAdaptation, left > settings.minSwingTimeLeftAdapted {
                let foot = estimator.soles[step.side.rawValue].position.xy
                let chosen = adaptedTimeLeft(left: left, foot: foot, step: step, landingAfter: landingAfter)
                if abs(chosen.left - left) > 1e-9 {
                    fastestAdaptedSwing = max(fastestAdaptedSwing, (chosen.landing - foot).length / chosen.left)
                    // The same phase over the new time left: the foot stays where it is.
                    let share = elapsed / trajectory.duration
                    trajectory.duration = chosen.left / (1 - share)
                    elapsed = share * trajectory.duration
                }
                landing = chosen.landing
            } else {
                landing = landingAfter(left).landing
            }
        } else {
            let reference = comReference + Point2(cartX.velocity, cartY.velocity) * (1 / pendulum.omega)
            let shift = (capturePoint - reference) * settings.stepAdjustmentGain
            landing = clampedLanding(step, stance: stance, shift: shift)
        }
        let left = trajectory.duration - elapsed
        if settings.maxSwingStretch > 0, left < settings.minSwingTimeLeft,
           (landing - trajectory.pose(at: elapsed).position.xy).length > settings.swingStretchDistance {
            // Slow the rest of the swing (same phase, so the foot stays where it is now).
            let stretched = min(trajectory.duration + settings.minSwingTimeLeft - left,
                                settings.swingDuration + settings.maxSwingStretch)
            if stretched > trajectory.duration {
                elapsed *= stretched / trajectory.duration
                trajectory.duration = stretched
            }
        }
        trajectory.retarget(FootPlacement(position: landing, yaw: step.placement.yaw), at: elapsed)
        phase = .swinging(step: step, trajectory: trajectory, elapsed: elapsed)
    }

    /// The landing spot of `step` moved by `shift` (at most `maxStepAdjustment` m), no
    /// nearer the stance foot sideways than the narrowest stance and within reach.
    func clampedLanding(_ step: Footstep, stance: FootPlacement, shift: Point2) -> Point2 {
        var shift = shift
        if shift.length > settings.maxStepAdjustment { shift = shift * (settings.maxStepAdjustment / shift.length) }
        var local = (step.placement.position + shift - stance.position).rotated(-stance.yaw)
        local.y = step.side.sign * max(planner.minWidth, local.y * step.side.sign)
        if local.length > settings.maxStepReach {
            // Within reach; the lateral room between the feet is kept, the step shortened.
            local = local * (settings.maxStepReach / local.length)
            local.y = step.side.sign * max(planner.minWidth, local.y * step.side.sign)
        }
        return stance.point(local)
    }

    /// Step timing adaptation: the time left (s) to touch-down, from the least allowed to
    /// `left` (the swing's time left now: never longer), whose landing spot minimises
    /// α_u ‖u − u_nom‖² + ‖b − b_nom‖² + α_τ (e^{ωT} − e^{ωT_nom})² (see WalkingSettings.
    /// timingAdaptation), with that landing spot; a shorter time left than `left` whose
    /// landing spot is out of reach at `maxSwingSpeed` of the swing foot, measured at `foot`,
    /// is left out.
    func adaptedTimeLeft(left: Double, foot: Point2, step: Footstep,
                         landingAfter: (Double) -> (landing: Point2, wanted: Point2)) -> (left: Double, landing: Point2) {
        let omega = pendulum.omega
        let gain = min(max(settings.stepAdjustmentGain, 1e-3), 1)
        let stepWeight = (1 - gain) / gain
        let nominalGrowth = exp(omega * settings.swingDuration)
        let shortest = max(settings.minSwingTimeLeftAdapted, settings.minSwingDuration - swingClock)
        guard left > shortest + 1e-9 else { return (left, landingAfter(left).landing) }
        let samples = max(2, settings.timingSamples)
        var best = (cost: Double.infinity, left: left, landing: Point2.zero)
        for k in 0..<samples {
            let candidate = shortest + (left - shortest) * Double(k) / Double(samples - 1)
            let (landing, wanted) = landingAfter(candidate)
            if settings.maxSwingSpeed > 0, k < samples - 1,
               (landing - foot).length > settings.maxSwingSpeed * candidate { continue }
            let growth = exp(omega * (swingClock + candidate))
            let cost = stepWeight * { let d = landing - step.placement.position; return d.dot(d) }()
                + { let d = wanted - landing; return d.dot(d) }()
                + settings.timingWeight * (growth - nominalGrowth) * (growth - nominalGrowth)
            if cost < best.cost { best = (cost, candidate, landing) }
        }
        return (best.left, best.landing)
    }

    /// The planned feet with `side` at `placement`.
    func feetWith(_ side: FootSide, _ placement: FootPlacement) -> [FootPlacement] {
        var planned = feet
        planned[side.rawValue] = placement
        return planned
    }

    /// The swing foot is down: it is where the odometry measures it, flat on the floor.
    private mutating func land(_ step: Footstep) {
        let measured = estimator.soles[step.side.rawValue]
        feet[step.side.rawValue] = FootPlacement(position: measured.position.xy, yaw: measured.rotation.yaw)
        stepCount += 1
        shortestSwing = min(shortestSwing, swingClock)
        longestSwing = max(longestSwing, swingClock)
        if settings.touchdownBlend > 0, let sensors {
            blendFrom = [:]
            for name in layout.allLegJoints { blendFrom[name] = sensors.jointPositions[name] }
            blendPending = true
        }
        if settings.replanAtLanding {
            cartX = .init(position: estimator.com.x, velocity: estimator.comVelocity.x)
            cartY = .init(position: estimator.com.y, velocity: estimator.comVelocity.y)
        }
        refillQueue()
        let stance = stanceZMP(step.side.other, feet: feet)
        if let next = queue.first {
            phase = .shifting(elapsed: 0, duration: settings.doubleSupportDuration, from: stance,
                              to: stanceZMP(next.side.other, feet: feet))
        } else {
            phase = .shifting(elapsed: 0, duration: settings.settleDuration, from: stance, to: midpoint)
            settling = true
        }
    }

    /// The single-support ZMP over `side`'s sole.
    func stanceZMP(_ side: FootSide, feet: [FootPlacement]) -> Point2 {
        let foot = feet[side.rawValue]
        return foot.point(Point2(0, -side.sign * settings.zmpInset))
    }

    /// Rebuilds the steps after the current one from the command.
    private mutating func refillQueue() {
        var planned = feet
        var side = nextSide
        if case let .swinging(step, trajectory, _) = phase {
            planned[step.side.rawValue] = trajectory.end
            side = step.side.other
        }
        let horizon = Int((settings.previewTime / planner.stepPeriod).rounded(.up)) + 1
        var steps: [Footstep] = []
        switch command {
        case .stand:
            // One step brings the feet side by side when they are not.
            let stance = planned[side.other.rawValue]
            let wanted = stance.point(Point2(0, side.sign * planner.stanceWidth))
            let moving = planned[side.rawValue]
            let apart = (moving.position - wanted).length > settings.standTolerance || abs(wrappedAngle(moving.yaw - stance.yaw)) > 0.08
            if apart, !holdStance {
                steps.append(Footstep(side: side, placement: FootPlacement(position: wanted, yaw: stance.yaw)))
            }
        case let .velocity(vx, vy, yawRate):
            if case .standing = phase {
                side = vy > 0 || (vy == 0 && yawRate > 0) ? .left : .right
                if settings.firstStepTowardCapture, vx == 0, vy == 0, yawRate == 0 {
                    side = (capturePoint - midpoint).rotated(-heading).y > 0 ? .left : .right
                }
            }
            var reference = headingReference ?? heading
            for _ in 0..<horizon {
                // Heading hold: the turn of this step also takes back part of the heading error.
                reference += yawRate * planner.stepPeriod
                let stance = planned[side.other.rawValue]
                let error = wrappedAngle(reference - stance.yaw)
                let turnRate = yawRate + settings.headingFeedback * error / planner.stepPeriod
                let step = planner.step(side, from: stance, vx: vx, vy: vy, yawRate: turnRate)
                steps.append(step)
                planned[side.rawValue] = step.placement
                side = side.other
            }
        case let .goal(goal):
            if case .standing = phase {
                let local = (goal.position - midpoint).rotated(-heading)
                side = local.y > 0.02 ? .left : (local.y < -0.02 ? .right : nextSide)
            }
            for _ in 0..<horizon {
                var next = planner.step(side, from: planned[side.other.rawValue], swing: planned[side.rawValue], toward: goal)
                if next == nil {
                    // This foot is in place; the other one may not be.
                    side = side.other
                    next = planner.step(side, from: planned[side.other.rawValue], swing: planned[side.rawValue], toward: goal)
                }
                guard let step = next else { break }
                steps.append(step)
                planned[side.rawValue] = step.placement
                side = side.other
            }
        }
        queue = steps
    }

    /// ZMP reference samples from now, one per control period.
    func zmpTimeline(count: Int) -> [Point2] {
        var segments: [(duration: Double, from: Point2, to: Point2)] = []
        var planned = feet
        var last = zmpReference
        var swingFirst = false
        switch phase {
        case .standing:
            if let first = queue.first {
                last = stanceZMP(first.side.other, feet: planned)
                segments.append((settings.startDuration, zmpReference, last))
            } else {
                last = midpoint
                segments.append((.infinity, midpoint, midpoint))
            }
        case let .shifting(elapsed, duration, from, to):
            let now = from + (to - from) * min(1, elapsed / max(duration, 1e-9))
            segments.append((max(duration - elapsed, dt), now, to))
            last = to
        case let .swinging(step, trajectory, elapsed):
            let stance = stanceZMP(step.side.other, feet: planned)
            segments.append((max(trajectory.duration - elapsed, 0), stance, stance))
            planned[step.side.rawValue] = trajectory.end
            last = stance
            swingFirst = true
        }
        for (index, step) in queue.enumerated() {
            let stance = stanceZMP(step.side.other, feet: planned)
            if index > 0 || swingFirst { segments.append((settings.doubleSupportDuration, last, stance)) }
            segments.append((settings.swingDuration, stance, stance))
            planned[step.side.rawValue] = step.placement
            last = stance
        }
        let middle = (planned[0].position + planned[1].position) * 0.5
        if !(segments.last?.duration.isInfinite ?? false) {
            if case .shifting = phase, queue.isEmpty {
                segments.append((.infinity, last, last))
            } else {
                segments.append((settings.settleDuration, last, middle))
                segments.append((.infinity, middle, middle))
            }
        }
        // Sample.
        var samples: [Point2] = []
        samples.reserveCapacity(count)
        var segment = 0
        var segmentStart = 0.0
        for j in 0..<count {
            let t = Double(j) * dt
            while segment < segments.count - 1, t >= segmentStart + segments[segment].duration - 1e-9 {
                segmentStart += segments[segment].duration
                segment += 1
            }
            let s = segments[segment]
            let a = s.duration.isInfinite || s.duration <= 0 ? 1 : min(1, (t - segmentStart) / s.duration)
            samples.append(s.from + (s.to - s.from) * a)
        }
        return samples
    }
}

extension WalkingController {
    /// A short name of the phase, for traces.
    public var phaseName: String {
        switch phase {
        case .standing: return "standing"
        case let .shifting(elapsed, duration, _, _): return String(format: "shifting %.2f/%.2f", elapsed, duration)
        case let .swinging(step, trajectory, elapsed):
            return String(format: "swing %@ %.2f/%.2f to %@", step.side.description, elapsed, trajectory.duration,
                          trajectory.end.description)
                + String(format: " clock %.3f", swingClock) + (swingOvertime > 0 ? String(format: " over %.3f", swingOvertime) : "")
        }
    }
}
