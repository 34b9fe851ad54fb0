// Tests of Sources/Runner/PhysicsBench.swift. They check shapes and signs of the figures,
// never speed.
import Foundation
import XCTest
@testable import Runner

final class PhysicsBenchTests: XCTestCase {
    private let tiny = PhysicsBenchConfiguration(steps: 5, repeats: 2, freeBodyCount: 8, chainLinkCount: 4)
    private static let smallCases = [PhysicsBench.freeBodiesCase, PhysicsBench.chainSwiftCase,
                                     PhysicsBench.chainReferenceCase]

    // The shim's C++ control loop makes the same calls as the Swift loop: two identical
    // humanoid worlds, one stepped by each, end in the same state, bit for bit.
    func testHumanoidReferenceLoopDoesTheSameWorkAsTheSwiftLoop() throws {
        let swift = try HumanoidBenchWorld(count: 1, posture: .standing, timeStep: 1.0 / 240)
        let reference = try HumanoidBenchWorld(count: 1, posture: .standing, timeStep: 1.0 / 240)
        XCTAssertEqual(swift.physicsStepsPerControl, 4)
        for _ in 0..<3 { try swift.controlStep() }
        _ = try reference.robots[0].body.controlLoopTimed(controlSteps: 3, physicsStepsPerControl: 4)
        XCTAssertEqual(try swift.world.stepCount(), 12)
        XCTAssertEqual(try reference.world.stepCount(), 12)
        let swiftState = try swift.robots[0].body.jointPositions() + swift.robots[0].body.jointVelocities()
        let referenceState = try reference.robots[0].body.jointPositions() + reference.robots[0].body.jointVelocities()
        XCTAssertEqual(swiftState.map(\.bitPattern), referenceState.map(\.bitPattern))
        XCTAssertGreaterThan(try swift.contactCount(), 0, "the feet stand on the floor")
    }

    // The humanoid cases report their world: 34 bodies and 39 velocity coordinates per
    // humanoid, four humanoids in humanoid-stand-4; unknown case names are refused.
    func testHumanoidCasesReportTheirWorlds() throws {
        let configuration = PhysicsBenchConfiguration(steps: 4, repeats: 1)
        let results = try PhysicsBench.run(configuration, cases: [PhysicsBench.humanoidStandCase,
                                                                  PhysicsBench.humanoidStandFourCase])
        XCTAssertEqual(results.map(\.dofs), [39, 4 * 39])
        XCTAssertEqual(results.map(\.bodies), [34, 4 * 34])
        for result in results {
            XCTAssertTrue(result.stepsPerSecond.isFinite && result.stepsPerSecond > 0)
            XCTAssertGreaterThan(result.contacts ?? 0, 0)
        }
        XCTAssertThrowsError(try PhysicsBench.run(configuration, cases: ["humanoid-dancing"]))
    }

    // `bench physics --time-step --joint-warm-start` (issue 9 weighs 1/120 s with the joint
    // warm start): the humanoid world takes the step and the warm start, runs the 60 Hz
    // control loop as 2 physics steps, and still stands; 1/240 s without options keeps the
    // scene's (no warm start, 4 steps). Out-of-range values are refused.
    func testHumanoidWorldTakesTheTimeStepAndWarmStartAsked() throws {
        let long = try HumanoidBenchWorld(count: 1, posture: .standing, timeStep: 1.0 / 120, jointWarmStart: 1)
        XCTAssertEqual(long.physicsStepsPerControl, 2)
        XCTAssertEqual(try long.world.settings().timeStep, 1.0 / 120)
        XCTAssertEqual(try long.world.jointWarmStart().fraction, 1)
        let robot = long.robots[0]
        let standing = try robot.framePose(robot.model.rootLink).position.z
        for _ in 0..<30 { try long.controlStep() }
        XCTAssertEqual(try long.world.stepCount(), 60)
        XCTAssertEqual(try robot.framePose(robot.model.rootLink).position.z, standing, accuracy: 0.01, "it still stands")
        let short = try HumanoidBenchWorld(count: 1, posture: .standing, timeStep: 1.0 / 240)
        XCTAssertEqual(short.physicsStepsPerControl, 4)
        XCTAssertEqual(try short.world.jointWarmStart().fraction, 0)

        var configuration = PhysicsBenchConfiguration(steps: 4, repeats: 1, timeStep: 1.0 / 120)
        configuration.jointWarmStart = 1
        let result = try XCTUnwrap(try PhysicsBench.run(configuration, cases: [PhysicsBench.humanoidStandCase]).first)
        XCTAssertEqual(result.realTimeFactor, 4.0 / 120 / result.seconds, accuracy: 1e-9 * result.realTimeFactor)
        configuration.jointWarmStart = 1.5
        XCTAssertThrowsError(try PhysicsBench.run(configuration, cases: [PhysicsBench.humanoidStandCase]))
        configuration.jointWarmStart = nil
        configuration.timeStep = 0.5
        XCTAssertThrowsError(try PhysicsBench.run(configuration, cases: [PhysicsBench.humanoidStandCase]))
    }

