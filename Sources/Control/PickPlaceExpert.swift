// PickPlaceExpert: a scripted reference policy for pick-and-place tasks. It sees only what
// a robot could know — its own joint state and the part and goal positions of the task's
// privileged observation (in the robot's root frame) — and drives one arm and the waist
// through inverse kinematics: above the part, down, close the gripper, lift, over the goal,
// down, open, back up. The legs hold the nominal pose.
import Foundation
import Physics
import Robot

public struct PickPlaceExpert {
    /// Phases in order, with their duration in seconds.
    public enum Phase: Int, CaseIterable, Sendable {
        case approach, descend, close, lift, carry, lower, release, retract, done

        var duration: Double {
            [1.4, 0.8, 0.6, 0.8, 1.6, 0.8, 0.6, 0.8, .infinity][rawValue]
        }
    }

    let kinematics: KinematicModel
    var ik: InverseKinematics
    let actionNames: [String]
    let nominal: [String: Double]
    let graspFrame: String
    let fingerJoints: [String]
    let openFinger: Double
    let closedFinger: Double
    /// Heights (m) of the grasp frame above the part centre when approaching and lifting.
    public var approachHeight = 0.12
    public var liftHeight = 0.18
    /// Height (m) of the part centre above the goal point when it is let go.
    public var releaseHeight = 0.03

    public private(set) var phase: Phase = .approach
    private var phaseTime = 0.0
    private var q: [Double]
    private var phaseStart: Vector3?
    private var partAtGrasp: Vector3?

    /// `arm` is "left" or "right"; joint names follow the project's humanoid (waist_yaw,
    /// <arm>_shoulder_*, <arm>_elbow, <arm>_wrist_*), the gripper from its profile.
    public init(model: RobotModel, actionNames: [String], nominal: [String: Double], arm: String,
                graspFrame: String, fingerJoints: [String], open: Double, closed: Double) {
        kinematics = KinematicModel(model: model)
        var solver = InverseKinematics(kinematics: kinematics)
        solver.maxIterations = 30
        solver.activeJoints = Set(kinematics.jointNames.filter {
            $0 == "waist_yaw" || $0.hasPrefix("\(arm)_shoulder") || $0 == "\(arm)_elbow" || $0.hasPrefix("\(arm)_wrist")
        })
        ik = solver
        self.actionNames = actionNames
        self.nominal = nominal
        self.graspFrame = graspFrame
        self.fingerJoints = fingerJoints
        openFinger = open
        closedFinger = closed
        q = kinematics.coordinates(nominal)
    }

    /// The next action (joint offsets from the nominal pose, in `actionNames` order), given
    /// the part's and the goal's positions in the robot's root frame and the control period.
    public mutating func act(part: Vector3, goal: Vector3, dt: Double) -> [Double] {
        phaseTime += dt
        if phaseTime >= phase.duration, let next = Phase(rawValue: phase.rawValue + 1) {
            phase = next
            phaseTime = 0
            phaseStart = nil
            if phase == .lift { partAtGrasp = part }
        }
        let hand = kinematics.linkPoses(q: q, base: .identity)[graspFrame]?.position ?? .zero
        if phaseStart == nil { phaseStart = hand }
        let goalAbove = goal + Vector3(0, 0, liftHeight)
        let target: Vector3
        switch phase {
        case .approach: target = part + Vector3(0, 0, approachHeight)
        case .descend, .close: target = part
        case .lift: target = (partAtGrasp ?? part) + Vector3(0, 0, liftHeight)
        case .carry: target = goalAbove
        case .lower, .release: target = goal + Vector3(0, 0, releaseHeight)
        case .retract, .done: target = goalAbove
        }
        // Move along a straight line from where the phase began, reaching the target at 70%
        // of the phase, so the arm arrives settled.
        let progress = min(1, phaseTime / max(phase.duration * 0.7, 1e-6))
        let start = phaseStart ?? hand
        let waypoint = start + (target - start) * (phase == .done ? 1 : progress)
        let solution = ik.solve(tasks: [
            IKTask(.position(link: graspFrame, point: .zero, position: waypoint), priority: 0),
            IKTask(.orientation(link: graspFrame, rotation: .identity), priority: 1, weight: 0.5),
        ], q0: q, base: .identity)
        q = solution.q

        let closed = [.close, .lift, .carry, .lower].contains(phase)
        var targets: [String: Double] = [:]
        for (index, name) in kinematics.jointNames.enumerated() where ik.activeJoints?.contains(name) ?? false {
            targets[name] = q[index]
        }
        for finger in fingerJoints { targets[finger] = closed ? closedFinger : openFinger }
        return actionNames.map { name in (targets[name] ?? nominal[name] ?? 0) - (nominal[name] ?? 0) }
    }
}
