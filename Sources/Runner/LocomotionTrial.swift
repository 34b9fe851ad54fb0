// LocomotionTrial: a humanoid on a scene's floor driven by the Control layer's walking (and
// balance) controllers from its own sensors — joint state and the pelvis IMU — for a set
// time, with optional pushes: what `tground bench walk` measures and the locomotion tests
// run. Real physics throughout; the trial only reads the world to report how it went.
import Control
import Foundation
import Physics
import Robot
import Scene

public struct LocomotionTrialConfiguration: Sendable {
    /// Simulated seconds.
    public var seconds: Double = 10
    /// The walking command once the ramp is over (nil: stand, with balance).
    public var velocity: (vx: Double, vy: Double, yawRate: Double)?
    /// Seconds over which the velocity command grows from zero.
    public var rampSeconds: Double = 2
    /// Pushes: time (s), force (N, world), duration (s), on `pushLink` (nil: the root link).
    public var pushes: [(time: Double, force: Vector3, duration: Double)] = []
    public var pushLink: String?
    public var controlHz: Double = 60
    /// Walking settings (nil: the defaults with the robot profile's gait timing).
    public var walking: WalkingSettings?
    public var balance = BalanceSettings()
    /// Stand by stepping instead (SteppingBalanceController: steps on demand with
    /// capture-point foot placement) when set; `velocity` is then not used.
    public var stepping: SteppingBalanceSettings?
    /// Hold the nominal pose instead (what the zero-action policy does): the baseline a
    /// balance test compares against.
    public var passive = false
    /// Measure the least distance between the legs' collision shapes every control period
    /// (LegClearance; result.legClearance, and in the trace).
    public var measureLegClearance = false
    /// Control periods between computing joint targets and applying them (the scene's
    /// `randomization.control_latency_steps` draws 0 or 1 an episode in stand_push): the
    /// targets wait in a queue, the servos holding the last ones applied meanwhile.
    public var latencySteps = 0

    public init() {}
}

public struct LocomotionTrialResult: Sendable {
    /// Simulated seconds until the end or the fall.
    public var seconds: Double
    public var fell: Bool
    /// Pelvis displacement on the floor from start to end (m), and that over the time
    /// after the ramp divided by that time (m/s).
    public var distance: Double
    public var cruiseSpeed: Double
    /// Pelvis displacement along its starting heading over the whole simulated time (m/s).
    public var forwardSpeed: Double
    /// Footsteps the controller took (capture steps included), and the capture steps
    /// (stepping balance: the disturbances it started stepping for).
    public var steps: Int
    public var captureSteps: Int
    /// Pelvis pose at the end (world).
    public var finalPose: Pose
    public var wallSeconds: Double
    /// Least distance (m) between the legs' collision shapes over the trial, measured on the
    /// simulated joint positions (LegClearance; negative: overlapping); infinity
    /// unless the configuration's measureLegClearance is set.
    public var legClearance = Double.infinity
    /// The largest change (rad) of a leg joint's target from one control period to the next,
    /// over the whole trial and over the periods in which a foot touched down (a touch-down
    /// that snaps a knee straight shows here).
    public var largestLegTargetStep = 0.0
    public var largestTouchdownTargetStep = 0.0
    /// How far (m) the controller's estimated capture point was from the true one (x + ẋ/ω
    /// on the simulator's state at the instant the sensors were read), both measured from
    /// the feet the controller has on the floor (its kept placements; the true sole
    /// centres), the largest and the mean over the controlled periods, and the largest
    /// error (m/s) of its COM velocity estimate (horizontal). Until the fall, which is where
    /// these grow: read them on a trial the robot survives. 0 for a passive trial.
    public var largestCapturePointError = 0.0
    public var meanCapturePointError = 0.0
    public var largestCOMVelocityError = 0.0
    /// The largest leg joint speed (rad/s) the encoders measured while a foot swung, and
    /// the joint (whether the swings stay within the joints' velocity limits).
    public var largestSwingJointSpeed = 0.0
    public var largestSwingJointSpeedJoint = ""
    /// The shortest and the longest swing, lift-off to touch-down (s; infinity and 0
    /// without a step), and the swings that ended on contact early and late.
    public var shortestSwing = Double.infinity
    public var longestSwing = 0.0
    public var earlyTouchdowns = 0
    public var lateTouchdowns = 0
    /// The highest mean speed (m/s) step timing adaptation planned a swing foot's way at
    /// (WalkingController.fastestAdaptedSwing; 0 without a shortened swing).
    public var fastestAdaptedSwing = 0.0
    /// The foot that swung first (nil without a step).
    public var firstSwingSide: FootSide?
    /// The actuation delay (control periods) the stepping controller's latency probe
    /// measured (nil: no probe, or no answer).
    public var measuredLatency: Int?
}

