// pick_place: the scene validates and runs; a part put into the bin at rest is a success,
// one left on the bench is not, and one on the floor is a drop.
import XCTest
import Physics
import Scene
@testable import Tasks

final class PickPlaceTaskTests: XCTestCase {
    func testSceneValidatesAndZeroActionsRunWithoutNaN() throws {
        let episode = try ManipulationTestSupport.validate("pick_place", overrides: ["task.episode_seconds=1"])
        XCTAssertTrue(episode.task is PickPlaceTask)
        let result = try XCTUnwrap(ManipulationTestSupport.stepZero(episode, steps: 1000))
        XCTAssertEqual(result.failure, .timeout)
        XCTAssertEqual(Set(result.rewardTerms.keys), ["reach", "lift", "place", "success", "drop"])
        XCTAssertEqual(result.metrics["drops"], 0)
        XCTAssertNil(result.metrics["cycle_time"])
        // The part stays on the bench, within reach in front of the robot.
        let part = try XCTUnwrap(episode.world.part(named: "part")).state().pose.position
        XCTAssertEqual(part.z, 0.85, accuracy: 0.005)
        XCTAssertLessThan(part.x, 0.45)
    }

    func testPartPutIntoTheBinAtRestIsASuccess() throws {
        let episode = try Episode(scene: try TasksTestSupport.scene("pick_place"), seed: 5)
        let inside = try XCTUnwrap(episode.world.goals["bin.inside"])
        let part = try XCTUnwrap(episode.world.part(named: "part"))
        try ManipulationTestSupport.putDown(part, at: ManipulationTestSupport.restingSpot(inside, height: 0.051), yaw: 0.3)
        let result = try XCTUnwrap(ManipulationTestSupport.stepZero(episode, steps: 60))
        XCTAssertTrue(result.success, "failure: \(String(describing: result.failure))")
        XCTAssertEqual(result.rewardTerms["success"], 10)
        XCTAssertGreaterThan(result.rewardTerms["place"] ?? 0, 1.8, "the part sits on the goal's floor")
        XCTAssertEqual(result.metrics["drops"], 0)
        XCTAssertEqual(result.metrics["cycle_time"] ?? 0, episode.simulatedTime, accuracy: 1e-9)
    }

    func testPartBesideTheBinOrStillMovingIsNoSuccess() throws {
        let scene = try TasksTestSupport.scene("pick_place", overrides: ["task.episode_seconds=1"])
        // On the bench just outside the bin's wall.
        let beside = try Episode(scene: scene, seed: 5)
        let inside = try XCTUnwrap(beside.world.goals["bin.inside"])
        try ManipulationTestSupport.putDown(try XCTUnwrap(beside.world.part(named: "part")),
                                            at: Vector3(inside.position.x, inside.position.y + inside.size.y / 2 + 0.06, 0.851))
        let outside = try XCTUnwrap(ManipulationTestSupport.stepZero(beside, steps: 1000))
        XCTAssertFalse(outside.success)
        XCTAssertEqual(outside.failure, .timeout)
        // Inside the bin but falling in: not at rest on the first step.
        let falling = try Episode(scene: scene, seed: 5)
        let part = try XCTUnwrap(falling.world.part(named: "part"))
        try ManipulationTestSupport.putDown(part, at: ManipulationTestSupport.restingSpot(inside, height: 0.08))
        try part.setVelocity(linear: Vector3(0, 0, -0.5))
        let first = try falling.step([Double](repeating: 0, count: falling.actionSize))
        XCTAssertFalse(first.success)
    }

    func testPartTouchingTheRobotIsHeldAndNoSuccess() throws {
        // A goal around the robot's left foot, and the part standing on the foot's toe (clear
        // of the shin): in the goal and at rest, but in contact with the robot.
        var scene = try TasksTestSupport.scene("pick_place", overrides: ["task.episode_seconds=0.5"])
        scene.goals.append(GoalSpec(name: "foot_zone", position: Vector3(0.1, 0.1, 0.1), size: Vector3(0.4, 0.3, 0.2)))
        scene.task.params["goal"] = .string("foot_zone")
        let episode = try Episode(scene: scene, seed: 5)
        let sole = try episode.world.robot.framePose("left_sole").position
        try ManipulationTestSupport.putDown(try XCTUnwrap(episode.world.part(named: "part")),
                                            at: Vector3(sole.x + 0.085, sole.y, sole.z + 0.05 + 0.051))
        let result = try XCTUnwrap(ManipulationTestSupport.stepZero(episode, steps: 1000))
        XCTAssertFalse(result.success)
        XCTAssertEqual(result.failure, .timeout)
        let names = episode.observationNames
        let held = try XCTUnwrap(names.firstIndex(of: "task.part_held"))
        let inGoal = try XCTUnwrap(names.firstIndex(of: "task.part_in_goal"))
        XCTAssertEqual(result.observation[held], 1, "the part rests on the robot's foot")
        XCTAssertEqual(result.observation[inGoal], 1)
    }

    func testPartOnTheFloorIsADrop() throws {
        let episode = try Episode(scene: try TasksTestSupport.scene("pick_place"), seed: 5)
        try ManipulationTestSupport.putDown(try XCTUnwrap(episode.world.part(named: "part")), at: Vector3(0.6, 0.8, 0.06))
        let result = try XCTUnwrap(ManipulationTestSupport.stepZero(episode, steps: 120))
        XCTAssertTrue(result.terminated)
        XCTAssertEqual(result.failure, .droppedPart)
        XCTAssertEqual(result.metrics["drops"], 1)
        XCTAssertEqual(result.rewardTerms["drop"], -10)
    }

    func testSameSeedSameStartDifferentSeedsDiffer() throws {
        try ManipulationTestSupport.assertSeedDeterminism("pick_place")
    }

    func testBadParametersAreSceneErrors() {
        ManipulationTestSupport.assertParameterError(
            "pick_place", ["task.params.prat=part"], key: "prat",
            "unknown parameter 'prat' for task pick_place (did you mean 'part'?)")
        ManipulationTestSupport.assertParameterError(
            "pick_place", ["task.params.part=widget"], key: "part", "no part named 'widget'")
        ManipulationTestSupport.assertParameterError(
            "pick_place", ["task.params.goal=bin.outside"], key: "goal",
            "no goal region named 'bin.outside' in the built scene (regions: bench.top, bin.inside)")
        ManipulationTestSupport.assertParameterError(
            "pick_place", ["task.params.rest_speed=fast"], key: "rest_speed", "expected a number")
    }
}
