// MachineTendExpert: a scripted reference policy for machine tending — open a hinged door by
// its handle, put a part into the nest behind it, shut the door. It sees only what a robot
// could know: its own joint state and, from the task's privileged observation (root frame),
// the part's position, the nest's resting spot, the door handle's position and the door's
// hinge angle. One arm (and the waist) does everything, through inverse kinematics.
//
// The door is worked through contact only: the hand grips the handle from above (the gripper
// tilted so its palm clears the door's face, turned with the door) and is then led a little
// ahead of where the handle is seen, along the handle's direction of travel, so the door
// swings open (or shut) at the pace it actually follows; the hinge itself is never assumed.
//
// Phases: door (reach above the handle, down, grip, pull open, let go, back off), part (above
// it, down, grip, lift, to the front of the opening, in over the nest, down, let go, back
// out), door again (above the handle, down, grip, push shut, let go, back off), done.
import Foundation
import Physics
import Robot

public struct MachineTendExpert {
    public enum Phase: Int, CaseIterable, Sendable {
        case openAbove, openDescend, openGrip, pull, openRelease, openBack
        case edgeAbove, edgeDescend, edgeGrip, swingOpen, edgeRelease, edgeUp, edgeAway, homeForPart, rise
        case partAbove, partDescend, partGrip, partLift, backOff, toOpening, overNest, placeLower, placeRelease, withdraw, homeForDoor, clearDoor
        case shutEdgeAbove, shutEdgeDescend, shutEdgeGrip, swingShut, shutEdgeRelease, shutEdgeUp, shutOut
        case closeAbove, closeDescend, closeGrip, push, closeRelease, closeBack, done
    }

