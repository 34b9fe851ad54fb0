// VectorEnvironment from Swift: four envs stepped in parallel threads give the same bits as
// each env stepped alone — the test ThreadSanitizer runs (Tools/sanitize thread) without Python.
import Foundation
import XCTest
import Scene
@testable import TrainGroundABI

final class VectorEnvironmentTests: XCTestCase {
    private let scenePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scenes/stand_push.yaml").path

    private func run(count: Int, steps: Int) throws -> [[Double]] {
        let scene = try SceneFileLoader.load(path: scenePath, overrides: ["task.episode_seconds=1"])
        let vector = try VectorEnvironment(scene: scene, options: try EnvOptions(json: nil), count: count)
        defer { vector.close() }
        var seeds = (0..<count).map { UInt64(100 + $0) }
        try seeds.withUnsafeMutableBufferPointer { try vector.reset(seeds: $0.baseAddress!) }
        var actions = [Double](repeating: 0, count: count * vector.actionSize)
        for step in 0..<steps {
            for index in actions.indices { actions[index] = 0.05 * sin(Double(step + index)) }
            try actions.withUnsafeBufferPointer { try vector.step(actions: $0.baseAddress!) }
        }
        return (0..<count).map { env in
            Array(UnsafeBufferPointer(start: vector.observations + env * vector.observationSize, count: vector.observationSize))
        }
    }

    func testParallelStepsMatchOneEnvAtATime() throws {
        let together = try run(count: 4, steps: 30)
        XCTAssertEqual(together.count, 4)
        let alone = try run(count: 1, steps: 30)
        XCTAssertEqual(together[0].map(\.bitPattern), alone[0].map(\.bitPattern), "env 0 alone and among four differ")
        XCTAssertNotEqual(together[0], together[1], "different seeds should differ")
    }
}
