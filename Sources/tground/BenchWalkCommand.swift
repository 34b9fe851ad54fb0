import ArgumentParser
import Foundation
import Physics
import Runner
import Control
import Scene

// `tground bench walk`: the walking controller on a flat floor — how far and how fast the
// robot walks for a velocity command, and whether it falls.
struct BenchWalkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "walk",
        abstract: "Walk on a flat floor under a velocity command and report speed and falls.",
        discussion: """
            The robot of SCENE (default Scenes/stand_push.yaml: the project's humanoid on a
            flat floor; the scene's task is not run) stands, then walks with the Control
            layer's WalkingController: ZMP preview control, swing-foot paths and whole-body
            IK to joint position targets, from its own joint state and pelvis IMU only.
            The command grows from zero over --ramp seconds and is then held.

            OUTPUT
              simulated seconds, fell (yes/no), steps, pelvis displacement (m), average
              forward speed (m/s: the pelvis's displacement along its starting heading over
              the whole simulated time, ramp included), cruise speed (m/s: displacement
              after the ramp over the time after the ramp) and wall time; one JSON object
              with --json, which also gives leg_clearance: the least distance (m) between
              the legs' collision shapes over the run (negative: they passed through each
              other, which self-collision, on for tg_humanoid, keeps to a few mm) and
              largest_target_step: the largest change (rad) of a leg joint's target from
              one control period to the next (largest_touchdown_step: in the periods a foot
              touched down); capture_point_error, mean_capture_point_error and
              com_velocity_error: how far the controller's estimate was from the
              simulator's truth (m, m, m/s; largest, mean, largest), which grows in a fall;
              largest_swing_joint_speed: the largest leg joint speed (rad/s) the encoders
              measured while a foot swung, and its joint; shortest_swing / longest_swing:
              lift-off to touch-down (s; -1 without a step); early_touchdowns /
              late_touchdowns: swings ended on contact before and after their time;
              fastest_adapted_swing: the highest mean speed (m/s) step timing adaptation
              planned a swing foot's way at (0 without a shortened swing);
              latency_steps: --latency. The scene's control latency and sensor noise
              belong to task episodes and are not applied here: --latency sets the delay
              (stand_push draws 0 or 1 control periods an episode), --seed draws the
              start pose's joint noise; measured_latency: the delay (control periods)
              the stepping controller timed at start-up with a wrist's target (null:
              not stepping, or no answer).

            EXAMPLE
              tground bench walk --seconds 60 --vx 0.4
              tground bench walk --stepping --seconds 4 --push 2,150,0,0.2 --push-link torso --step max_step_reach=0.5
              tground bench walk --stepping --seconds 8 --push 2,0,-200,0.2 --push-link torso --latency 1
              tground bench walk --set robot.file=/path/g1.urdf --set robot.profile=/path/g1.profile.json
            """
    )

    @Option(name: .long, help: "Scene whose floor and robot to use.")
    var scene = "Scenes/stand_push.yaml"

    @Option(name: .long, help: "Simulated seconds (> 0).")
    var seconds: Double = 60

    @Option(name: .long, help: "Forward velocity command (m/s).")
    var vx: Double = 0.4

    @Option(name: .long, help: "Leftward velocity command (m/s).")
    var vy: Double = 0

    @Option(name: .customLong("yaw-rate"), help: "Yaw rate command (rad/s).")
    var yawRate: Double = 0

    @Option(name: .long, help: "Seconds over which the command grows from zero.")
    var ramp: Double = 2

    @Option(name: .long, help: "Seed of the scene's randomisation.")
    var seed: UInt64 = 1

    @Option(name: .customLong("set"), help: "Override a scene key: key.path=value (repeatable).")
    var overrides: [String] = []

    @Option(name: .long, help: "Gait timing and shape: swing (s), double support (s), start shift (s), step height (m), pelvis drop (m), ZMP inset (m), COM feedback gains (position, velocity), step adjustment gain, heading feedback, lift-off tolerance (m), longest lift-off delay (s).")
    var gait: [Double] = []

    @Option(name: .long, help: "A push: time (s), fx, fy (N), duration (s), comma-separated (repeatable).")
    var push: [String] = []

    @Option(name: .customLong("push-link"), help: "Link the pushes hit (default: the root link).")
    var pushLink: String?

    @Flag(name: .long, help: "Stand with balance control instead of walking (the velocity is ignored).")
    var stand = false

    @Flag(name: .long, help: "Stand with stepping balance (SteppingBalanceController: steps on demand, capture-point foot placement) instead of walking.")
    var stepping = false

    @Option(name: .customLong("step"), help: "A stepping balance setting, name=value (repeatable; with --stepping).")
    var stepSettings: [String] = []

    @Flag(name: .long, help: "Hold the nominal pose instead of balancing (what the zero policy does), for comparison.")
    var passive = false

    @Option(name: .long, help: "Control periods between computing the joint targets and applying them (stand_push draws 0 or 1 an episode).")
    var latency = 0

    @Flag(name: .long, help: "Print the controller's state every control step.")
    var trace = false

    @Flag(name: .long, help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        guard seconds > 0, seconds <= 3600 else { throw ValidationError("--seconds must be in (0, 3600], got \(seconds).") }
        guard [vx, vy, yawRate, ramp].allSatisfy(\.isFinite), ramp >= 0 else {
            throw ValidationError("--vx, --vy, --yaw-rate and --ramp must be finite (ramp ≥ 0).")
        }
        guard (0...10).contains(latency) else { throw ValidationError("--latency must be 0 to 10 control periods, got \(latency).") }
        guard stepSettings.isEmpty || stepping else { throw ValidationError("--step needs --stepping.") }
        _ = try steppingSettings()
        _ = try parsedPushes()
    }

    /// The stepping balance settings with every --step applied.
    func steppingSettings() throws -> SteppingBalanceSettings {
        var settings = SteppingBalanceSettings()
        for item in stepSettings {
            do { try settings.set(item) } catch { throw ValidationError("--step: \(error)") }
        }
        return settings
    }

    /// The --push options as (time, force, duration): four finite numbers each, the time at
    /// least 0 and the duration more than 0.
    func parsedPushes() throws -> [(Double, Vector3, Double)] {
        try push.map { text in
            let fields = text.split(separator: ",", omittingEmptySubsequences: false)
            let numbers = fields.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard fields.count == 4, numbers.count == 4 else {
                throw ValidationError("--push takes time,fx,fy,duration, got '\(text)'.")
            }
            guard numbers.allSatisfy(\.isFinite), numbers[0] >= 0, numbers[3] > 0 else {
                throw ValidationError("--push '\(text)': the numbers must be finite, the time at least 0 and the duration more than 0.")
            }
            return (numbers[0], Vector3(numbers[1], numbers[2], 0), numbers[3])
        }
    }

    func run() throws {
        let spec = try SceneFileLoader.load(path: scene, overrides: overrides)
        var configuration = LocomotionTrialConfiguration()
        configuration.seconds = seconds
        configuration.measureLegClearance = true
        configuration.velocity = stand ? nil : (vx, vy, yawRate)
        configuration.pushLink = pushLink
        configuration.passive = passive
        configuration.latencySteps = latency
        if stepping {
            configuration.stepping = try steppingSettings()
            configuration.velocity = nil
        }
        configuration.pushes = try parsedPushes()
        configuration.rampSeconds = ramp
        configuration.controlHz = spec.task.controlHz
        let keys: [WritableKeyPath<WalkingSettings, Double>] = [\.swingDuration, \.doubleSupportDuration, \.startDuration,
                                                                \.stepHeight, \.pelvisDrop, \.zmpInset, \.comPositionFeedback, \.comVelocityFeedback, \.stepAdjustmentGain,
                                                                \.headingFeedback, \.liftOffTolerance, \.maxLiftOffDelay]
        if !gait.isEmpty {
            var settings = WalkingSettings()
            for (key, value) in zip(keys, gait) { settings[keyPath: key] = value }
            configuration.walking = settings
        }
        let result = try LocomotionTrial.run(scene: spec, seed: seed, configuration, trace: trace ? { print($0) } : nil)
        if json {
            // Field by field: String(format:) with this many mixed Double and Int arguments
            // mis-ordered them on Linux (a -1 shortest swing read as 0 and the early
            // touch-downs as -1).
            // Non-finite values as the strings episodes.jsonl writes (bare they are not JSON).
            func number(_ value: Double, _ digits: Int) -> String { ResultJSON.number(value, digits: digits) }
            let joint = result.largestSwingJointSpeedJoint.isEmpty ? "none" : result.largestSwingJointSpeedJoint
            let fields: [(String, String)] = [
                ("seconds", number(result.seconds, 3)), ("fell", result.fell ? "true" : "false"),
                ("steps", "\(result.steps)"), ("distance", number(result.distance, 4)),
                ("forward_speed", number(result.forwardSpeed, 4)), ("cruise_speed", number(result.cruiseSpeed, 4)),
                ("wall_seconds", number(result.wallSeconds, 3)), ("leg_clearance", number(result.legClearance, 4)),
                ("largest_target_step", number(result.largestLegTargetStep, 4)),
                ("largest_touchdown_step", number(result.largestTouchdownTargetStep, 4)),
                ("capture_point_error", number(result.largestCapturePointError, 4)),
                ("mean_capture_point_error", number(result.meanCapturePointError, 4)),
                ("com_velocity_error", number(result.largestCOMVelocityError, 4)),
                ("largest_swing_joint_speed", number(result.largestSwingJointSpeed, 3)),
                ("largest_swing_joint_speed_joint", "\"\(joint)\""),
                ("shortest_swing", number(result.shortestSwing.isFinite ? result.shortestSwing : -1, 3)),
                ("longest_swing", number(result.longestSwing, 3)),
                ("early_touchdowns", "\(result.earlyTouchdowns)"), ("late_touchdowns", "\(result.lateTouchdowns)"),
                ("fastest_adapted_swing", number(result.fastestAdaptedSwing, 3)),
                ("latency_steps", "\(latency)"),
                ("measured_latency", result.measuredLatency.map { "\($0)" } ?? "null"),
            ]
            print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
        } else {
            print(String(format: "walk: command vx %.2f vy %.2f yaw rate %.2f on %@", vx, vy, yawRate, scene))
            print(String(format: "  simulated  %.2f s%@", result.seconds, result.fell ? " (fell)" : ""))
            print("  fell       \(result.fell ? "yes" : "no")")
            if latency > 0 { print("  latency    \(latency) control period\(latency == 1 ? "" : "s") (targets applied late)") }
            print("  steps      \(result.steps)")
            print(String(format: "  distance   %.3f m (pelvis, start to end)", result.distance))
            print(String(format: "  forward    %.3f m/s (average over the whole %.1f s, along the start heading)",
                         result.forwardSpeed, result.seconds))
            print(String(format: "  cruise     %.3f m/s (after the %.1f s ramp)", result.cruiseSpeed, ramp))
            print(String(format: "  estimate   capture point %.3f m off the truth at most (%.3f m on average), COM velocity %.3f m/s",
                         result.largestCapturePointError, result.meanCapturePointError, result.largestCOMVelocityError))
            print(String(format: "  wall       %.2f s", result.wallSeconds))
        }
    }
}
