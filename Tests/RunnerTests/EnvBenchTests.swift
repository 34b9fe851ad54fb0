// Tests of Sources/Runner/EnvBench.swift: shapes and signs of the figures, never speed.
import Foundation
import XCTest
@testable import Runner

final class EnvBenchTests: XCTestCase {
    // The project scenes are found, and a scene's figures follow from its control rate.
    func testStandPushFiguresFollowFromTheControlRate() throws {
        let scenes = EnvBench.projectScenes()
        let stand = try XCTUnwrap(scenes.first { $0.hasSuffix("/stand_push.yaml") }, "\(scenes)")
        XCTAssertTrue(scenes.contains { $0.hasSuffix("/pick_place.yaml") })
        let results = try EnvBench.run(scenes: [stand], controlSteps: 3, repeats: 1)
        let result = try XCTUnwrap(results.first)
        XCTAssertEqual(result.scene, "stand_push")
        XCTAssertEqual(result.controlSteps, 3)
        XCTAssertEqual(result.physicsStepsPerControl, 3)
        XCTAssertEqual(result.resets, 0)
        XCTAssertEqual(result.physicsStepsPerSecond, 3 * result.controlStepsPerSecond, accuracy: 1e-6 * result.physicsStepsPerSecond)
        XCTAssertEqual(result.realTimeFactor, result.controlStepsPerSecond / 60, accuracy: 1e-6 * result.realTimeFactor)
        let line = result.jsonLine()
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["scene", "control_steps", "physics_steps_per_control", "resets", "seconds",
                                          "control_steps_per_second", "physics_steps_per_second", "real_time_factor"])
        XCTAssertTrue(EnvBench.table(results).contains("stand_push"))
        XCTAssertThrowsError(try EnvBench.run(scenes: [stand], controlSteps: 0, repeats: 1))
    }
}
