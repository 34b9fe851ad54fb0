// GraspController: one arm picks an object up and sets it down somewhere else, through
// contact only. Phases: approach (above the object), descend, close (GripperServo: until the
// fingers stall on the object, not to a fixed width), lift, carry (above the place point),
// lower, release, retract. A grasp that closes on nothing, or an object that slips out or
// does not rise with the hand, sends the arm back to approach (up to `maxAttempts`).
//
// Inputs each control step are what a robot knows: the object's position (and velocity, for
// objects on a conveyor) from perception, the place point, and the finger joint's measured
// position. Positions are in the robot's root frame (the frame of task observations and of
// ArmReach). Outputs are joint position targets by name: the arm's joints and the fingers.
//
// The carry may pass through `carryWaypoints` (hand positions, root frame) before it goes over
// the place point, e.g. out of a table's corner and in through a machine's opening; each leg
// takes `timing.carry`.
//
// A moving object is intercepted: while approaching, descending and closing, the hand aims
// at where the object will be when the phase's motion ends (position + velocity × time
// left), plus `trackingLead` seconds for the servos' lag.
import Foundation
import Physics

public struct GraspController: Sendable {
    public enum Phase: Int, CaseIterable, Sendable {
        case idle, approach, descend, close, lift, carry, lower, release, retract, done, failed
    }

    /// Phase durations (s). `close` is the longest the fingers may take to find the object;
    /// the phase ends `settle` seconds after they stall on it.
    public struct Timing: Sendable {
        public var approach = 1.4
        public var descend = 0.8
        public var close = 0.8
        public var settle = 0.2
        public var lift = 0.8
        public var carry = 1.6
        public var lower = 0.8
        public var release = 0.5
        public var retract = 0.8
        /// Fraction of a moving phase by which the hand reaches its target (the rest settles).
        public var arrival = 0.7
        public init() {}
    }

    public var timing = Timing()
    /// Height (m) of the grasp frame above the grasp point when approaching.
    public var approachHeight = 0.12
    /// Height (m) above the grasp point the object is lifted to, and carried at above the place point.
    public var liftHeight = 0.18
    /// Height (m) of the object's centre above the place point when it is let go.
    public var releaseHeight = 0.03
    /// Grasp frame position relative to the object's centre (m, root axes).
    public var graspOffset = Vector3.zero
    /// Hand (grasp frame) orientation in the root frame.
    public var handRotation = Quaternion.identity
    /// Seconds the aim at a moving object leads its predicted position (servo lag).
    public var trackingLead = 0.05
    /// Rise (m) the object must show by the end of the lift, else the grasp is retried.
    public var minimumRise = 0.05
    public var maxAttempts = 3
    /// Largest hand speed (m/s) while idle (moving to `restPosition`).
    public var idleSpeed = 0.6
    /// Where the hand waits while idle (nil: where it is).
    public var restPosition: Vector3?
    /// Hand (grasp frame) positions the carry passes through, in order, before the place point
    /// (root frame); each leg takes `timing.carry`.
    public var carryWaypoints: [Vector3] = []

    public private(set) var arm: ArmReach
    public private(set) var gripper: GripperServo
    public let fingerJoints: [String]
    public private(set) var phase: Phase = .idle
    /// Grasp attempts in the current pick (1 after the first close).
    public private(set) var attempts = 0

    private var phaseTime = 0.0
    /// The hand's commanded position minus the phase's target when the phase began.
    private var startOffset: Vector3?
    private var handCommand: Vector3
    private var objectAtGrasp: Vector3?
    private var graspPoint: Vector3?
    private var liftedHand: Vector3?
    private var stalledAt: Double?
    /// The carry's current leg: an index into `carryWaypoints`, or their count for the last leg.
    private var carryLeg = 0
    /// The aim when the close began and the object's velocity then: the fingers follow it
    /// open-loop, so an object they nudge does not drag the hand after it.
    private var flatVelocity = Vector3.zero
    private var closeAim: (point: Vector3, velocity: Vector3)?

    public init(arm: ArmReach, fingerJoints: [String], gripper: GripperServo) {
        self.arm = arm
        self.fingerJoints = fingerJoints
        self.gripper = gripper
        handCommand = arm.handPosition
    }

    /// Begins a pick-and-place from wherever the hand is.
    public mutating func start() {
        attempts = 0
        gripper.open()
        enter(.approach)
    }

    /// Takes over `arm` as it was left by other work (its joint targets and warm start): the
    /// next pick starts from its hand.
    public mutating func adopt(arm: ArmReach) {
        self.arm = arm
        handCommand = arm.handPosition
    }

    /// Stops the current pick (opening the fingers) and waits.
    public mutating func stop() {
        gripper.open()
        enter(.idle)
    }

    /// Whether the controller is between picks (never started, done, or given up).
    public var isIdle: Bool { phase == .idle || phase == .done || phase == .failed }
    /// Whether the object is in the hand (from lift until release).
    public var isCarrying: Bool { [.lift, .carry, .lower].contains(phase) && gripper.isHolding }
    /// Where the hand is commanded now (root frame).
    public var handTarget: Vector3 { handCommand }
    /// Seconds spent in the current phase.
    public var timeInPhase: Double { phaseTime }

