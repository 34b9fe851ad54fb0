// MachineTendExpert: a scripted reference policy for machine tending — open a hinged door by
// its handle, put a part into the nest behind it, shut the door. It sees only what a robot
// could know: its own joint state (the finger's measured position) and, from the task's
// privileged observation (root frame), the part's position, the nest's resting spot, the door
// handle's position and the door's hinge angle. One arm does everything; its joints come from
// the shared ArmReach, its fingers from the shared GripperServo (closed until they stall on the
// handle, the door's edge or the part), and the part is moved by the shared GraspController.
//
// The door is worked through contact only. The hand grips the handle from above (tilted so its
// palm clears the door's face, turned with the door) and is led a little ahead of where the
// handle is seen along the handle's travel, so the door swings at the pace it follows; the
// hinge is found from the handle's arc, never assumed. Pulled ajar by the handle, the door is
// pushed open the rest of the way by the hand from behind (the hand goes round its free edge
// into the gap between the door and the cabinet and is led along the door's arc), and it
// stays open on its hinge's friction. The part goes in through the opening: out of the side
// table's corner, in front of the opening, in over the nest (GraspController waypoints). The
// hand then goes round the free edge to the door's outer face and pushes it shut.
//
// Phases: door (above the handle, down, grip, pull ajar, let go, out, past the free edge, round
// it, behind the door, push open, away), load (the grasp controller: above the part, down,
// grip, lift, waypoints, lower, let go, up), withdraw (back out in front of the opening), door
// again (past the free edge, round it, onto the outer face, push shut, away), done. A handle
// grip that closes on nothing or slips goes back to the phase above it.
import Foundation
import Physics
import Robot

public struct MachineTendExpert {
    public enum Phase: Int, CaseIterable, Sendable {
        case openAbove, openDescend, openGrip, pull, openRelease, openUp, pastEdge, roundEdge, behindDoor, pushOpen
        case pushedAway, toTable, load, withdraw, backPastEdge, backRoundEdge, onDoor, pushShut, shutAway, done
    }

    /// What the expert sees each control step (root frame; angle in rad, 0 = shut; the
    /// finger joint's measured position).
    public struct Sight: Sendable {
        public var part: Vector3
        public var nest: Vector3
        public var handle: Vector3
        public var doorAngle: Double
        public var finger: Double
        public init(part: Vector3, nest: Vector3, handle: Vector3, doorAngle: Double, finger: Double) {
            self.part = part
            self.nest = nest
            self.handle = handle
            self.doorAngle = doorAngle
            self.finger = finger
        }
    }

    let actionNames: [String]
    let nominal: [String: Double]

    /// Door angles (rad): pulled ajar by the handle to `ajar`, pushed open from behind to
    /// `openTarget`, pushed below `shutTarget`.
    public var ajar = 0.5
    public var openTarget = 0.8
    public var shutTarget = 0.015
    /// The door's width (m, from the machine's drawing): how far its free edge is from the hinge.
    public var doorWidth: Double
    /// The handle's centre from the hinge along the door (m): 5 cm in from the free edge.
    public var handleRadius: Double { doorWidth - 0.05 }
    /// Distances from the hinge (m) at which the hand pushes the door open (from behind) and
    /// shut (on its outer face, clear of the handle), and how far past the free edge it goes
    /// round it.
    public var pushOpenRadius = 0.2
    public var pushShutRadius = 0.12
    public var edgeClearance = 0.07
    /// The hand's centre from the door's mid-plane while pushing (m): the slab's half
    /// thickness, the palm's half depth and a little air.
    public var pushOffset = 0.045
    /// How far below the handle's centre (m) the hand pushes.
    public var pushBelowHandle = 0.1
    /// How far (rad) ahead of the door the pushing hand is led.
    public var pushLead = 0.1
    /// Tilt (rad) of the gripper off vertical, fingertips towards the door, so the palm clears it.
    public var handleTilt = 0.35
    /// Grasp point above the handle's centre, and out from it (m).
    public var handleGraspAbove = 0.025
    public var handleGraspOut = 0.006
    /// How far ahead of the seen handle the hand is led (m).
    public var lead = 0.025
    /// Where the part is carried along the cabinet's face: its centre this far in front of the
    /// shut handle's centre (m; the handle stands 2.5 cm out from the door's mid-plane, the
    /// cabinet's face 1.2 cm behind that, so a 5 cm part clears the face by 1.2 cm and the
    /// robot's chest by about as much), and the leg off the table ends `cornerLeg` (m) along −y
    /// from the part (past the cabinet's corner).
    public var frontClearance = 0.0
    public var cornerLeg = 0.13
    /// Seconds the fingers get to stall on the handle, and to settle there.
    public var gripTime = 0.8
    public var gripSettle = 0.15