public enum LocomotionTrial {
    /// Runs one trial on `scene`'s world (its task is not run) from `seed`. `trace`, when
    /// given, receives one line per control step.
    public static func run(scene: SceneSpec, seed: UInt64 = 1, _ configuration: LocomotionTrialConfiguration,
                           trace: ((String) -> Void)? = nil) throws -> LocomotionTrialResult {
        let clock = Date()
        let world = try SceneWorld(spec: scene, seed: seed)
        guard let profile = world.profile else {
            throw SceneError(file: scene.sourceFile, line: 0, keyPath: "robot.profile",
                             message: "a locomotion trial needs a robot profile (feet, soles, standing pose)")
        }
        let robot = world.robot
        let layout = try LegLayout(model: robot.model, profile: profile, nominal: world.nominalPose)
        let dt = 1 / configuration.controlHz
        let substeps = max(1, Int((dt / scene.world.timeStep).rounded()))
        var balance = BalanceController(walking: WalkingController(layout: layout, dt: dt, settings: configuration.walking),
                                        settings: configuration.balance)
        var stepper = configuration.stepping.map {
            SteppingBalanceController(layout: layout, dt: dt, walking: configuration.walking, settings: $0,
                                      model: robot.model, actuated: robot.jointNames)
        }
        let rootLink = robot.model.rootLink
        var pushIndexLink = -1
        if let name = configuration.pushLink {
            guard let frame = robot.frames[name] else {
                throw SceneError(file: scene.sourceFile, line: 0, keyPath: "robot", message: "no link named '\(name)' to push")
            }
            pushIndexLink = frame.link
        }
        let startPose = try robot.framePose(rootLink)
        let start = startPose.position
        let startHeading = startPose.rotation.rotate(.unitX)
        var cruiseStart = start
        var time = 0.0
        var fell = false
        var pushIndex = 0
        let legs = LegClearance(layout: layout)
        var leastClearance = Double.infinity
        let controlSteps = Int((configuration.seconds * configuration.controlHz).rounded())
        var previousTargets: [String: Double] = [:]
        var largestTargetStep = 0.0
        var largestTouchdownStep = 0.0
        var odometryShift: Point2?
        var largestICPError = 0.0, icpErrorSum = 0.0, largestVelocityError = 0.0
        var estimatedPeriods = 0
        var largestSwingSpeed = (speed: 0.0, joint: "")
        var pendingTargets: [[String: Double]] = []
        for step in 0..<controlSteps {
            let sensors = try readSensors(robot)
            // The truth at the instant the sensors were read: the COM from the kinematics on
            // the simulator's pelvis pose, its velocity from the pelvis's velocity and the
            // joint rates (world frame; the estimator's error is measured against it).
            let truth = try trueCenterOfMass(robot, layout: layout, sensors: sensors)
            let sensorTime = time
            if let velocity = configuration.velocity {
                let ramp = configuration.rampSeconds > 0 ? min(1, time / configuration.rampSeconds) : 1
                balance.walking.command = .velocity(vx: velocity.vx * ramp, vy: velocity.vy * ramp,
                                                    yawRate: velocity.yawRate * ramp)
            }
            var targets = layout.nominal
            let landingsBefore = stepper?.stepCount ?? balance.walking.stepCount
            if !configuration.passive {
                if var controller = stepper {
                    targets = controller.update(sensors)
                    stepper = controller
                } else {
                    targets = balance.update(sensors)
                }
            }
            let landed = (stepper?.stepCount ?? balance.walking.stepCount) > landingsBefore
            // The estimate's error where the controller uses it: the capture point from the
            // feet it stands on (their placements as it keeps them), against the true capture
            // point from the true sole centres of those feet. (The odometry frame is the world
            // shifted so that the pelvis starts over its origin, the IMU giving world axes:
            // the shift, taken at the first period, is for the trace.)
            let estimated = stepper?.walking ?? balance.walking
            if !configuration.passive {
                odometryShift = odometryShift ?? truth.pelvis.position.xy - estimated.estimator.pelvis.position.xy
                let support = estimated.support
                let trueICP = truth.com.xy + truth.velocity.xy * (1 / estimated.pendulum.omega)
                var icpError = 0.0
                if !support.isEmpty {
                    let poses = layout.kinematics.linkPoses(q: layout.kinematics.coordinates(sensors.jointPositions),
                                                            base: truth.pelvis)
                    var planted = Point2.zero, placed = Point2.zero
                    for (side, placement) in support {
                        planted = planted + (layout.solePose(side, poses: poses)?.position.xy ?? .zero)
                        placed = placed + placement.position
                    }
                    let count = 1 / Double(support.count)
                    icpError = ((estimated.capturePoint - placed * count) - (trueICP - planted * count)).length
                }
                largestICPError = max(largestICPError, icpError)
                icpErrorSum += icpError
                largestVelocityError = max(largestVelocityError, (estimated.comVelocity - truth.velocity.xy).length)
                estimatedPeriods += 1
            }
            if (stepper?.walking ?? balance.walking).isSwinging {
                for name in layout.allLegJoints {
                    if let speed = sensors.jointVelocities[name].map(abs), speed > largestSwingSpeed.speed {
                        largestSwingSpeed = (speed, name)
                    }
                }
            }
            for name in layout.allLegJoints {
                if let value = targets[name], let previous = previousTargets[name] {
                    largestTargetStep = max(largestTargetStep, abs(value - previous))
                    if landed { largestTouchdownStep = max(largestTouchdownStep, abs(value - previous)) }
                }
            }
            previousTargets = targets
            var worst = ("", 0.0)
            for (name, value) in targets where abs(value - (sensors.jointPositions[name] ?? value)) > abs(worst.1) {
                worst = (name, value - (sensors.jointPositions[name] ?? value))
            }
            pendingTargets.append(targets)
            if pendingTargets.count > configuration.latencySteps {
                try robot.hold(pendingTargets.removeFirst(), positionGain: scene.robot.positionGain,
                               velocityGain: scene.robot.velocityGain)
            }
            for _ in 0..<substeps {
                while pushIndex < configuration.pushes.count, time >= configuration.pushes[pushIndex].time {
                    let push = configuration.pushes[pushIndex]
                    try robot.body.applyWrench(link: pushIndexLink, force: push.force, duration: push.duration)
                    pushIndex += 1
                }
                try world.world.step()
                time += scene.world.timeStep
            }
            let pelvis = try robot.framePose(rootLink)
            var closest = (distance: Double.infinity, left: "", right: "")
            if configuration.measureLegClearance {
                closest = legs.closest(q: layout.kinematics.coordinates(try robot.jointPositions()))
                leastClearance = min(leastClearance, closest.distance)
            }
            let clearance = closest.distance
            if step + 1 == Int((configuration.rampSeconds * configuration.controlHz).rounded()) { cruiseStart = pelvis.position }
            if let trace {
                // Controller estimates next to the truth (odometry frame): the COM and its
                // velocity at the sensor reading, the soles and the tilt after the period.
                let w = estimated
                let shift = odometryShift ?? .zero
                let q = layout.kinematics.coordinates(try robot.jointPositions())
                let truePoses = layout.kinematics.linkPoses(q: q, base: pelvis)
                let trueCOM = truth.com.xy - shift
                let trueVelocity = truth.velocity
                let trueICP = trueCOM + trueVelocity.xy * (1 / w.pendulum.omega)
                let soles = FootSide.allCases.map { layout.solePose($0, poses: truePoses) ?? .identity }
                // Height/tilt, then the sole centre's xy: true, as the leg odometry has it, and
                // where the gait has the foot put down (its stance spot; a swing foot's lift-off
                // or landing spot).
                let soleText = FootSide.allCases.map { side in
                    let truth = soles[side.rawValue], estimate = w.estimator.soles[side.rawValue]
                    let planned = w.feet.count == 2 ? w.feet[side.rawValue].position : .zero
                    return String(format: "%.3f/%.2f %.3f,%.3f est %.3f,%.3f plan %.3f,%.3f", truth.position.z,
                                  acos(min(1, truth.rotation.rotate(.unitZ).z)), truth.position.x - shift.x,
                                  truth.position.y - shift.y, estimate.position.x, estimate.position.y, planned.x, planned.y)
                }
                let up = pelvis.rotation.rotate(.unitZ)
                trace(String(format: "t %.3f com %.3f %.3f est %.3f %.3f | v %.2f %.2f est %.2f %.2f | icp %.3f %.3f est %.3f %.3f | tilt %.3f %.3f | cmd %.3f %.3f | soles L %@ R %@ | ",
                             sensorTime, trueCOM.x, trueCOM.y, w.com.x, w.com.y, trueVelocity.x, trueVelocity.y,
                             w.comVelocity.x, w.comVelocity.y, trueICP.x, trueICP.y, w.capturePoint.x, w.capturePoint.y,
                             up.x, up.y, w.comCommand.x, w.comCommand.y, soleText[0], soleText[1])
                      + String(format: "clear %.3f %@-%@ | ", clearance, closest.left, closest.right) + "err \(worst.0) " + String(format: "%.3f ", worst.1) + "\(w.phaseName)"
                      + (stepper?.isMarching == true ? " marching" : ""))
            }
            let up = pelvis.rotation.rotate(.unitZ).z
            if pelvis.position.z < 0.5 * world.startHeight || up < 0.5 || !pelvis.isFinite {
                fell = true
                break
            }
        }
        let end = try robot.framePose(rootLink)
        let gait = stepper?.walking ?? balance.walking
        let cruiseTime = time - configuration.rampSeconds
        let cruise = cruiseTime > 0 ? (end.position.xy - cruiseStart.xy).length / cruiseTime : 0
        let along = Point2(startHeading.x, startHeading.y)
        let forward = along.length > 1e-9 && time > 0
            ? (end.position.xy - start.xy).dot(along * (1 / along.length)) / time : 0
        return LocomotionTrialResult(seconds: time, fell: fell, distance: (end.position.xy - start.xy).length,
                                     cruiseSpeed: cruise, forwardSpeed: forward,
                                     steps: stepper?.stepCount ?? balance.walking.stepCount,
                                     captureSteps: stepper?.disturbances ?? balance.captureSteps, finalPose: end,
                                     wallSeconds: Date().timeIntervalSince(clock), legClearance: leastClearance,
                                     largestLegTargetStep: largestTargetStep,
                                     largestTouchdownTargetStep: largestTouchdownStep,
                                     largestCapturePointError: largestICPError,
                                     meanCapturePointError: estimatedPeriods > 0 ? icpErrorSum / Double(estimatedPeriods) : 0,
                                     largestCOMVelocityError: largestVelocityError,
                                     largestSwingJointSpeed: largestSwingSpeed.speed,
                                     largestSwingJointSpeedJoint: largestSwingSpeed.joint,
                                     shortestSwing: gait.shortestSwing, longestSwing: gait.longestSwing,
                                     earlyTouchdowns: gait.earlyTouchdowns, lateTouchdowns: gait.lateTouchdowns,
                                     fastestAdaptedSwing: gait.fastestAdaptedSwing, firstSwingSide: gait.firstSwingSide,
                                     measuredLatency: stepper?.probe?.latency)
    }

