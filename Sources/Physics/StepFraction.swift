// StepFraction: a fraction of an error removed per physics step (Bullet's ERP, a joint
// motor's position and velocity gains) restated for another step, so that the rate it
// stands for, per second, stays the same.
//
// Such a fraction f removes the share f of an error each step: after time t, (1 − f)^(t / dt)
// of it is left. The same decay at a step dt' takes f' = 1 − (1 − f)^(dt' / dt); at the
// shared instants the two leave the same error (exactly so for an unloaded servo, whose
// position error shrinks by (1 − f) per step). Keeping f as it is instead makes a servo
// or a contact half as stiff, in time, when the step doubles.
//
// Physics itself (JointControl, WorldSettings) takes Bullet's fractions per step of its
// world. Above it, fractions are stated per `referenceStep` and restated in one place each:
// RobotInstance.hold and RobotBuilder for servo gains, WorldSpec.physicsSettings for the
// contact error reduction.
import Foundation

public enum StepFraction {
    /// The step (s) TrainingGround's fractions are stated for: a robot's servo gains (scene
    /// files, RobotBuildOptions, RobotInstance.hold) and a scene's contact error reduction.
    public static let referenceStep = 1.0 / 240.0

    /// `fraction` per `referenceStep` restated per `timeStep` (bit for bit `fraction` at
    /// 1/240 s).
    public static func perStep(_ fraction: Double, timeStep: Double) -> Double {
        convert(fraction, from: referenceStep, to: timeStep)
    }

    /// `fraction` (per `referenceStep` seconds, in [0, 1]) restated per `timeStep` seconds.
    /// Exactly `fraction` when the steps are equal, and for 0 and 1 (none and all of the
    /// error, at any step).
    public static func convert(_ fraction: Double, from referenceStep: Double, to timeStep: Double) -> Double {
        guard timeStep != referenceStep, fraction > 0, fraction < 1, referenceStep > 0, timeStep > 0 else {
            return fraction
        }
        return 1 - pow(1 - fraction, timeStep / referenceStep)
    }
}