    // A humanoid laid on its back stays lying: its root frame is low and it touches the
    // floor at more points than its two feet do.
    func testLyingHumanoidLiesOnTheFloor() throws {
        let lying = try HumanoidBenchWorld(count: 1, posture: .lying, timeStep: 1.0 / 240)
        let robot = lying.robots[0]
        XCTAssertLessThan(try robot.framePose(robot.model.rootLink).position.z, 0.3)
        XCTAssertGreaterThan(try lying.contactCount(), 0)
    }

    // Every case reports positive, finite figures for the steps it was asked to take.
    func testEveryCaseReportsPositiveFiniteFigures() throws {
        let results = try PhysicsBench.run(tiny, cases: Self.smallCases)
        XCTAssertEqual(results.map(\.caseName),
                       [PhysicsBench.freeBodiesCase, PhysicsBench.chainSwiftCase, PhysicsBench.chainReferenceCase])
        for result in results {
            XCTAssertEqual(result.steps, 5, result.caseName)
            XCTAssertGreaterThan(result.bodies, 0, result.caseName)
            XCTAssertGreaterThan(result.dofs, 0, result.caseName)
            for figure in [result.seconds, result.stepsPerSecond, result.realTimeFactor] {
                XCTAssertTrue(figure.isFinite && figure > 0, "\(result.caseName): \(figure)")
            }
        }
        XCTAssertEqual(results[0].dofs, 6 * 8)
        XCTAssertEqual(results[1].dofs, 4)
        XCTAssertEqual(results[2].dofs, 4)
    }

    // --json lines decode back with the documented field names.
    func testJSONLinesCarryTheDocumentedFields() throws {
        let results = try PhysicsBench.run(PhysicsBenchConfiguration(steps: 2, repeats: 1, freeBodyCount: 2,
                                                                     chainLinkCount: 2), cases: Self.smallCases)
        for result in results {
            let line = result.jsonLine()
            XCTAssertFalse(line.contains("\n"))
            let object = try XCTUnwrap(
                JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], line)
            XCTAssertEqual(Set(object.keys),
                           ["case", "bodies", "dofs", "contacts", "steps", "seconds", "steps_per_second",
                            "real_time_factor"])
            let decoded = try JSONDecoder().decode(PhysicsBenchResult.self, from: Data(line.utf8))
            XCTAssertEqual(decoded, result)
        }
        XCTAssertTrue(PhysicsBench.table(results).contains("chain-cxx"))
    }

    func testMedian() {
        XCTAssertEqual(PhysicsBench.median([3, 1, 2]), 2)
        XCTAssertEqual(PhysicsBench.median([4, 1, 3, 2]), 2.5)
        XCTAssertEqual(PhysicsBench.median([]), 0)
    }

    func testRejectsNonPositiveCounts() {
        var configuration = tiny
        configuration.steps = 0
        XCTAssertThrowsError(try PhysicsBench.run(configuration))
        configuration = tiny
        configuration.repeats = 0
        XCTAssertThrowsError(try PhysicsBench.run(configuration))
    }
}
