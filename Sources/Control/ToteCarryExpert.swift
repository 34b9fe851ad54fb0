// ToteCarryExpert: a scripted reference policy for carrying a handled tote with both hands
// from one surface to another by turning at the waist, the feet planted. It sees only what a
// robot could know: its own measured joint positions and, from the task's privileged
// observation (root frame), the tote's centre, its two handles and the spot where the tote's
// centre should come to rest.
//
// The grasp is a squeeze on each end of the tote: the gripper points down, its fingers
// straddle the end wall and the handle ledge (one finger inside the tote against the wall,
// the other against the ledge's outer face) and close across them. Everything is moved by
// contact: the fingers squeeze, the arms lift; nothing is attached.
//
// Phases: raise the hands in front of the chest (clear of whatever stands beside the robot),
// turn the waist towards the tote (the hands ride with the torso), above the grips, down, close
// both grippers (until both stall), lift, draw the tote in towards the chest, turn the waist
// towards the goal (the hands ride with the torso), out over the goal, down, open, up, done.
// A grasp that closes on nothing is retried from above (up to `maxAttempts`).
import Foundation
import Physics
import Robot

public struct ToteCarryExpert {
    public enum Phase: Int, CaseIterable, Sendable {
        case raise, turnToTote, above, descend, close, lift, drawIn, turn, extend, lower, release, retract, done, failed
    }

    /// What the expert sees each control step (root frame, m).
    public struct Sight: Sendable {
        public var tote: Vector3
        /// The two handle centres (either order).
        public var handles: (Vector3, Vector3)
        /// Where the tote's centre should come to rest.
        public var goal: Vector3
        public init(tote: Vector3, handles: (Vector3, Vector3), goal: Vector3) {
            self.tote = tote
            self.handles = handles
            self.goal = goal
        }
    }

    /// The grip on each end, from the handle centre: inwards along the tote (m; the middle
    /// between the handle ledge's outer face and the end wall's inner face) and down (m; the
    /// fingertips just below the ledge).
    public var gripInward = 0.006
    public var gripDown = 0.015
    /// Height (m) of the hands above the grips before descending.
    public var aboveHeight = 0.14
    /// How far the tote is lifted off its surface (m).
    public var liftHeight = 0.12
    /// Distance (m) from the waist axis the tote's centre is drawn in to while turning.
    public var carryRadius = 0.32
    /// Height (m) above its resting spot the tote's centre is let go at.
    public var releaseHeight = 0.008
    /// Height (m) the hands rise after letting go.
    public var retractHeight = 0.1
    /// The hands' waypoint in front of the chest, before the first waist turn (root frame).
    public var raisedReach = 0.22
    public var raisedHeight = 0.38
    public var raisedWidth = 0.12
    /// Farthest (m) from the waist axis the tote's centre is set down (along the goal's
    /// bearing): the goal spot itself when nearer.
    public var placeRadius = 0.53
    /// Tilt (rad) of the hands about the closing axis, fingertips forward: the wrists stay
    /// nearer the shoulders than with the fingers straight down.
    public var handPitch = 0.6
    public var maxAttempts = 3
    /// How far past the stall position the fingers are commanded while holding (joint units;
    /// GripperServo's default is 0.01): a firmer squeeze for a tote held by friction alone.
    public var squeeze = 0.03 {
        didSet { for index in grippers.indices { grippers[index].squeeze = squeeze } }
    }
    /// Scales every phase's speed (durations are divided by it). The arms lag and sag by
    /// centimetres when moved faster: the hands then catch the tote's rim on the way in.
    public var speed = 1.0
    /// Sag correction: the hands' commands are offset by the integral of (commanded −
    /// measured hand position) × `sagGain` (1/s), at most `maxSag` (m). The arm servos give
    /// under the arms' weight and the tote's; the measured hands come from the measured
    /// joint positions through the robot's kinematics.
    public var sagGain = 2.0
    public var maxSag = 0.06

    let kinematics: KinematicModel
    var arms: [ArmReach]
    var grippers: [GripperServo]
    let fingerJoints: [[String]]
    let actionNames: [String]
    let nominal: [String: Double]

    public private(set) var phase: Phase = .raise
    public private(set) var attempts = 0
    private var phaseTime = 0.0
    /// Commanded hand positions (left, right) and waist angle.
    private var hands: [Vector3]
    private var waist = 0.0
    private var handYaw = 0.0
    /// Values at the phase start.
    private var startHands: [Vector3] = []
    private var startWaist = 0.0
    private var startYaw = 0.0
    /// Phase goals fixed at the phase start.
    private var goalHands: [Vector3] = []
    private var goalWaist = 0.0
    private var goalYaw = 0.0
    private var bothHolding = 0.0
    /// The sag correction of each hand, and the measured hand positions.
    private var sag: [Vector3] = [.zero, .zero]
    private var measured: [Vector3] = [.zero, .zero]
    private var fingerTrace: [Double] = [0, 0]

