// Tests of Sources/Runner/Demo.swift: the demo runs, touches things and stays finite.
import XCTest
@testable import Runner

final class DemoTests: XCTestCase {
    // A short demo: objects land on the ground, so there are contacts; everything is finite.
    func testDemoReportsContactsAndFiniteState() throws {
        var configuration = DemoConfiguration.default
        configuration.simulatedSeconds = 2
        let report = try Demo.run(configuration)

        XCTAssertEqual(report.steps, 480)
        XCTAssertEqual(report.simulatedSeconds, 2, accuracy: 1e-9)
        XCTAssertEqual(report.rigidBodyCount, configuration.boxCount + configuration.sphereCount)
        XCTAssertEqual(report.chainLinkCount, configuration.chainTargets.count)
        XCTAssertGreaterThan(report.contactCount, 0)
        XCTAssertTrue(report.isFinite, report.rendered())
        XCTAssertEqual(report.joints.count, configuration.chainTargets.count)
        // Dropped objects come to rest on or above the ground (z = 0), not through it.
        for row in report.finalHeights {
            XCTAssertGreaterThan(row.height, 0, "\(row.name) ended below the ground")
        }
        XCTAssertFalse(report.rendered().isEmpty)
    }

    // The default demo: the motors hold each joint near its target.
    func testDemoMotorsHoldTargets() throws {
        let report = try Demo.run()
        for joint in report.joints {
            XCTAssertEqual(joint.angle, joint.target, accuracy: 0.05, "\(joint.name)")
        }
    }

    // Two runs of the same configuration in one process give the same state hash.
    func testDemoIsDeterministic() throws {
        var configuration = DemoConfiguration.default
        configuration.simulatedSeconds = 0.5
        let first = try Demo.run(configuration)
        let second = try Demo.run(configuration)
        XCTAssertEqual(first.stateHash, second.stateHash)
    }

    func testDemoRejectsNonPositiveDuration() {
        var configuration = DemoConfiguration.default
        configuration.simulatedSeconds = 0
        XCTAssertThrowsError(try Demo.run(configuration))
        configuration.simulatedSeconds = .nan
        XCTAssertThrowsError(try Demo.run(configuration))
    }
}
