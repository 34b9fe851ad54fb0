// Helpers for the conveyor, peg, machine and panel task tests: stepping with zero or given
// actions, teleporting a part to rest, and exact parameter-error checks.
import XCTest
import Physics
import Scene
@testable import Tasks

enum WorkcellTestSupport {
    static func zeroAction(_ episode: Episode) -> [Double] { [Double](repeating: 0, count: episode.actionSize) }

    /// Steps with zero actions for `seconds` of simulated time or until the episode ends.
    @discardableResult
    static func run(_ episode: Episode, seconds: Double) throws -> StepResult? {
        var last: StepResult?
        let steps = Int((seconds * episode.scene.task.controlHz).rounded())
        for _ in 0..<steps {
            let result = try episode.step(zeroAction(episode))
            last = result
            if result.terminated || result.truncated { break }
        }
        return last
    }

    /// Puts a body at `position` (turned by `yaw` about z) at rest.
    static func teleport(_ body: RigidBody, to position: Vector3, yaw: Double = 0) throws {
        try body.setPose(Pose(position: position, rotation: Quaternion(axis: .unitZ, angle: yaw)))
        try body.setVelocity(linear: .zero, angular: .zero)
    }

    /// Asserts that every observation entry is finite and the names match the values.
    static func assertFinite(_ observation: [Double], names: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(observation.count, names.count, "one name per observation entry", file: file, line: line)
        for (index, value) in observation.enumerated() where !value.isFinite {
            XCTFail("\(names[index]) is \(value)", file: file, line: line)
        }
    }

    /// Asserts that building an episode of `scene` fails with exactly
    /// `FILE:TASKLINE: task.params.KEY: MESSAGE`.
    static func assertParameterError(_ scene: String, _ overrides: [String], key: String, _ message: String,
                                     file: StaticString = #filePath, line: UInt = #line) {
        do {
            let spec = try TasksTestSupport.scene(scene, overrides: overrides)
            XCTAssertGreaterThan(spec.task.line, 0, file: file, line: line)
            do {
                _ = try Episode(scene: spec, seed: 0)
                XCTFail("expected an error for \(key)", file: file, line: line)
            } catch let error as SceneError {
                XCTAssertEqual(error.description, "\(spec.sourceFile):\(spec.task.line): task.params.\(key): \(message)",
                               file: file, line: line)
            }
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
    }

    /// Asserts that two fresh episodes of `spec` from `seed` start bit-identical, and returns
    /// their initial state hash.
    @discardableResult
    static func assertSameStart(_ spec: SceneSpec, seed: UInt64, file: StaticString = #filePath, line: UInt = #line) throws -> UInt64 {
        let a = try Episode(scene: spec, seed: seed)
        let b = try Episode(scene: spec, seed: seed)
        XCTAssertEqual(try a.world.world.stateHash(), try b.world.world.stateHash(), file: file, line: line)
        XCTAssertEqual(try a.observe().map(\.bitPattern), try b.observe().map(\.bitPattern), file: file, line: line)
        return try a.world.world.stateHash()
    }
}