    /// Per gripper, left then right: its grasp frame, finger joints, and open and closed
    /// finger positions.
    public init(model: RobotModel, actionNames: [String], nominal: [String: Double],
                graspFrames: [String], fingerJoints: [[String]], open: [Double], closed: [Double]) {
        kinematics = KinematicModel(model: model)
        arms = zip(["left", "right"], graspFrames).map { side, frame in
            var arm = ArmReach(kinematics: KinematicModel(model: model), nominal: nominal, arm: side, handFrame: frame,
                               useWaist: false)
            arm.maxJointStep = 0.05
            return arm
        }
        grippers = zip(open, closed).map { GripperServo(open: $0, closed: $1) }
        for index in grippers.indices { grippers[index].squeeze = squeeze }
        self.fingerJoints = fingerJoints
        self.actionNames = actionNames
        self.nominal = nominal
        hands = arms.map(\.handPosition)
    }

    /// Seconds a phase lasts (the close phase ends when both grippers hold; this is its limit).
    func duration(_ phase: Phase) -> Double { baseDuration(phase) / speed }

    func baseDuration(_ phase: Phase) -> Double {
        switch phase {
        case .raise: return 1.9
        case .turnToTote: return 2.1
        case .above: return 1.9
        case .descend: return 1.3
        case .close: return 2.7
        case .lift: return 1.6
        case .drawIn: return 1.3
        case .turn: return 4.0
        case .extend: return 1.6
        case .lower: return 1.6
        case .release: return 0.8
        case .retract: return 1.3
        case .done, .failed: return .infinity
        }
    }

    /// Rotation of the torso frame in the root frame at waist angle `angle`.
    static func turn(_ point: Vector3, by angle: Double) -> Vector3 {
        Quaternion(axis: .unitZ, angle: angle).rotate(point)
    }

    /// The left and right handles (by the side of the tote they are on, seen from the robot).
    static func sides(_ sight: Sight) -> (left: Vector3, right: Vector3) {
        let (a, b) = sight.handles
        // Left of the line of sight from the waist axis to the tote: positive cross product.
        let cross = sight.tote.x * (a.y - sight.tote.y) - sight.tote.y * (a.x - sight.tote.x)
        return cross >= 0 ? (a, b) : (b, a)
    }

    /// Where each hand grips (left, right) for the tote seen now.
    func grips(_ sight: Sight) -> [Vector3] {
        let (left, right) = Self.sides(sight)
        return [left, right].map { handle in
            var inward = sight.tote - handle
            inward.z = 0
            let length = max(inward.length, 1e-6)
            return handle + inward * (gripInward / length) - Vector3(0, 0, gripDown)
        }
    }

    /// Yaw (rad) of the hands' frame whose y axis (the fingers' closing direction) runs from
    /// the right handle to the left one.
    static func gripYaw(_ sight: Sight) -> Double {
        let (left, right) = sides(sight)
        return atan2(left.y - right.y, left.x - right.x) - Double.pi / 2
    }

    private mutating func enter(_ next: Phase, _ sight: Sight) {
        phase = next
        phaseTime = 0
        startHands = hands
        startWaist = waist
        startYaw = handYaw
        goalHands = hands
        goalWaist = waist
        goalYaw = handYaw
        bothHolding = 0
        let up = Vector3(0, 0, 1)
        switch next {
        case .turnToTote:
            goalWaist = atan2(sight.tote.y, sight.tote.x)
            goalHands = hands.map { Self.turn($0, by: goalWaist - waist) }
            goalYaw = handYaw + goalWaist - waist
        case .raise:
            goalHands = [1.0, -1.0].map { side in
                Self.turn(Vector3(raisedReach, side * raisedWidth, raisedHeight), by: waist)
            }
            goalYaw = waist
        case .above:
            goalHands = grips(sight).map { $0 + up * aboveHeight }
            goalYaw = Self.gripYaw(sight)
        case .descend:
            goalHands = grips(sight)
            goalYaw = Self.gripYaw(sight)
        case .close:
            for index in grippers.indices { grippers[index].close() }
        case .lift:
            goalHands = hands.map { $0 + up * liftHeight }
        case .drawIn:
            // Straight back along the line of sight, to `carryRadius` from the waist axis.
            let flat = Vector3(sight.tote.x, sight.tote.y, 0)
            let distance = flat.length
            let back = flat * ((carryRadius - distance) / max(distance, 1e-6))
            goalHands = hands.map { $0 + back }
        case .turn:
            goalWaist = max(-1.45, min(1.45, atan2(sight.goal.y, sight.goal.x)))
            goalHands = hands.map { Self.turn($0, by: goalWaist - waist) }
            goalYaw = handYaw + goalWaist - waist
        case .extend:
            var spot = Vector3(sight.goal.x, sight.goal.y, 0)
            if spot.length > placeRadius { spot = spot * (placeRadius / spot.length) }
            let shift = Vector3(spot.x - sight.tote.x, spot.y - sight.tote.y, 0)
            goalHands = hands.map { $0 + shift }
        case .lower:
            let drop = sight.tote.z - (sight.goal.z + releaseHeight)
            goalHands = hands.map { $0 - up * drop }
        case .release:
            for index in grippers.indices { grippers[index].open() }
        case .retract:
            goalHands = hands.map { $0 + up * retractHeight }
        case .done, .failed:
            break
        }
    }

