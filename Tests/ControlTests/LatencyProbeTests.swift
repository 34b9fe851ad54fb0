// LatencyProbe: the actuation delay timed from the probed joint's readings (a servo model
// here that answers a target after a set number of control periods), the joint it picks on
// the project's humanoid, and the stepping controller running its delayed settings once it
// has measured a delay.
import XCTest
import Physics
import Robot
@testable import Control

final class LatencyProbeTests: XCTestCase {
    /// A joint servo that moves 60% of the way to the target it received `delay` periods
    /// ago in each period, read with a sensor offset that alternates by 0.001 (the scenes'
    /// sensor noise).
    func measure(delay: Int, gain: Double = 0.6, amplitude: Double = 0.05) -> LatencyProbe {
        var probe = LatencyProbe(joint: "wrist", amplitude: amplitude, startPeriod: 5)
        var sent: [Double] = []
        var position = 0.2
        for period in 0..<20 where !probe.finished {
            let reading = position + (period % 2 == 0 ? 0.001 : -0.001)
            sent.append(0.2 + probe.step(position: reading))
            let acting = sent.count > delay ? sent[sent.count - 1 - delay] : 0.2
            position += gain * (acting - position)
        }
        return probe
    }

    func testTheDelayIsTheServosAnswer() {
        for delay in 0...3 {
            let probe = measure(delay: delay)
            XCTAssertTrue(probe.finished)
            XCTAssertEqual(probe.latency, delay, "moves \(probe.moves)")
        }
        XCTAssertEqual(measure(delay: 1, amplitude: -0.05).latency, 1, "a move down is timed as well")
    }

    func testNoAnswerIsNoLatency() {
        XCTAssertNil(measure(delay: 4).latency, "beyond the longest delay looked for")
        XCTAssertNil(measure(delay: 1, gain: 0.05).latency, "a joint that barely moves is not timed")
        var probe = LatencyProbe(joint: "wrist", startPeriod: 2)
        XCTAssertEqual(probe.step(position: 0), 0)
        XCTAssertEqual(probe.step(position: nil), 0)
        XCTAssertTrue(probe.finished, "a joint not read ends the probe")
        XCTAssertNil(probe.latency)
        XCTAssertEqual(probe.step(position: 0), 0, "and it never moves the target")
    }

    func testTheHumanoidsLightestArmJointIsProbed() throws {
        let model = try ControlTestSupport.humanoid()
        let layout = try ControlTestSupport.layout()
        let actuated = model.joints.filter { $0.kind != .fixed }.map(\.name)
        let joint = LatencyProbe.joint(in: model, actuated: actuated, layout: layout)
        XCTAssertEqual(joint, "left_wrist_yaw", "the wrist joints have the lowest effort limit (8 N m), outside the legs")
        XCTAssertNil(LatencyProbe.joint(in: model, actuated: layout.allLegJoints, layout: layout), "only legs: nothing to probe")
    }

    /// The stepping controller on a standing robot whose wrist answers its target `delay`
    /// control periods late, after the probe (0.75 s).
    func steppingController(delay: Int, settings: SteppingBalanceSettings = SteppingBalanceSettings()) throws
        -> SteppingBalanceController {
        let layout = try ControlTestSupport.layout()
        var controller = SteppingBalanceController(layout: layout, dt: 1.0 / 60, settings: settings, probeJoint: "left_wrist_yaw")
        var sensors = ControlTestSupport.still(layout)
        let rest = layout.nominal["left_wrist_yaw"] ?? 0
        sensors.jointPositions["left_wrist_yaw"] = rest
        var sent: [Double] = []
        for _ in 0..<45 {
            let targets = controller.update(sensors)
            sent.append(targets["left_wrist_yaw"] ?? rest)
            if sent.count > delay { sensors.jointPositions["left_wrist_yaw"] = sent[sent.count - 1 - delay] }
        }
        return controller
    }

    func testTheSteppingControllerTimesItsDelay() throws {
        XCTAssertEqual(try steppingController(delay: 1).probe?.latency, 1)
        XCTAssertEqual(try steppingController(delay: 0).probe?.latency, 0)
        XCTAssertEqual(try steppingController(delay: 2).probe?.latency, 2)
        var off = SteppingBalanceSettings()
        off.latencyProbe = 0
        XCTAssertNil(try steppingController(delay: 1, settings: off).probe, "latency_probe 0: no probe")
        XCTAssertNil(SteppingBalanceController(layout: try ControlTestSupport.layout(), dt: 1.0 / 60).probe,
                     "no joint to probe")
        XCTAssertNil(SteppingBalanceController(layout: try ControlTestSupport.layout(), dt: 1.0 / 60,
                                               probeJoint: "left_knee").probe, "a leg joint is never probed")
    }

    /// With a measured delay the controller acts on the sensors extrapolated over it: the
    /// body pitching forward at 1 rad/s is read 1/60 s further on, and the COM estimate is
    /// that much further ahead (about the COM height × 1/60 rad) than without the prediction.
    func testWithADelayTheControllerActsOnTheSensorsAhead() throws {
        let layout = try ControlTestSupport.layout()
        var plainSettings = SteppingBalanceSettings()
        plainSettings.delayPrediction = 0
        var predicting = try steppingController(delay: 1)
        var plain = try steppingController(delay: 1, settings: plainSettings)
        var pitching = ControlTestSupport.still(layout, orientation: Quaternion(axis: .unitY, angle: 0.05))
        pitching.angularVelocity = Vector3(0, 1, 0)
        _ = predicting.update(pitching)
        _ = plain.update(pitching)
        let lead = predicting.walking.com.x - plain.walking.com.x
        XCTAssertEqual(lead, layout.comHeight / 60, accuracy: 0.4 * layout.comHeight / 60, "lead \(lead)")
        var prompt = try steppingController(delay: 0)
        var promptPlain = try steppingController(delay: 0, settings: plainSettings)
        _ = prompt.update(pitching)
        _ = promptPlain.update(pitching)
        XCTAssertEqual(prompt.walking.com.x, promptPlain.walking.com.x, "no delay measured: the sensors as read")
    }

    func testExtrapolatedSensorsMoveOnByTheirRates() {
        let sensors = RobotSensors(jointPositions: ["a": 0.1, "b": -0.2], jointVelocities: ["a": 2, "b": 0],
                                   orientation: Quaternion(x: 0, y: 0, z: 0, w: 1), angularVelocity: Vector3(0, 0, 0.5))
        let ahead = SteppingBalanceController.extrapolated(sensors, by: 0.1)
        XCTAssertEqual(ahead.jointPositions["a"] ?? 0, 0.3, accuracy: 1e-12)
        XCTAssertEqual(ahead.jointPositions["b"] ?? 0, -0.2, accuracy: 1e-12)
        let heading = ahead.orientation.rotate(.unitX)
        XCTAssertEqual(atan2(heading.y, heading.x), 0.05, accuracy: 1e-12, "turned 0.5 rad/s × 0.1 s about z")
        XCTAssertEqual(ahead.jointVelocities, sensors.jointVelocities)
    }
}
