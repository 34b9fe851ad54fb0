// Helpers for the walk_to_station, pick_place, tote_transfer and palletize tests: validating
// a scene the way `tground validate` does, stepping with zero actions, putting bodies down
// at rest, determinism of the start, and exact parameter-error checks.
import XCTest
import Physics
import Scene
@testable import Tasks

enum ManipulationTestSupport {
    /// Loads a scene of the suite and builds an episode from seed 0 (what `tground validate`
    /// does); checks one finite observation entry per name.
    static func validate(_ name: String, overrides: [String] = [], file: StaticString = #filePath,
                         line: UInt = #line) throws -> Episode {
        let spec = try TasksTestSupport.scene(name, overrides: overrides)
        XCTAssertEqual(spec.name, name, file: file, line: line)
        let episode = try Episode(scene: spec, seed: 0)
        let observation = try episode.observe()
        XCTAssertEqual(observation.count, episode.observationNames.count, "one name per entry", file: file, line: line)
        assertFinite(observation, names: episode.observationNames, file: file, line: line)
        return episode
    }

    static func assertFinite(_ values: [Double], names: [String], file: StaticString = #filePath, line: UInt = #line) {
        for (index, value) in values.enumerated() where !value.isFinite {
            XCTFail("\(index < names.count ? names[index] : "entry \(index)") is \(value)", file: file, line: line)
        }
    }

    /// Zero actions for `steps` control steps or until the episode ends; every step's
    /// observation and reward terms must be finite. The last result.
    @discardableResult
    static func stepZero(_ episode: Episode, steps: Int, file: StaticString = #filePath, line: UInt = #line) throws -> StepResult? {
        var last: StepResult?
        let zero = [Double](repeating: 0, count: episode.actionSize)
        for _ in 0..<steps {
            let result = try episode.step(zero)
            assertFinite(result.observation, names: episode.observationNames, file: file, line: line)
            assertFinite(Array(result.rewardTerms.values) + [result.reward], names: [], file: file, line: line)
            last = result
            if result.terminated || result.truncated { break }
        }
        return last
    }

    /// Puts a rigid body at `position` (turned by `yaw` about z) at rest.
    static func putDown(_ body: RigidBody, at position: Vector3, yaw: Double = 0) throws {
        try body.setPose(Pose(position: position, rotation: Quaternion(axis: .unitZ, angle: yaw)))
        try body.setVelocity(linear: .zero, angular: .zero)
    }

    /// Where a body's centre rests on the floor of a goal region: its centre in xy, raised by
    /// `height` (m) above the region's bottom.
    static func restingSpot(_ goal: GoalSpec, height: Double, offset: Vector3 = .zero) -> Vector3 {
        Vector3(goal.position.x + offset.x, goal.position.y + offset.y, goal.position.z - goal.size.z / 2 + height)
    }

    /// Same seed: bit-identical initial observations and world state hash. Different seeds:
    /// different world state (the scene randomises).
    static func assertSeedDeterminism(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let spec = try TasksTestSupport.scene(name)
        let a = try Episode(scene: spec, seed: 11)
        let b = try Episode(scene: spec, seed: 11)
        let c = try Episode(scene: spec, seed: 12)
        XCTAssertEqual(try a.world.world.stateHash(), try b.world.world.stateHash(), file: file, line: line)
        XCTAssertEqual(try a.observe().map(\.bitPattern), try b.observe().map(\.bitPattern), file: file, line: line)
        XCTAssertNotEqual(try a.world.world.stateHash(), try c.world.world.stateHash(), file: file, line: line)
        XCTAssertNotEqual(try a.observe().map(\.bitPattern), try c.observe().map(\.bitPattern), file: file, line: line)
        // Reset to another seed rebuilds that seed's start. (Each observation draws sensor
        // noise, so compare first observations only.)
        let again = try a.reset(seed: 12)
        let fresh = try Episode(scene: spec, seed: 12)
        XCTAssertEqual(again.map(\.bitPattern), try fresh.observe().map(\.bitPattern), file: file, line: line)
        XCTAssertEqual(try a.world.world.stateHash(), try fresh.world.world.stateHash(), file: file, line: line)
    }

    /// Building an episode of scene `name` with `overrides` fails with exactly
    /// `FILE:TASKLINE: task.params.KEY: MESSAGE`.
    static func assertParameterError(_ name: String, _ overrides: [String], key: String, _ message: String,
                                     file: StaticString = #filePath, line: UInt = #line) {
        do {
            let spec = try TasksTestSupport.scene(name, overrides: overrides)
            XCTAssertGreaterThan(spec.task.line, 0, file: file, line: line)
            do {
                _ = try Episode(scene: spec, seed: 0)
                XCTFail("expected an error for task.params.\(key)", file: file, line: line)
            } catch let error as SceneError {
                XCTAssertEqual(error.description, "\(spec.sourceFile):\(spec.task.line): task.params.\(key): \(message)",
                               file: file, line: line)
            }
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
    }
}