    /// Phase changes: by time, the close by the grippers' verdict.
    private mutating func advance(_ sight: Sight, dt: Double) {
        switch phase {
        case .done, .failed:
            return
        case .close:
            if grippers.allSatisfy(\.isHolding) {
                bothHolding += dt
                if bothHolding >= 0.3 { enter(.lift, sight) }
            } else if grippers.contains(where: { $0.state == .empty }) || phaseTime >= duration(.close) {
                attempts += 1
                for index in grippers.indices { grippers[index].open() }
                enter(attempts >= maxAttempts ? .failed : .above, sight)
            }
        case .lift, .drawIn, .turn, .extend, .lower:
            if grippers.contains(where: { $0.state == .empty }) {
                // The tote slipped out: open and try again from above it.
                attempts += 1
                for index in grippers.indices { grippers[index].open() }
                enter(attempts >= maxAttempts ? .failed : .above, sight)
            } else if phaseTime >= duration(phase) {
                enter(Phase(rawValue: phase.rawValue + 1) ?? .done, sight)
            }
        default:
            if phaseTime >= duration(phase) { enter(Phase(rawValue: phase.rawValue + 1) ?? .done, sight) }
        }
    }

    /// A one-line account of the expert's state, for tracing.
    public func trace(_ sight: Sight) -> String {
        String(format: "%@ t=%.2f waist=%.2f L=(%.3f %.3f %.3f) R=(%.3f %.3f %.3f) tote=(%.3f %.3f %.3f) err=%.3f,%.3f",
               "\(phase)", phaseTime, waist, hands[0].x, hands[0].y, hands[0].z, hands[1].x, hands[1].y, hands[1].z,
               sight.tote.x, sight.tote.y, sight.tote.z, arms[0].lastError, arms[1].lastError)
            + String(format: " mL=(%.3f %.3f %.3f) mR=(%.3f %.3f %.3f) sag=%.3f,%.3f", measured[0].x, measured[0].y, measured[0].z,
                     measured[1].x, measured[1].y, measured[1].z, sag[0].length, sag[1].length)
            + " grip=\(grippers.map { "\($0.state)" }) fingers=\(fingerTrace.map { String(format: "%.4f", $0) })"
    }

    /// The next action (joint offsets from the nominal pose, in `actionNames` order), given
    /// the sight and the measured joint positions by name (fingers included).
    public mutating func act(_ sight: Sight, joints: [String: Double], dt: Double) -> [Double] {
        if phaseTime == 0 && startHands.isEmpty { enter(.raise, sight) }
        let poses = kinematics.linkPoses(q: kinematics.coordinates(nominal.merging(joints) { $1 }), base: .identity)
        for index in arms.indices {
            measured[index] = poses[arms[index].handFrame]?.position ?? hands[index]
            if phase.rawValue >= Phase.lift.rawValue && phase.rawValue <= Phase.lower.rawValue {
                var next = sag[index] + (hands[index] - measured[index]) * (sagGain * dt)
                if next.length > maxSag { next = next * (maxSag / next.length) }
                sag[index] = next
            }
        }
        phaseTime += dt
        advance(sight, dt: dt)
        // Smooth progress along the phase's motion, arriving at 75 % of the phase.
        let s = smoothstep(phaseTime / max(duration(phase) * 0.75, 1e-6))
        if phase == .turn || phase == .turnToTote {
            // Hands ride with the torso: rotate the start positions by the waist's progress.
            waist = startWaist + (goalWaist - startWaist) * s
            hands = startHands.map { Self.turn($0, by: waist - startWaist) }
            handYaw = startYaw + (goalYaw - startYaw) * s
        } else if phase != .done && phase != .failed {
            for index in hands.indices { hands[index] = startHands[index] + (goalHands[index] - startHands[index]) * s }
            handYaw = startYaw + (goalYaw - startYaw) * s
        }
        var targets: [String: Double] = [:]
        let pitch = phase == .raise ? handPitch * s : handPitch
        let rotation = Quaternion(axis: .unitZ, angle: handYaw) * Quaternion(axis: .unitY, angle: -pitch)
        for index in arms.indices {
            arms[index].setCoordinates(["waist_yaw": waist])
            targets.merge(arms[index].reach(hands[index] + sag[index], rotation: rotation)) { $1 }
            fingerTrace[index] = joints[fingerJoints[index].first ?? ""] ?? 0
            let finger = grippers[index].update(measured: fingerTrace[index], dt: dt)
            for joint in fingerJoints[index] { targets[joint] = finger }
        }
        targets["waist_yaw"] = waist
        return actionNames.map { name in (targets[name] ?? nominal[name] ?? 0) - (nominal[name] ?? 0) }
    }
}
