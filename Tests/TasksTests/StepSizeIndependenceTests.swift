// A scene's servos respond the same, in seconds, whatever its physics step: the robot's
// position and velocity gains are fractions per 1/240 s, restated for the world's step
// (RobotInstance.hold, StepFraction). Before they were, a servo at 1/120 s closed its
// error half as fast as at 1/240 s and the experts tuned at 1/240 s fell or missed their
// grasps (issue 9).
import Foundation
import XCTest
import Physics
import Scene
@testable import Tasks

final class StepSizeIndependenceTests: XCTestCase {
    /// The elbow's position after each of `controlSteps` control steps of a 0.05 rad step
    /// command, the robot's base welded in the air (no stance or contact in the way), no
    /// latency (stand_push: its first push comes at 2 s). The solver runs to convergence
    /// (200 iterations), so what is compared is the servo's discrete law alone: at a task
    /// scene's 20 iterations the rows coupled through the arm are not converged, and 1/120 s
    /// (40 iterations per control step against 80) leaves 0.005 rad more of the step after
    /// the first control step.
    private func elbowStepResponse(timeStep: String, controlSteps: Int = 6) throws -> [Double] {
        let scene = try TasksTestSupport.robotInTheAir(
            "stand_push", overrides: ["world.time_step=\(timeStep)", "world.solver_iterations=200"])
        let episode = try Episode(scene: scene, seed: 1)
        let robot = episode.world.robot
        guard let index = episode.actionNames.firstIndex(of: "left_elbow") else {
            XCTFail("stand_push's robot has no left_elbow")
            return []
        }
        let start = try XCTUnwrap(try robot.jointPositions()["left_elbow"])
        var action = [Double](repeating: 0, count: episode.actionSize)
        action[index] = 0.05
        var positions: [Double] = []
        for _ in 0..<controlSteps {
            _ = try episode.step(action)
            positions.append(try XCTUnwrap(try robot.jointPositions()["left_elbow"]) - start)
        }
        return positions
    }

    func testServoStepResponseIsTheSameAt120And180HzAsAt240Hz() throws {
        let reference = try elbowStepResponse(timeStep: "\(1.0 / 240.0)")
        // The servo moves the joint most of the way within a control step (1/60 s).
        XCTAssertGreaterThan(reference[0], 0.02, "\(reference)")
        XCTAssertEqual(reference.last ?? 0, 0.05, accuracy: 0.005, "\(reference)")
        for timeStep in [1.0 / 120.0, 1.0 / 180.0] {
            let response = try elbowStepResponse(timeStep: "\(timeStep)")
            print("elbow step response at \(timeStep) s: \(response) (at 1/240 s: \(reference))")
            XCTAssertEqual(response.count, reference.count)
            for (step, (value, expected)) in zip(response, reference).enumerated() {
                // Unrestated gains (0.2 per step at any step) moved the joint 0.018 rad in
                // the first control step at 1/120 s against 0.0295 rad at 1/240 s; restated,
                // the two agree to 1e-6 rad.
                XCTAssertEqual(value, expected, accuracy: 1e-4,
                               "control step \(step) at \(timeStep) s: \(response) against \(reference) at 1/240 s")
            }
        }
    }

    func testStepFractionsKeepTheirRate() {
        let reference = 1.0 / 240.0
        // Unchanged, bit for bit, at the reference step.
        XCTAssertEqual(StepFraction.convert(0.2, from: reference, to: reference).bitPattern, 0.2.bitPattern)
        XCTAssertEqual(WorldSpec().perStep(0.2).bitPattern, 0.2.bitPattern)
        // Two steps of 0.2 leave 0.8² of an error: one step of twice the length removes 0.36.
        XCTAssertEqual(StepFraction.convert(0.2, from: reference, to: 2 * reference), 0.36, accuracy: 1e-12)
        XCTAssertEqual(StepFraction.convert(0.36, from: 2 * reference, to: reference), 0.2, accuracy: 1e-12)
        // None and all of an error stay none and all.
        XCTAssertEqual(StepFraction.convert(0, from: reference, to: 1.0 / 120.0), 0)
        XCTAssertEqual(StepFraction.convert(1, from: reference, to: 1.0 / 120.0), 1)
        XCTAssertEqual(StepFraction.perStep(0.2, timeStep: 1.0 / 120.0), 0.36, accuracy: 1e-12)
    }

    /// A scene's world at 1/120 s runs with the contact ERP and split-impulse ERP restated
    /// from Bullet's 0.2 and 0.1 per 1/240 s, and with them unchanged at 1/240 s.
    func testSceneWorldsRestateTheContactERPForTheirStep() throws {
        for (timeStep, contact, split) in [(1.0 / 240.0, 0.2, 0.1), (1.0 / 120.0, 0.36, 0.19)] {
            let scene = try TasksTestSupport.scene("stand_push", overrides: ["world.time_step=\(timeStep)"])
            let built = try SceneWorld(spec: scene, seed: 1)
            let settings = try built.world.settings()
            XCTAssertEqual(settings.timeStep, timeStep)
            XCTAssertEqual(settings.contactERP, contact, accuracy: 1e-12, "at \(timeStep) s")
            XCTAssertEqual(settings.splitImpulseERP, split, accuracy: 1e-12, "at \(timeStep) s")
        }
    }
}
