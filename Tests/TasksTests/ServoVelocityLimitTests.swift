// The scene key robot.velocity_limits reaches the robot's servos: with it on, a joint sent
// far through the episode's actions turns no faster than the URDF's <limit velocity>; with it
// off (the default) the same command turns it far faster. With the limits on, an episode is
// still the same bits every time.
import Foundation
import XCTest
import Physics
import Scene
@testable import Tasks

final class ServoVelocityLimitTests: XCTestCase {
    /// stand_push's robot welded in the air without gravity, its neck_yaw (URDF velocity 6
    /// rad/s) sent 1 rad away for 0.5 s: the fastest neck speed seen after each control step,
    /// and every joint position along the way.
    private func sendNeckAway(limits: Bool) throws -> (fastest: Double, trajectory: [Double]) {
        let scene = try TasksTestSupport.robotInTheAir("stand_push", gravity: false,
                                                        overrides: ["robot.velocity_limits=\(limits)"])
        let episode = try Episode(scene: scene, seed: 1)
        let robot = episode.world.robot
        let neck = try XCTUnwrap(episode.actionNames.firstIndex(of: "neck_yaw"))
        let neckLink = try XCTUnwrap(robot.jointIndex(named: "neck_yaw"))
        var action = [Double](repeating: 0, count: episode.actionSize)
        action[neck] = 1
        var fastest = 0.0
        var trajectory: [Double] = []
        for _ in 0..<30 {
            _ = try episode.step(action)
            fastest = max(fastest, abs(try robot.body.jointVelocities()[neckLink]))
            trajectory += try robot.body.jointPositions()
        }
        return (fastest, trajectory)
    }

    func testTheSceneKeyLimitsTheServosToTheURDFVelocity() throws {
        let limited = try sendNeckAway(limits: true)
        // Within 0.1 %: the neck's row is solved with the other servos' rows (their joints
        // share the torso), whose last iterations move it by a hair after its own.
        XCTAssertLessThanOrEqual(limited.fastest, 6 * 1.001, "neck_yaw no faster than its URDF limit")
        XCTAssertGreaterThan(limited.fastest, 0.99 * 6, "and at the limit on the way")
        let free = try sendNeckAway(limits: false)
        XCTAssertGreaterThan(free.fastest, 12, "without the limit the same command turns it faster")
        let again = try sendNeckAway(limits: true)
        XCTAssertEqual(limited.trajectory.map(\.bitPattern), again.trajectory.map(\.bitPattern), "same bits every time")
    }
}