    /// What the expert sees each control step (root frame; angle in rad, 0 = shut).
    public struct Sight: Sendable {
        public var part: Vector3
        public var nest: Vector3
        public var handle: Vector3
        public var doorAngle: Double
        public init(part: Vector3, nest: Vector3, handle: Vector3, doorAngle: Double) {
            self.part = part
            self.nest = nest
            self.handle = handle
            self.doorAngle = doorAngle
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

    /// Door angles (rad): pulled ajar by the handle to `ajar`, swung open by its top edge to
    /// `openTarget`, swung back to `ajar` by the edge, pushed by the handle below `shutTarget`.
    public var ajar = 0.4
    public var openTarget = 1.5
    public var shutTarget = 0.015
    /// Where the door's top edge is gripped, from the hinge (m), and the door's top above its
    /// handle (m, from the machine's drawing).
    public var edgeRadius = 0.15
    public var doorTopAboveHandle: Double
    /// Tilt (rad) of the gripper off vertical, fingertips towards the door, so the palm clears it.
    public var handleTilt = 0.45
    /// Grasp point above the handle's centre (m).
    public var handleGraspAbove = 0.025
    /// How far ahead of the seen handle the hand is led (m).
    public var lead = 0.025
    /// Height (m) of the part's centre over its resting spot when let go, and when carried in.
    public var releaseHeight = 0.03
    public var carryHeight = 0.055
    /// Largest commanded joint speeds (rad/s) of the arm and of the waist.
    public var maxJointSpeed = 2.0
    public var maxWaistSpeed = 0.5
    /// Waist turn (rad, positive left) while the part is handled.
    public var partWaist = 0.15
    /// Distance (m) in front of the door's plane the part is brought to before going in.
    public var frontClearance = 0.03

    public private(set) var phase: Phase = .openAbove
    private var phaseTime = 0.0
    private var q: [Double]
    private var homeStart: [Double]
    /// The arm's joints (the waist apart), and the phases the waist helps in.
    let armJoints: Set<String>
    let partPhases: Set<Phase> = [.partAbove, .partDescend, .partGrip, .partLift, .backOff, .toOpening, .overNest, .placeLower,
                                  .placeRelease, .withdraw]
    /// The rate-limited joint targets sent to the servos.
    private var command: [Double]
    private var hand: Vector3
    private var rotation = Quaternion.identity
    private var phaseStart: Vector3?
    private var rotationStart = Quaternion.identity
    /// The handle where it was first seen (the door shut), and where it was when the pull began.
    private var shutHandle: Vector3?
    private var pullStart: (handle: Vector3, angle: Double)?
    /// The hinge axis (root frame, x and y), found from the handle's arc while pulling.
    private var hinge: Vector3?

    public init(model: RobotModel, actionNames: [String], nominal: [String: Double], arm: String,
                graspFrame: String, fingerJoints: [String], open: Double, closed: Double, doorTopAboveHandle: Double) {
        self.doorTopAboveHandle = doorTopAboveHandle
        kinematics = KinematicModel(model: model)
        var solver = InverseKinematics(kinematics: kinematics)
        solver.maxIterations = 30
        armJoints = Set(kinematics.jointNames.filter {
            $0.hasPrefix("\(arm)_shoulder") || $0 == "\(arm)_elbow" || $0.hasPrefix("\(arm)_wrist")
        })
        solver.activeJoints = armJoints
        ik = solver
        self.actionNames = actionNames
        self.nominal = nominal
        self.graspFrame = graspFrame
        self.fingerJoints = fingerJoints
        openFinger = open
        closedFinger = closed
        q = kinematics.coordinates(nominal)
        homeStart = q
        command = q
        hand = kinematics.linkPoses(q: q, base: .identity)[graspFrame]?.position ?? .zero
    }

    /// Seconds a timed phase lasts; pull and push end on the door angle (this is their limit).
    func duration(_ phase: Phase) -> Double {
        switch phase {
        case .openAbove: return 1.4
        case .openDescend, .partDescend: return 0.8
        case .openGrip, .closeGrip, .partGrip: return 0.5
        case .pull, .push: return 5
        case .openRelease, .closeRelease, .placeRelease: return 0.4
        case .openBack, .closeBack: return 0.7
        case .edgeAbove, .shutEdgeAbove: return 1.0
        case .edgeDescend, .shutEdgeDescend: return 0.7
        case .edgeGrip, .shutEdgeGrip: return 0.5
        case .swingOpen, .swingShut: return 6
        case .edgeRelease, .shutEdgeRelease: return 0.4
        case .edgeUp, .shutEdgeUp: return 0.5
        case .shutOut, .edgeAway: return 0.7
        case .rise: return 0.9
        case .homeForPart, .homeForDoor: return 1.2
        case .partAbove: return 1.5
        case .partLift, .backOff: return 0.8
        case .toOpening: return 1.4
        case .overNest: return 1.2
        case .placeLower: return 0.7
        case .withdraw: return 1.0
        case .clearDoor: return 0.8
        case .closeAbove: return 1.2
        case .closeDescend: return 1.0
        case .done: return .infinity
        }
    }

    /// The door's outward normal at `angle`: the way its handle travels as it opens.
    static func opening(_ angle: Double) -> Vector3 { Vector3(-cos(angle), -sin(angle), 0) }

    /// The hand's orientation for gripping the handle of a door at `angle`: the gripper turned
    /// with the door, tilted so the fingertips lean towards the door's face.
    func handleRotation(_ angle: Double) -> Quaternion {
        Quaternion(axis: .unitZ, angle: angle) * Quaternion(axis: .unitY, angle: -handleTilt)
    }

    /// Where the grasp frame goes to grip the handle seen at `handle` on a door at `angle`.
    func handleGrasp(_ handle: Vector3, angle: Double) -> Vector3 {
        handle + Vector3(0, 0, handleGraspAbove)
    }

    /// The door's top edge (mid-thickness) at `radius` from the hinge, the door at `angle`.
    func edgePoint(_ sight: Sight, angle: Double, radius: Double) -> Vector3 {
        let center = hinge ?? sight.handle
        let along = Quaternion(axis: .unitZ, angle: angle).rotate(.unitY)
        return Vector3(center.x, center.y, sight.handle.z + doorTopAboveHandle) + along * radius
    }

    /// The hand's orientation for gripping the door's top edge: pointing down, the fingers
    /// closing across the slab.
    func edgeRotation(_ angle: Double) -> Quaternion {
        Quaternion(axis: .unitZ, angle: angle - Double.pi / 2)
    }

    /// The hinge from two handle positions on its arc and the door angles they were seen at:
    /// h₂ − c = R(θ₂ − θ₁)(h₁ − c), solved for c in the horizontal plane.
    static func hinge(from first: (handle: Vector3, angle: Double), to second: (handle: Vector3, angle: Double)) -> Vector3? {
        let turn = second.angle - first.angle
        let (c, s) = (cos(turn), sin(turn))
        // (I − R) c = h₂ − R h₁
        let rx = c * first.handle.x - s * first.handle.y
        let ry = s * first.handle.x + c * first.handle.y
        let (bx, by) = (second.handle.x - rx, second.handle.y - ry)
        let (a11, a12, a21, a22) = (1 - c, s, -s, 1 - c)
        let det = a11 * a22 - a12 * a21
        guard abs(det) > 1e-4 else { return nil }
        return Vector3((bx * a22 - a12 * by) / det, (a11 * by - a21 * bx) / det, second.handle.z)
    }

    private mutating func enter(_ next: Phase) {
        homeStart = q
        phase = next
        phaseTime = 0
        phaseStart = nil
    }

    /// A one-line account of the expert's state, for tracing.
    public func trace(_ sight: Sight) -> String {
        String(format: "%@ t=%.2f hand=(%.3f %.3f %.3f) part=(%.3f %.3f %.3f) handle=(%.3f %.3f %.3f) door=%.3f",
               "\(phase)", phaseTime, hand.x, hand.y, hand.z, sight.part.x, sight.part.y, sight.part.z,
               sight.handle.x, sight.handle.y, sight.handle.z, sight.doorAngle)
            + " q=" + zip(kinematics.jointNames, q).filter { armJoints.contains($0.0) || $0.0 == "waist_yaw" }
                .map { String(format: "%.2f", $0.1) }.joined(separator: ",")
    }

    /// The next action (joint offsets from the nominal pose, in `actionNames` order).
    public mutating func act(_ sight: Sight, dt: Double) -> [Double] {
        if shutHandle == nil { shutHandle = sight.handle }
        phaseTime += dt
        advance(sight)
        if phaseStart == nil {
            phaseStart = hand
            rotationStart = rotation
        }
        let start = phaseStart ?? hand
        let angle = sight.doorAngle
        // Where the part is taken in: in front of the opening, level with the carry height.
        let doorPlaneX = (shutHandle ?? sight.handle).x
        let carried = sight.nest + Vector3(0, 0, carryHeight)
        let outsideX = doorPlaneX - frontClearance
        let outside = Vector3(outsideX, carried.y, carried.z + 0.02)

        var target = hand
        var wanted = rotation
        var interpolate = true
        switch phase {
        case .openAbove, .closeAbove:
            // In front of the handle and above it, then in and down onto it.
            target = handleGrasp(sight.handle, angle: angle) + Vector3(0, 0, 0.08) + Self.opening(angle) * 0.08
            wanted = handleRotation(angle)
        case .openDescend, .closeDescend, .openGrip, .closeGrip:
            target = handleGrasp(sight.handle, angle: angle)
            wanted = handleRotation(angle)
        case .pull, .push:
            // Lead the hand ahead of the seen handle along its travel; turn with the door.
            let way = phase == .pull ? 1.0 : -1.0
            target = handleGrasp(sight.handle, angle: angle) + Self.opening(angle) * (way * lead)
            wanted = handleRotation(angle + way * 0.05)
            interpolate = false
        case .openRelease, .closeRelease, .placeRelease, .done:
            interpolate = false
        case .openBack:
            // Up past the top of the door: the hand is on its outer side.
            // The hand keeps its grip orientation until it is above the door: turning it sooner
            // would swing the fingers into the door.
            target = start + Vector3(0, 0, doorTopAboveHandle + 0.05) + Self.opening(angle) * 0.05
        case .edgeAbove, .shutEdgeAbove:
            target = edgePoint(sight, angle: angle, radius: edgeRadius) + Vector3(0, 0, 0.08)
            wanted = edgeRotation(angle)
        case .edgeDescend, .edgeGrip, .shutEdgeDescend, .shutEdgeGrip:
            target = edgePoint(sight, angle: angle, radius: edgeRadius) - Vector3(0, 0, 0.03)
            wanted = edgeRotation(angle)
        case .swingOpen, .swingShut:
            // Lead the gripped edge along its arc, a little ahead of where the door is.
            let ahead = phase == .swingOpen ? min(angle + 0.12, openTarget + 0.05) : angle - 0.12
            target = edgePoint(sight, angle: ahead, radius: edgeRadius) - Vector3(0, 0, 0.03)
            wanted = edgeRotation(ahead)
            interpolate = false
        case .edgeRelease, .shutEdgeRelease:
            interpolate = false
        case .edgeUp, .shutEdgeUp: target = start + Vector3(0, 0, 0.08)
        case .shutOut: target = start + Self.opening(angle) * 0.12
        case .edgeAway:
            // Off the open door, to its inner side (away from the hinge's side), still high.
            target = start - Self.opening(angle) * 0.15
        case .closeBack:
            target = start + Vector3(0, 0, 0.08) + Self.opening(angle) * 0.04
        case .rise:
            // Up and in from the resting arm, in front of the machine's face and clear of the
            // table's edge.
            target = Vector3(outsideX, sight.part.y, sight.part.z + 0.12)
        case .partAbove:
            target = sight.part + Vector3(0, 0, 0.12)
            wanted = .identity
        case .partDescend, .partGrip:
            target = sight.part
            wanted = .identity
        case .partLift: target = start + Vector3(0, 0, 0.12)
        case .backOff: target = Vector3(outside.x, start.y, outside.z)
        case .toOpening: target = outside
        case .overNest: target = carried
        case .placeLower: target = sight.nest + Vector3(0, 0, releaseHeight)
        case .withdraw: target = outside
        case .clearDoor:
            target = edgePoint(sight, angle: angle, radius: edgeRadius) + Vector3(0, 0, 0.1)
            wanted = edgeRotation(angle)
        case .homeForPart, .homeForDoor:
            interpolate = false
        }
        if interpolate {
            // A straight line from where the phase began, arriving at 70% of the phase.
            let progress = min(1, phaseTime / max(duration(phase) * 0.7, 1e-6))
            hand = start + (target - start) * progress
            rotation = Self.slerp(rotationStart, wanted, progress)
        } else {
            hand = target
            rotation = wanted
        }
        if phase == .homeForPart || phase == .homeForDoor {
            // Back to the nominal arm in joint space: a clean start for the next reach.
            let home = kinematics.coordinates(nominal)
            let progress = min(1, phaseTime / (duration(phase) * 0.8))
            for index in q.indices { q[index] = homeStart[index] + (home[index] - homeStart[index]) * progress }
            hand = kinematics.linkPoses(q: q, base: .identity)[graspFrame]?.position ?? hand
            rotation = .identity
        } else {
            // The waist is turned by script (towards the part while handling it, square to the
            // bench otherwise); the arm reaches from there.
            if let waist = kinematics.jointNames.firstIndex(of: "waist_yaw") {
                let wanted = partPhases.contains(phase) ? partWaist : 0
                q[waist] += min(max(wanted - q[waist], -maxWaistSpeed * dt), maxWaistSpeed * dt)
            }
            q = ik.solve(tasks: [
                IKTask(.position(link: graspFrame, point: .zero, position: hand), priority: 0),
                IKTask(.orientation(link: graspFrame, rotation: rotation), priority: 1, weight: 0.5),
            ], q0: q, base: .identity).q
        }
        // The servos are led at bounded joint speeds (the waist slower): swinging the arm or
        // the torso fast would turn the whole robot on its feet.
        for index in q.indices where armJoints.contains(kinematics.jointNames[index]) || kinematics.jointNames[index] == "waist_yaw" {
            let limit = (kinematics.jointNames[index] == "waist_yaw" ? maxWaistSpeed : maxJointSpeed) * dt
            command[index] += min(max(q[index] - command[index], -limit), limit)
        }

        let closed: Set<Phase> = [.openGrip, .pull, .edgeGrip, .swingOpen, .partGrip, .partLift, .backOff, .toOpening, .overNest,
                                  .placeLower, .shutEdgeGrip, .swingShut, .closeGrip, .push]
        var targets: [String: Double] = [:]
        for (index, name) in kinematics.jointNames.enumerated() where armJoints.contains(name) || name == "waist_yaw" {
            targets[name] = command[index]
        }
        for finger in fingerJoints { targets[finger] = closed.contains(phase) ? closedFinger : openFinger }
        return actionNames.map { name in (targets[name] ?? nominal[name] ?? 0) - (nominal[name] ?? 0) }
    }

    /// Phase changes: by time, and for pull and push by the door angle.
    private mutating func advance(_ sight: Sight) {
        switch phase {
        case .pull:
            if pullStart == nil { pullStart = (sight.handle, sight.doorAngle) }
            if let first = pullStart, sight.doorAngle - first.angle > 0.25 {
                hinge = Self.hinge(from: first, to: (sight.handle, sight.doorAngle)) ?? hinge
            }
            if sight.doorAngle >= ajar || phaseTime >= duration(.pull) { enter(.openRelease) }
        case .swingOpen:
            if sight.doorAngle >= openTarget || phaseTime >= duration(.swingOpen) { enter(.edgeRelease) }
        case .swingShut:
            if sight.doorAngle <= ajar || phaseTime >= duration(.swingShut) { enter(.shutEdgeRelease) }
        case .push:
            if sight.doorAngle <= shutTarget || phaseTime >= duration(.push) { enter(.closeRelease) }
        case .done:
            return
        default:
            if phaseTime >= duration(phase), let next = Phase(rawValue: phase.rawValue + 1) { enter(next) }
        }
    }

    /// Spherical interpolation between two orientations, t in 0…1.
    static func slerp(_ a: Quaternion, _ b: Quaternion, _ t: Double) -> Quaternion {
        var b = b
        var cosine = a.x * b.x + a.y * b.y + a.z * b.z + a.w * b.w
        if cosine < 0 {
            b = Quaternion(x: -b.x, y: -b.y, z: -b.z, w: -b.w)
            cosine = -cosine
        }
        let (wa, wb): (Double, Double)
        if cosine > 0.9995 {
            (wa, wb) = (1 - t, t)
        } else {
            let angle = acos(cosine)
            (wa, wb) = (sin((1 - t) * angle) / sin(angle), sin(t * angle) / sin(angle))
        }
        let q = Quaternion(x: wa * a.x + wb * b.x, y: wa * a.y + wb * b.y, z: wa * a.z + wb * b.z, w: wa * a.w + wb * b.w)
        return Quaternion(x: q.x / q.length, y: q.y / q.length, z: q.z / q.length, w: q.w / q.length)
    }
}
