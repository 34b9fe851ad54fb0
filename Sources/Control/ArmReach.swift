// ArmReach: one arm's inverse kinematics for a hand frame target, as joint position targets.
// It keeps its own commanded joint vector (warm start for the next solve), so successive
// targets give a smooth trajectory. Frames: the robot's root link is the base (identity),
// so targets are in the root frame, as task observations are. Joint names follow the
// project's humanoid: <arm>_shoulder_*, <arm>_elbow, <arm>_wrist_*, and optionally the
// waist_yaw joint.
import Foundation
import Physics
import Robot

public struct ArmReach: Sendable {
    public let kinematics: KinematicModel
    public private(set) var ik: InverseKinematics
    /// The link whose frame is driven (e.g. the gripper's grasp frame).
    public let handFrame: String
    /// Weight of the hand-orientation task (below the position task in priority).
    public var orientationWeight = 0.5
    /// The last IK solution (KinematicModel order), the warm start of the next.
    public private(set) var q: [Double]
    /// Residual position error (m) of the last solve.
    public private(set) var lastError = 0.0
    /// Largest change of a joint target per `reach` call (rad or m): a solution that jumps
    /// to another arm configuration is followed gradually, not slammed into.
    public var maxJointStep = 0.08
    /// With `straightSteps`, the joint targets move towards the solution along a straight
    /// line in joint space (every joint's change scaled by the one the clamp limits most), not
    /// each joint clamped on its own: a change of configuration then moves the joints
    /// together instead of one after another, and the hand's path between is the blend.
    public var straightSteps = false
    /// A residual (m) above which the solve is retried from the start configuration (the
    /// warm start can get stuck against joint limits in a folded configuration).
    public var restartError = 0.01
    /// A point (root frame) the elbow is drawn towards in the arm's spare freedom (the swing of
    /// the elbow about the shoulder-wrist line), below the hand's position and orientation;
    /// nil: none. It picks the arm's configuration where several reach the hand, e.g. the elbow
    /// forward and out rather than folded behind the body with the forearm across the chest.
    public var elbowHint: Vector3?
    /// Weight of the elbow hint's task.
    public var elbowWeight = 0.5
    /// The link whose origin is the elbow joint.
    public let elbowLink: String
    /// The configuration the arm started in (the nominal pose).
    private let seed: [Double]
    /// The joint targets sent (KinematicModel order); they trail `q` by at most maxJointStep.
    private var commanded: [Double]

    /// `arm` is "left" or "right"; `useWaist` lets the solve turn waist_yaw too.
    public init(model: RobotModel, nominal: [String: Double], arm: String, handFrame: String, useWaist: Bool = true) {
        self.init(kinematics: KinematicModel(model: model), nominal: nominal, arm: arm, handFrame: handFrame,
                  useWaist: useWaist)
    }

    public init(kinematics: KinematicModel, nominal: [String: Double], arm: String, handFrame: String,
                useWaist: Bool = true) {
        self.kinematics = kinematics
        var solver = InverseKinematics(kinematics: kinematics)
        solver.maxIterations = 30
        solver.activeJoints = Set(kinematics.jointNames.filter {
            (useWaist && $0 == "waist_yaw") || $0.hasPrefix("\(arm)_shoulder") || $0 == "\(arm)_elbow"
                || $0.hasPrefix("\(arm)_wrist")
        })
        ik = solver
        self.handFrame = handFrame
        elbowLink = "\(arm)_forearm"
        q = kinematics.coordinates(nominal)
        seed = q
        commanded = q
    }

    /// The joints this arm moves.
    public var joints: Set<String> { ik.activeJoints ?? [] }

    /// Where the hand frame is for the commanded joint targets (root frame).
    public var handPosition: Vector3 {
        kinematics.linkPoses(q: commanded, base: .identity)[handFrame]?.position ?? .zero
    }

    /// Sets the commanded coordinates of some joints (e.g. from a shared waist).
    public mutating func setCoordinates(_ values: [String: Double]) {
        for (index, name) in kinematics.jointNames.enumerated() {
            if let value = values[name] {
                q[index] = value
                commanded[index] = value
            }
        }
    }

    /// Restarts the next solve from the start configuration (the nominal pose) instead of the
    /// last solution; the joint targets sent still move from where they are, by at most
    /// `maxJointStep` a call.
    public mutating func restartFromSeed() {
        q = seed
    }

    /// Solves for the hand at `position` with `rotation` (root frame) from the last
    /// solution; returns the arm's joint targets by name.
    @discardableResult
    public mutating func reach(_ position: Vector3, rotation: Quaternion = .identity) -> [String: Double] {
        var tasks = [
            IKTask(.position(link: handFrame, point: .zero, position: position), priority: 0),
            IKTask(.orientation(link: handFrame, rotation: rotation), priority: 1, weight: orientationWeight),
        ]
        if let elbowHint {
            tasks.append(IKTask(.position(link: elbowLink, point: .zero, position: elbowHint), priority: 2, weight: elbowWeight))
        }
        var solution = ik.solve(tasks: tasks, q0: q, base: .identity)
        if (solution.errors[0] ?? 0) > restartError {
            let fresh = ik.solve(tasks: tasks, q0: seed, base: .identity)
            if (fresh.errors[0] ?? 0) < (solution.errors[0] ?? 0) { solution = fresh }
        }
        q = solution.q
        lastError = solution.errors[0] ?? 0
        if straightSteps {
            let largest = commanded.indices.map { abs(q[$0] - commanded[$0]) }.max() ?? 0
            let scale = largest > maxJointStep ? maxJointStep / largest : 1
            for index in commanded.indices { commanded[index] += (q[index] - commanded[index]) * scale }
        } else {
            for index in commanded.indices {
                commanded[index] += min(max(q[index] - commanded[index], -maxJointStep), maxJointStep)
            }
        }
        return targets
    }

    /// The arm's commanded joint targets by name.
    public var targets: [String: Double] {
        var result: [String: Double] = [:]
        for (index, name) in kinematics.jointNames.enumerated() where joints.contains(name) { result[name] = commanded[index] }
        return result
    }
}