    private mutating func enter(_ next: Phase) {
        phase = next
        phaseTime = 0
        startOffset = nil
        stalledAt = nil
        if next == .close { closeAim = nil }
        if next == .carry { carryLeg = 0 }
    }

    /// Duration of a timed phase (s); the close phase ends on contact instead.
    private func duration(_ phase: Phase) -> Double {
        switch phase {
        case .approach: return timing.approach
        case .descend: return timing.descend
        case .close: return timing.close
        case .lift: return timing.lift
        case .carry: return timing.carry
        case .lower: return timing.lower
        case .release: return timing.release
        case .retract: return timing.retract
        case .idle, .done, .failed: return .infinity
        }
    }

    /// Joint targets (arm joints and fingers) for this control step.
    /// - Parameters:
    ///   - object: the object's centre (root frame, m); `objectVelocity` its velocity (m/s).
    ///   - place: where the object's centre should come to rest (root frame).
    ///   - finger: the measured position of the gripper's (first) finger joint.
    ///   - dt: the control period (s).
    public mutating func step(object: Vector3, objectVelocity: Vector3 = .zero, place: Vector3, finger: Double,
                              dt: Double) -> [String: Double] {
        phaseTime += dt
        flatVelocity = Vector3(objectVelocity.x, objectVelocity.y, 0)
        advance(object: object, finger: finger, dt: dt)
        let target = phaseTarget(object: object, velocity: objectVelocity, place: place)
        if phase == .idle || phase == .done || phase == .failed {
            // Move toward the rest point (or stay) at a bounded speed, rising to its height
            // first when below it (so the hand does not sweep through the work surface).
            var goal = phase == .idle ? (restPosition ?? handCommand) : handCommand
            if goal.z - handCommand.z > 0.02 { goal = Vector3(handCommand.x, handCommand.y, goal.z) }
            let step = goal - handCommand
            let largest = idleSpeed * dt
            handCommand = step.length > largest ? handCommand + step.normalized * largest : goal
        } else {
            if startOffset == nil { startOffset = handCommand - target }
            let progress = min(1, phaseTime / max(duration(phase) * timing.arrival, 1e-6))
            handCommand = target + (startOffset ?? .zero) * (1 - (phase == .close ? 1 : progress))
        }
        var targets = arm.reach(handCommand, rotation: handRotation)
        let fingerTarget = gripper.update(measured: finger, dt: dt)
        for joint in fingerJoints { targets[joint] = fingerTarget }
        return targets
    }

    /// Phase changes: by time, by the gripper's verdict, or by the object not following.
    private mutating func advance(object: Vector3, finger: Double, dt: Double) {
        switch phase {
        case .idle, .done, .failed:
            return
        case .close:
            if gripper.state == .open {
                gripper.close()
                closeAim = (object + flatVelocity * trackingLead + graspOffset, flatVelocity)
            }
            if gripper.isHolding {
                if stalledAt == nil { stalledAt = phaseTime }
                if let stalledAt, phaseTime - stalledAt >= timing.settle {
                    objectAtGrasp = object
                    graspPoint = handCommand
                    enter(.lift)
                }
            } else if gripper.state == .empty || phaseTime >= timing.close {
                retry()
            }
        case .lift, .carry, .lower:
            if gripper.state == .empty {
                retry()
            } else if phaseTime >= duration(phase) {
                if phase == .carry && carryLeg < carryWaypoints.count {
                    // On to the next leg, from where the hand is.
                    carryLeg += 1
                    phaseTime = 0
                    startOffset = nil
                } else if phase == .lift, let start = objectAtGrasp, object.z - start.z < minimumRise {
                    retry()
                } else {
                    enter(Phase(rawValue: phase.rawValue + 1) ?? .done)
                }
            }
        case .release:
            gripper.open()
            if phaseTime >= duration(phase) { enter(.retract) }
        case .approach, .descend, .retract:
            if phaseTime >= duration(phase) { enter(Phase(rawValue: phase.rawValue + 1) ?? .done) }
        }
    }

    /// Opens the fingers and approaches again, or gives up after `maxAttempts`.
    private mutating func retry() {
        attempts += 1
        gripper.open()
        enter(attempts >= maxAttempts ? .failed : .approach)
    }

    /// Where the hand should be at the end of the current phase's motion.
    private func phaseTarget(object: Vector3, velocity: Vector3, place: Vector3) -> Vector3 {
        let timeLeft = max(0, duration(phase) * timing.arrival - phaseTime)
        let flat = Vector3(velocity.x, velocity.y, 0)
        let up = Vector3(0, 0, 1)
        switch phase {
        case .approach:
            return object + flat * (timeLeft + timing.descend * timing.arrival + trackingLead) + graspOffset
                + up * approachHeight
        case .descend:
            return object + flat * (timeLeft + trackingLead) + graspOffset
        case .close:
            guard let aim = closeAim else { return object + flat * trackingLead + graspOffset }
            return aim.point + aim.velocity * phaseTime
        case .lift:
            return (graspPoint ?? handCommand) + up * liftHeight
        case .carry:
            if carryLeg < carryWaypoints.count { return carryWaypoints[carryLeg] }
            return place + graspOffset + up * liftHeight
        case .lower, .release:
            return place + graspOffset + up * releaseHeight
        case .retract:
            return place + graspOffset + up * liftHeight
        case .idle, .done, .failed:
            return handCommand
        }
    }
}
