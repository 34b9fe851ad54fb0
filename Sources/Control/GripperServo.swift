// GripperServo: closes a parallel gripper until its fingers meet resistance, then squeezes.
// It knows only what a real gripper's controller knows: the finger joint's commanded and
// measured positions. A position servo's effort grows with its position error; while the
// fingers close freely they follow the commanded ramp closely, and when they stall on an
// object the error grows until the servo pushes at its effort limit. An error beyond
// `contactError` is contact. The servo then holds a target `squeeze` past the contact
// position (so the joint keeps pushing at its effort limit) and watches for slip: fingers
// that close to within `emptyGap` of the closed stop hold nothing any more. (Watching the
// contact position itself is too jumpy: the follower finger is geared to the driven one
// with some give, so the driven finger shifts by millimetres as the load changes.) Fingers
// that reach the closed stop without ever stalling found nothing.
import Foundation

public struct GripperServo: Sendable {
    public enum State: Sendable, Equatable {
        /// Open (or opening).
        case open
        /// Ramping closed, no resistance yet.
        case closing
        /// Stalled on an object: squeezing it.
        case holding
        /// Closed on nothing (the object was missed or slipped out).
        case empty
    }

    /// Finger joint position (m or rad) when open and when fully closed.
    public let openPosition: Double
    public let closedPosition: Double
    /// How fast the commanded position ramps closed (joint units per second). Free fingers
    /// lag the ramp by about speed × (latency + servo time constant): ~4 mm here.
    public var closingSpeed = 0.1
    /// Position error (commanded − measured, toward closed) that counts as contact.
    public var contactError = 0.008
    /// How far past the contact position the servo is commanded while holding.
    public var squeeze = 0.01
    /// Distance from the closed stop (joint units) within which the fingers hold nothing.
    public var emptyGap = 0.004
    /// Consecutive control steps the error must exceed `contactError` to count as contact
    /// (rejects one-step sensor noise).
    public var contactSteps = 2
    /// Control steps after contact during which the contact position follows the fingers
    /// (an object turning into the jaws settles), before slip is watched.
    public var settleSteps = 8

    public private(set) var state: State = .open
    /// Where the fingers stalled (joint units), once holding.
    public private(set) var contactPosition: Double?
    private var command: Double
    private var stalledSteps = 0
    private var holdingSteps = 0

    public init(open: Double, closed: Double) {
        openPosition = open
        closedPosition = closed
        command = open
    }

    /// +1 when closing increases the joint position, −1 when it decreases it.
    private var closingSign: Double { closedPosition >= openPosition ? 1 : -1 }

    /// Starts closing from wherever the fingers are (no effect while closing or holding).
    public mutating func close() {
        guard state == .open || state == .empty else { return }
        state = .closing
        stalledSteps = 0
        contactPosition = nil
    }

    /// Opens the fingers and forgets the object.
    public mutating func open() {
        state = .open
        contactPosition = nil
        stalledSteps = 0
        command = openPosition
    }

    /// Whether the fingers squeeze an object now.
    public var isHolding: Bool { state == .holding }

    /// The commanded finger position for this control step, given the measured one and the
    /// control period `dt` (s).
    public mutating func update(measured: Double, dt: Double) -> Double {
        let sign = closingSign
        switch state {
        case .open:
            command = openPosition
        case .closing:
            // Ramp the command toward the closed stop.
            command += sign * closingSpeed * dt
            if (command - closedPosition) * sign > 0 { command = closedPosition }
            let error = (command - measured) * sign
            stalledSteps = error > contactError ? stalledSteps + 1 : 0
            if stalledSteps >= contactSteps {
                state = .holding
                holdingSteps = 0
                contactPosition = measured
                command = measured + sign * squeeze
            } else if command == closedPosition && abs(measured - closedPosition) < emptyGap {
                state = .empty
            }
        case .holding:
            holdingSteps += 1
            if holdingSteps <= settleSteps { contactPosition = measured }
            guard let contact = contactPosition else { state = .empty; break }
            command = contact + sign * squeeze
            if abs(measured - closedPosition) < emptyGap { state = .empty }
        case .empty:
            command = closedPosition
        }
        return command
    }
}
