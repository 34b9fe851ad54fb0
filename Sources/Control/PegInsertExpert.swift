// PegInsertExpert: a scripted reference policy for peg-in-hole insertion. It sees only what a
// robot could know — its own joint state, the peg's centre and axis and the hole's mouth and
// axis (root frame, from the task's privileged observation) — and drives one arm and the
// waist through inverse kinematics, the gripper pointing down.
//
// Phases: approach (above the peg), descend, close, lift, carry (the peg's lower end over the
// mouth), align (hold there while a lateral integral correction brings the observed lower end
// onto the hole axis), insert (lower slowly, still correcting sideways; when the peg stops
// going down before it is in deep enough, search in a small spiral around the axis), release
// (open; the peg slides down to the hole's floor under its own weight), retract.
//
// The pick part (approach … lift) is a plain timed grasp kept here until the shared grasp
// controller lands; everything after it is insertion-specific.
import Foundation
import Physics
import Robot

public struct PegInsertExpert {
    public enum Phase: Int, CaseIterable, Sendable {
        case approach, descend, close, lift, carry, align, insert, release, retract, done
    }

    /// What the expert sees each control step (root frame, m and unit vectors).
    public struct Sight: Sendable {
        public var pegCenter: Vector3
        public var pegAxis: Vector3
        public var holeMouth: Vector3
        public var holeAxis: Vector3
        /// How far the peg's lower end is below the mouth along the hole axis (m).
        public var insertion: Double
        public init(pegCenter: Vector3, pegAxis: Vector3, holeMouth: Vector3, holeAxis: Vector3, insertion: Double) {
            self.pegCenter = pegCenter
            self.pegAxis = pegAxis
            self.holeMouth = holeMouth
            self.holeAxis = holeAxis
            self.insertion = insertion
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
    /// Peg length along its axis (m).
    let pegLength: Double
    /// Grasp point above the peg's centre (m): more of the peg hangs below the fingers.
    public var graspAbove = 0.008
    public var approachHeight = 0.12
    public var liftHeight = 0.15
    /// Height (m) of the peg's lower end over the mouth while aligning.
    public var hoverHeight = 0.015
    /// Insertion (m) at which the peg is let go, and the speed (m/s) it is pushed in at.
    public var releaseDepth = 0.036
    public var insertSpeed = 0.03
    /// Lateral alignment tolerance (m) before inserting.
    public var alignTolerance = 0.0006
    /// Seconds the hand takes from the carry height down to the hover point.
    public var alignEase = 0.4

    public private(set) var phase: Phase = .approach
    private var phaseTime = 0.0
    private var q: [Double]
    /// The commanded hand (grasp frame) position, root frame.
    private var hand: Vector3
    private var phaseStart: Vector3?
    /// The peg's lower end relative to the commanded hand, measured once the peg is lifted.
    private var pegBelowHand: Vector3?
    /// Integral of the lateral error: added to the hand target while aligning and inserting.
    private var lateral = Vector3.zero
    /// Hand depth commanded during insertion, below the hover point (m).
    private var pushed = 0.0
    private var bestInsertion = -Double.infinity
    private var stalledTime = 0.0
    private var searchAngle = 0.0

    /// `arm` is "left" or "right"; joint names follow the project's humanoid (waist_yaw,
    /// <arm>_shoulder_*, <arm>_elbow, <arm>_wrist_*), the gripper from its profile.
    public init(model: RobotModel, actionNames: [String], nominal: [String: Double], arm: String,
                graspFrame: String, fingerJoints: [String], open: Double, closed: Double, pegLength: Double) {
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
        self.pegLength = pegLength
        q = kinematics.coordinates(nominal)
        hand = kinematics.linkPoses(q: q, base: .identity)[graspFrame]?.position ?? .zero
    }

    /// Seconds a timed phase lasts (align and insert end on what they see).
    func duration(_ phase: Phase) -> Double {
        switch phase {
        case .approach: return 1.3
        case .descend: return 0.8
        case .close: return 0.6
        case .lift: return 0.8
        case .carry: return 1.5
        case .align: return 3
        case .insert: return 8
        case .release: return 0.5
        case .retract: return 0.8
        case .done: return .infinity
        }
    }

    /// The peg's lower end (the end nearer the hole's floor).
    func pegBottom(_ sight: Sight) -> Vector3 {
        let sign: Double = sight.pegAxis.dot(sight.holeAxis) >= 0 ? 1 : -1
        return sight.pegCenter - sight.pegAxis * (sign * pegLength / 2)
    }

    /// The lower end's offset from the hole axis, across it (m).
    func lateralError(_ sight: Sight) -> Vector3 {
        let offset = pegBottom(sight) - sight.holeMouth
        return offset - sight.holeAxis * offset.dot(sight.holeAxis)
    }

    private mutating func enter(_ next: Phase) {
        phase = next
        phaseTime = 0
        phaseStart = nil
    }

    /// A one-line account of the expert's state, for tracing.
    public func trace(_ sight: Sight) -> String {
        String(format: "%@ t=%.2f hand=(%.3f %.3f %.3f) peg=(%.3f %.3f %.3f) axis=(%.2f %.2f %.2f) lat=%.4f ins=%.4f push=%.3f",
               "\(phase)", phaseTime, hand.x, hand.y, hand.z, sight.pegCenter.x, sight.pegCenter.y, sight.pegCenter.z,
               sight.pegAxis.x, sight.pegAxis.y, sight.pegAxis.z, lateralError(sight).length, sight.insertion, pushed)
    }

    /// The next action (joint offsets from the nominal pose, in `actionNames` order).
    public mutating func act(_ sight: Sight, dt: Double) -> [Double] {
        phaseTime += dt
        advance(sight, dt: dt)
        if phaseStart == nil { phaseStart = hand }
        let start = phaseStart ?? hand
        let graspPoint = sight.pegCenter + Vector3(0, 0, graspAbove)
        // The hand over the mouth, so that the peg's lower end hovers `height` above it.
        let pegBelow = pegBelowHand ?? Vector3(0, 0, -pegLength / 2 - graspAbove)
        let overMouth = { (height: Double) -> Vector3 in sight.holeMouth + sight.holeAxis * height - pegBelow }
        let target: Vector3
        switch phase {
        case .approach: target = graspPoint + Vector3(0, 0, approachHeight)
        case .descend, .close: target = graspPoint
        case .lift: target = start + Vector3(0, 0, liftHeight)
        case .carry: target = overMouth(hoverHeight + 0.04)
        case .align: target = overMouth(hoverHeight) + lateral
        case .insert:
            let radius = min(0.0015, 0.0003 * searchAngle / (2 * Double.pi))
            let spiral = Vector3(cos(searchAngle), sin(searchAngle), 0) * radius
            target = overMouth(hoverHeight - pushed) + lateral + spiral
        case .release, .done: target = hand
        case .retract: target = start + Vector3(0, 0, 0.1)
        }
        switch phase {
        case .align:
            // Down from the carry height to the hover point along the same eased line
            // (in `alignEase` s), then on the target as the lateral correction moves it.
            hand = start + (target - start) * smoothstep(phaseTime / alignEase)
        case .insert, .release, .done:
            hand = target
        default:
            // Along a straight line from where the phase began, arriving at 70% of the phase,
            // eased in and out: a linear ramp starts and stops the hand at once, and at
            // 1/120 s the jerk turned the peg in the fingers or shook it out of them.
            hand = start + (target - start) * smoothstep(phaseTime / max(duration(phase) * 0.7, 1e-6))
        }
        q = ik.solve(tasks: [
            IKTask(.position(link: graspFrame, point: .zero, position: hand), priority: 0),
            IKTask(.orientation(link: graspFrame, rotation: .identity), priority: 1, weight: 0.5),
        ], q0: q, base: .identity).q

        let closed = [.close, .lift, .carry, .align, .insert].contains(phase)
        var targets: [String: Double] = [:]
        for (index, name) in kinematics.jointNames.enumerated() where ik.activeJoints?.contains(name) ?? false {
            targets[name] = q[index]
        }
        for finger in fingerJoints { targets[finger] = closed ? closedFinger : openFinger }
        return actionNames.map { name in (targets[name] ?? nominal[name] ?? 0) - (nominal[name] ?? 0) }
    }

    /// Phase changes, and the closed-loop corrections of align and insert.
    private mutating func advance(_ sight: Sight, dt: Double) {
        let error = lateralError(sight)
        switch phase {
        case .align:
            // Integral action on the observed lateral error of the lower end.
            lateral = lateral - error * min(1, 3 * dt)
            if (phaseTime > 0.6 && error.length < alignTolerance) || phaseTime >= duration(.align) { enter(.insert) }
        case .insert:
            lateral = lateral - error * min(1, 2 * dt)
            pushed += insertSpeed * dt
            if sight.insertion > bestInsertion + 0.0005 {
                bestInsertion = sight.insertion
                stalledTime = 0
            } else {
                stalledTime += dt
            }
            // Pushed well past where the peg stopped: back off and search around the axis.
            if stalledTime > 0.3 {
                pushed = max(0, sight.insertion + hoverHeight + 0.004)
                searchAngle += 2 * Double.pi * dt * 1.5
            }
            if sight.insertion >= releaseDepth || phaseTime >= duration(.insert) { enter(.release) }
        case .lift:
            if phaseTime >= duration(.lift) {
                pegBelowHand = pegBottom(sight) - hand
                enter(.carry)
            }
        default:
            if phaseTime >= duration(phase), let next = Phase(rawValue: phase.rawValue + 1) { enter(next) }
        }
    }
}
