// Episode: determinism from the seed, action checks, and the task registry's errors.
import XCTest
import Physics
import Scene
@testable import Tasks

final class EpisodeTests: XCTestCase {
    func testSameSeedGivesTheSameInitialStateBitForBit() throws {
        let scene = try TasksTestSupport.scene("stand_push")
        let a = try Episode(scene: scene, seed: 42)
        let b = try Episode(scene: scene, seed: 42)
        XCTAssertEqual(try a.world.world.stateHash(), try b.world.world.stateHash())
        XCTAssertEqual(try a.observe().map(\.bitPattern), try b.observe().map(\.bitPattern))
        let c = try Episode(scene: scene, seed: 43)
        XCTAssertNotEqual(try a.world.world.stateHash(), try c.world.world.stateHash(), "joint noise follows the seed")
        // Reset rebuilds: the same seed gives the same state again after an episode ran.
        _ = try a.step([Double](repeating: 0, count: a.actionSize))
        try a.reset(seed: 42)
        XCTAssertEqual(try a.world.world.stateHash(), try b.world.world.stateHash())
    }

    func testSameSeedAndActionsGiveTheSameTrajectory() throws {
        let scene = try TasksTestSupport.scene("stand_push", overrides: ["task.episode_seconds=1"])
        var hashes: [UInt64] = []
        for _ in 0..<2 {
            let episode = try Episode(scene: scene, seed: 5)
            _ = try TasksTestSupport.runZero(episode)
            hashes.append(episode.trajectoryHash)
        }
        XCTAssertEqual(hashes[0], hashes[1])
    }

    func testBadActionsAreErrorsNotCrashes() throws {
        let episode = try Episode(scene: try TasksTestSupport.scene("stand_push"), seed: 0)
        XCTAssertThrowsError(try episode.step([0, 1])) { error in
            XCTAssertEqual(error as? EpisodeError, .actionSize(expected: episode.actionSize, got: 2))
        }
        var action = [Double](repeating: 0, count: episode.actionSize)
        action[3] = .nan
        XCTAssertThrowsError(try episode.step(action)) { error in
            XCTAssertTrue("\(error)".contains("NaN"), "\(error)")
        }
        // Huge values are clipped to the joint limits, not fed to the motors.
        action[3] = 1e12
        XCTAssertNoThrow(try episode.step(action))
    }

    /// Fault injection: a whole stream of NaN, infinite and huge actions. NaN and infinity
    /// are rejected before anything moves (the state and the trajectory hash stay as they
    /// were); huge values are clipped to the joint ranges and the episode runs on sanely.
    func testActionStreamOfNaNAndHugeValues() throws {
        let episode = try Episode(scene: try TasksTestSupport.scene("stand_push", overrides: ["task.episode_seconds=1"]), seed: 4)
        let size = episode.actionSize
        for step in 0..<60 {
            var poison = [Double](repeating: 0, count: size)
            poison[step % size] = step % 2 == 0 ? .nan : -.infinity
            let hash = episode.trajectoryHash
            let time = episode.simulatedTime
            XCTAssertThrowsError(try episode.step(poison))
            XCTAssertEqual(episode.trajectoryHash, hash)
            XCTAssertEqual(episode.simulatedTime, time)

            let huge = (0..<size).map { index in (index + step) % 2 == 0 ? 1e300 : -1e300 }
            let result = try episode.step(huge)
            XCTAssertTrue(result.observation.allSatisfy(\.isFinite))
            XCTAssertNotEqual(result.failure, .diverged, result.failureDetail ?? "")
            if result.terminated || result.truncated { break }
        }
    }

    func testUnknownTaskAndBadControlRateAreSceneErrors() throws {
        XCTAssertThrowsError(try Episode(scene: try TasksTestSupport.scene("stand_push", overrides: ["task.name=stand_psh"]),
                                         seed: 0)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("task.name: unknown task 'stand_psh' (did you mean 'stand_push'?)"), text)
        }
        XCTAssertThrowsError(try Episode(scene: try TasksTestSupport.scene("stand_push", overrides: ["task.control_hz=70"]),
                                         seed: 0)) { error in
            XCTAssertTrue("\(error)".contains("task.control_hz"), "\(error)")
        }
    }

    func testMissingRobotFileAndNegativePartMassNameTheKey() throws {
        XCTAssertThrowsError(try Episode(scene: try TasksTestSupport.scene("stand_push", overrides: ["robot.file=nope.urdf"]),
                                         seed: 0)) { error in
            XCTAssertTrue("\(error)".contains("robot.file") && "\(error)".contains("nope.urdf"), "\(error)")
        }
        let withPart = try TasksTestSupport.scene("stand_push", overrides: [
            "parts=[{name: p, shape: box, size: [0.1, 0.1, 0.1], mass: -1, position: [1, 0, 0.5]}]",
        ])
        XCTAssertThrowsError(try Episode(scene: withPart, seed: 0)) { error in
            XCTAssertTrue("\(error)".contains("parts[0].mass"), "\(error)")
        }
    }
}