    public private(set) var phase: Phase = .openAbove
    /// The part's pick and place (it owns the arm during `load`).
    public private(set) var grasp: GraspController
    /// The arm between picks, and the fingers on the door.
    private var arm: ArmReach
    private var gripper: GripperServo
    let fingerJoints: [String]
    private var phaseTime = 0.0
    private var stalledAt: Double?
    /// The commanded hand (grasp frame) position and orientation, root frame.
    private var hand: Vector3
    private var rotation = Quaternion.identity
    private var phaseStart: Vector3?
    private var rotationStart = Quaternion.identity
    /// The handle where it was first seen (the door shut), and where it was when the pull began.
    private var shutHandle: Vector3?
    private var pullStart: (handle: Vector3, angle: Double)?
    /// The hinge axis (root frame, x and y), found from the handle's arc while pulling.
    private var hinge: Vector3?

    /// `grasp` is the arm's grasp controller, tuned for the part (its arm and gripper also
    /// work the door); `doorWidth` (m) is from the machine's drawing.
    public init(grasp: GraspController, actionNames: [String], nominal: [String: Double], doorWidth: Double) {
        self.grasp = grasp
        arm = grasp.arm
        // Joint targets move at most 2.4 rad/s: a faster swing of the arm turns the whole
        // robot on its feet.
        arm.maxJointStep = 0.04
        // The handle and the door's slab are 2 cm across: the fingers (1.5 cm apart at their
        // stop) meet them 2.5 mm short of it, too near the stop for the part gripper to see the
        // stall. The door gripper is commanded up to 1 cm past the stop (the joint limit holds
        // the fingers), so a stall shows as a growing error, and holds nothing once the fingers
        // are at the stop.
        let part = grasp.gripper
        let past = part.closedPosition >= part.openPosition ? 0.01 : -0.01
        gripper = GripperServo(open: part.openPosition, closed: part.closedPosition + past)
        // Squeezed at the servo's effort limit the fingers sink about a millimetre into the
        // handle's contact (the stiff finger gear passes the load straight on), so the grip is
        // called empty only with the fingers at the stop (within 0.2 mm of it).
        gripper.emptyGap = 0.0102
        fingerJoints = grasp.fingerJoints
        self.actionNames = actionNames
        self.nominal = nominal
        self.doorWidth = doorWidth
        hand = grasp.arm.handPosition
    }

