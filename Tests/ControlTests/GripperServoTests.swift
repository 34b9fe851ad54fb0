// GripperServo: closes until the fingers stall (not to a fixed width), squeezes past the
// contact, and reports fingers that close on nothing or close up after losing the object.
import XCTest
@testable import Control

final class GripperServoTests: XCTestCase {
    let dt = 1.0 / 60

    /// Drives the servo with fingers that follow the command with a lag of `lag` control
    /// steps until they meet an object at `stop` (nil: nothing there).
    private func close(_ servo: inout GripperServo, stop: Double?, steps: Int, lag: Int = 2) -> [Double] {
        var commands = [servo.openPosition]
        var measured = servo.openPosition
        servo.close()
        for _ in 0..<steps {
            commands.append(servo.update(measured: measured, dt: dt))
            measured = commands[max(0, commands.count - 1 - lag)]
            if let stop { measured = max(measured, stop) }
        }
        return commands
    }

    func testClosesUntilTheFingersStallThenSqueezes() {
        var servo = GripperServo(open: 0.035, closed: 0)
        let commands = close(&servo, stop: 0.025, steps: 30)
        XCTAssertEqual(servo.state, .holding)
        XCTAssertEqual(servo.contactPosition ?? -1, 0.025, accuracy: 1e-9, "contact where the fingers stalled")
        // Held past the contact by the squeeze, not at the closed stop.
        XCTAssertEqual(commands.last ?? -1, 0.025 - servo.squeeze, accuracy: 1e-9)
        XCTAssertGreaterThan(commands.last ?? 0, servo.closedPosition)
    }

    func testFreeFingersThatLagTheRampAreNoContact() {
        var servo = GripperServo(open: 0.035, closed: 0)
        // Before reaching the stop, free fingers two steps behind the ramp never count as contact.
        _ = close(&servo, stop: nil, steps: 12)
        XCTAssertEqual(servo.state, .closing)
    }

    func testClosingOnNothingIsEmpty() {
        var servo = GripperServo(open: 0.035, closed: 0)
        _ = close(&servo, stop: nil, steps: 60)
        XCTAssertEqual(servo.state, .empty)
        XCTAssertFalse(servo.isHolding)
    }

    func testFingersClosingUpAfterContactMeanTheObjectIsGone() {
        var servo = GripperServo(open: 0.035, closed: 0)
        _ = close(&servo, stop: 0.025, steps: 30)
        XCTAssertTrue(servo.isHolding)
        _ = servo.update(measured: 0.024, dt: dt)
        XCTAssertTrue(servo.isHolding, "a millimetre of give is no slip")
        _ = servo.update(measured: 0.001, dt: dt)
        XCTAssertEqual(servo.state, .empty)
        servo.open()
        XCTAssertEqual(servo.update(measured: 0.001, dt: dt), 0.035)
    }

    func testGripperWhoseClosedEndIsTheUpperLimit() {
        var servo = GripperServo(open: 0, closed: 0.8)
        servo.closingSpeed = 2
        servo.contactError = 0.1
        servo.squeeze = 0.2
        servo.emptyGap = 0.05
        _ = close(&servo, stop: nil, steps: 0)
        var measured = 0.0
        for _ in 0..<40 {
            let command = servo.update(measured: measured, dt: dt)
            measured = min(command, 0.5)
        }
        XCTAssertEqual(servo.state, .holding)
        XCTAssertEqual(servo.contactPosition ?? -1, 0.5, accuracy: 1e-9)
    }
}