    /// The true pelvis pose, COM (world) and its velocity: the kinematics on the simulator's pelvis pose,
    /// v_pelvis + ω × (c − p) + J_c q̇ (for reporting only; no controller sees it).
    static func trueCenterOfMass(_ robot: RobotInstance, layout: LegLayout,
                                 sensors: RobotSensors) throws -> (pelvis: Pose, com: Vector3, velocity: Vector3) {
        let kinematics = layout.kinematics
        let pelvis = try robot.framePose(robot.model.rootLink)
        let base = try robot.body.baseState()
        let q = kinematics.coordinates(sensors.jointPositions)
        let qd = kinematics.coordinates(sensors.jointVelocities)
        let center = kinematics.centerOfMass(q: q, base: Pose(rotation: pelvis.rotation))
        let pelvisVelocity = base.linearVelocity + base.angularVelocity.cross(pelvis.position - base.pose.position)
        var joint = [0.0, 0, 0]
        for row in 0..<3 {
            for column in 0..<qd.count { joint[row] += center.jacobian[row][column] * qd[column] }
        }
        let velocity = pelvisVelocity + base.angularVelocity.cross(center.position) + Vector3(joint[0], joint[1], joint[2])
        return (pelvis, center.position + pelvis.position, velocity)
    }

    /// What the robot itself measures: joint positions and velocities, pelvis IMU.
    static func readSensors(_ robot: RobotInstance) throws -> RobotSensors {
        let positions = try robot.jointPositions()
        let values = try robot.body.jointVelocities()
        var velocities: [String: Double] = [:]
        var cursor = 0
        for (index, type) in robot.body.jointTypes.enumerated() {
            if type.velocityCount == 1 { velocities[robot.jointNames[index]] = values[cursor] }
            cursor += type.velocityCount
        }
        let pelvis = try robot.framePose(robot.model.rootLink)
        let base = try robot.body.baseState()
        return RobotSensors(jointPositions: positions, jointVelocities: velocities, orientation: pelvis.rotation,
                            angularVelocity: base.angularVelocity)
    }
}