    /// Seconds a timed phase lasts; the grip ends on the fingers stalling, the pull and the
    /// pushes on the door angle, the load on the grasp controller (this is their limit).
    func duration(_ phase: Phase) -> Double {
        switch phase {
        case .openAbove: return 1.4
        case .openDescend: return 1.2
        case .openGrip: return gripTime
        case .pull: return 5
        case .openRelease: return 0.4
        case .openUp: return 0.5
        case .pastEdge, .backPastEdge: return 1.0
        case .roundEdge, .backRoundEdge: return 0.6
        case .behindDoor, .onDoor: return 0.8
        case .pushOpen, .pushShut: return 5
        case .pushedAway, .shutAway: return 0.6
        case .toTable: return 1.2
        case .load: return 30
        case .withdraw: return 1.0
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

    /// Where the grasp frame goes to grip the handle seen at `handle` on a door at `angle`:
    /// above its centre, and a little out from it so the tilted fingertips keep off the door.
    func handleGrasp(_ handle: Vector3, angle: Double) -> Vector3 {
        handle + Vector3(0, 0, handleGraspAbove) + Self.opening(angle) * handleGraspOut
    }

    /// The hinge axis now (root frame), before it is found from the handle's arc: from the
    /// handle seen now, the door angle and the handle's place on the door (the drawing: its
    /// centre `handleRadius` from the hinge along the door and 2.5 cm out from the slab's
    /// mid-plane). (The handle itself stood in for it before: 21 cm off.)
    func drawnHinge(_ sight: Sight) -> Vector3 {
        let rotation = Quaternion(axis: .unitZ, angle: sight.doorAngle)
        return sight.handle - rotation.rotate(Vector3(-0.025, handleRadius, 0))
    }

    /// A point by the door at `angle`: `radius` from the hinge along the door, `offset` out
    /// from its mid-plane (positive: the outer, handle side), at `height` (root frame).
    func doorPoint(_ sight: Sight, angle: Double, radius: Double, offset: Double, height: Double) -> Vector3 {
        let center = hinge ?? drawnHinge(sight)
        let along = Quaternion(axis: .unitZ, angle: angle).rotate(.unitY)
        return Vector3(center.x, center.y, height) + along * radius + Self.opening(angle) * offset
    }

    /// The hand pointing down, its fingers along the door at `angle` (the palm's face to it).
    func alongDoor(_ angle: Double) -> Quaternion { Quaternion(axis: .unitZ, angle: angle) }

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
        phase = next
        phaseTime = 0
        phaseStart = nil
        stalledAt = nil
    }

    /// Where the part is taken in: in front of the opening, at the carry height over the nest.
    func outside(_ sight: Sight) -> Vector3 {
        let doorPlaneX = (shutHandle ?? sight.handle).x
        return Vector3(doorPlaneX + frontClearance, sight.nest.y, sight.nest.z + grasp.liftHeight)
    }

    /// A one-line account of the expert's state, for tracing.
    public func trace(_ sight: Sight) -> String {
        String(format: "%@/%@ t=%.2f hand=(%.3f %.3f %.3f) part=(%.3f %.3f %.3f) handle=(%.3f %.3f %.3f) door=%.3f finger=%.4f %@",
               "\(phase)", "\(grasp.phase)", phaseTime, hand.x, hand.y, hand.z, sight.part.x, sight.part.y, sight.part.z,
               sight.handle.x, sight.handle.y, sight.handle.z, sight.doorAngle, sight.finger, "\(gripper.state)")
            + String(format: " ik=%.3f", (phase == .load ? grasp.arm : arm).lastError)
    }

    /// The next action (joint offsets from the nominal pose, in `actionNames` order).
    public mutating func act(_ sight: Sight, dt: Double) -> [Double] {
        if shutHandle == nil { shutHandle = sight.handle }
        phaseTime += dt
        advance(sight)
        var targets: [String: Double]
        if phase == .load {
            // Waypoints: straight back off the table, then in front of the opening; set from
            // where the part lies until it is gripped.
            if [.idle, .approach, .descend, .close].contains(grasp.phase) {
                // Diagonally off the table to in front of the cabinet's corner (not straight
                // back: in front of the robot's chest a part carried at x 0.12 m hits the torso,
                // whose front is at 0.10 m), then along the cabinet's face.
                let outside = outside(sight)
                grasp.carryWaypoints = [Vector3(outside.x, sight.part.y - cornerLeg, outside.z), outside]
            }
            targets = grasp.step(object: sight.part, place: sight.nest, finger: sight.finger, dt: dt)
            hand = grasp.handTarget
        } else {
            moveHand(sight, dt: dt)
            targets = arm.reach(hand, rotation: rotation)
            let finger = gripper.update(measured: sight.finger, dt: dt)
            for joint in fingerJoints { targets[joint] = finger }
        }
        return actionNames.map { name in (targets[name] ?? nominal[name] ?? 0) - (nominal[name] ?? 0) }
    }

    /// The hand's target for the door phases: a straight line from where the phase began,
    /// arriving at 70% of the phase, or led along the door's arc.
    private mutating func moveHand(_ sight: Sight, dt: Double) {
        if phaseStart == nil {
            phaseStart = hand
            rotationStart = rotation
        }
        let start = phaseStart ?? hand
        let angle = sight.doorAngle
        var target = hand
        var wanted = rotation
        var interpolate = true
        // The pushing hand works below the handle, in the door's lower half, where the arm
        // reaches with the hand upright.
        let pushHeight = sight.handle.z - pushBelowHandle
        let pastEdge = doorWidth + edgeClearance
        switch phase {
        case .openAbove:
            // In front of the handle and above it (the hand rises from its rest well in front
            // of the handle, not under it), then in and down onto it.
            target = handleGrasp(sight.handle, angle: angle) + Vector3(0, 0, 0.08) + Self.opening(angle) * 0.1
            wanted = handleRotation(angle)
        case .openDescend, .openGrip:
            target = handleGrasp(sight.handle, angle: angle)
            wanted = handleRotation(angle)
        case .pull:
            // Lead the hand ahead of the seen handle along its travel; turn with the door.
            target = handleGrasp(sight.handle, angle: angle) + Self.opening(angle) * lead
            wanted = handleRotation(angle + 0.05)
            interpolate = false
        case .openRelease, .done, .load:
            interpolate = false
        case .openUp:
            // Straight out off the handle's end, still turned as for the grip.
            target = start + Self.opening(angle) * 0.06
        case .pastEdge:
            // Down below the handle and along the door's outer face, past its free edge.
            target = doorPoint(sight, angle: angle, radius: pastEdge, offset: pushOffset + 0.04, height: pushHeight)
            wanted = alongDoor(angle)
        case .roundEdge:
            target = doorPoint(sight, angle: angle, radius: pastEdge, offset: -pushOffset - 0.02, height: pushHeight)
            wanted = alongDoor(angle)
        case .behindDoor:
            target = doorPoint(sight, angle: angle, radius: pushOpenRadius, offset: -pushOffset, height: pushHeight)
            wanted = alongDoor(angle)
        case .pushOpen:
            // Lead the hand along the door's arc ahead of it, no further than the open angle:
            // the door swings open before it and coasts a little past.
            let ahead = min(angle + pushLead, openTarget)
            target = doorPoint(sight, angle: ahead, radius: pushOpenRadius, offset: -pushOffset, height: pushHeight)
            wanted = alongDoor(ahead)
            interpolate = false
        case .pushedAway:
            target = start - Self.opening(angle) * 0.06
        case .toTable:
            // Straight in front of the part, clear of the cabinet's corner, hand down, high: the
            // approach to the part goes straight in from there.
            target = Vector3(outside(sight).x, sight.part.y, sight.part.z + 0.15)
            wanted = .identity
        case .withdraw:
            target = outside(sight)
            wanted = .identity
        case .backPastEdge:
            // Past the open door's free edge on its inner side, then round it to the outer side.
            target = doorPoint(sight, angle: angle, radius: pastEdge, offset: -pushOffset - 0.02, height: pushHeight)
            wanted = alongDoor(angle)
        case .backRoundEdge:
            target = doorPoint(sight, angle: angle, radius: pastEdge, offset: pushOffset + 0.02, height: pushHeight)
            wanted = alongDoor(angle)
        case .onDoor:
            target = doorPoint(sight, angle: angle, radius: pushShutRadius, offset: pushOffset, height: pushHeight)
            wanted = alongDoor(angle)
        case .pushShut:
            // Lead the hand along the arc ahead of the closing door, no further than shut.
            let ahead = max(angle - pushLead, -0.03)
            target = doorPoint(sight, angle: ahead, radius: pushShutRadius, offset: pushOffset, height: pushHeight)
            wanted = alongDoor(ahead)
            interpolate = false
        case .shutAway:
            target = start + Self.opening(angle) * 0.08 + Vector3(0, 0, 0.05)
        }
        if interpolate {
            let progress = min(1, phaseTime / max(duration(phase) * 0.7, 1e-6))
            hand = start + (target - start) * progress
            rotation = Self.slerp(rotationStart, wanted, progress)
        } else {
            hand = target
            rotation = wanted
        }
    }

    /// Phase changes: by time, by the fingers (the handle grip holds, or it slipped), by the
    /// door angle (pull, pushes) and by the grasp controller (load).
    private mutating func advance(_ sight: Sight) {
        switch phase {
        case .openGrip:
            // Close until the fingers stall on the handle, let them settle.
            if gripper.state == .open { gripper.close() }
            if gripper.isHolding {
                if stalledAt == nil { stalledAt = phaseTime }
                if let stalledAt, phaseTime - stalledAt >= gripSettle { enter(.pull) }
            } else if gripper.state == .empty || phaseTime >= duration(phase) {
                release(next: .openAbove)
            }
        case .pull:
            if gripper.state == .empty {
                // The grip slipped: open and reach for the handle again.
                release(next: .openAbove)
                return
            }
            if pullStart == nil { pullStart = (sight.handle, sight.doorAngle) }
            if let first = pullStart, sight.doorAngle - first.angle > 0.25 {
                hinge = Self.hinge(from: first, to: (sight.handle, sight.doorAngle)) ?? hinge
            }
            if sight.doorAngle >= ajar || phaseTime >= duration(.pull) { release(next: .openRelease) }
        case .pastEdge, .roundEdge, .behindDoor:
            // The door swung back towards shut (the hand brushed it): grip the handle again.
            if sight.doorAngle < ajar * 0.6 {
                enter(.openAbove)
            } else if phaseTime >= duration(phase), let next = Phase(rawValue: phase.rawValue + 1) {
                enter(next)
            }
        case .pushOpen:
            if sight.doorAngle >= openTarget - 0.05 || phaseTime >= duration(.pushOpen) { enter(.pushedAway) }
        case .pushShut:
            if sight.doorAngle <= shutTarget || phaseTime >= duration(.pushShut) { enter(.shutAway) }
        case .toTable:
            if phaseTime >= duration(phase) {
                grasp.adopt(arm: arm)
                grasp.start()
                enter(.load)
            }
        case .load:
            if grasp.phase == .done {
                arm = grasp.arm
                hand = grasp.handTarget
                rotation = grasp.handRotation
                enter(.withdraw)
            } else if grasp.phase == .failed {
                grasp.start()
            }
        case .done:
            return
        default:
            if phaseTime >= duration(phase), let next = Phase(rawValue: phase.rawValue + 1) { enter(next) }
        }
    }

    /// Opens the fingers and moves on.
    private mutating func release(next: Phase) {
        gripper.open()
        enter(next)
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
