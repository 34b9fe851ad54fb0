// peg_insert: a peg set into the hole by hand succeeds; beside the block, on top of it or
// too shallow it does not; bad parameters name their key.
import XCTest
import Physics
import Scene
@testable import Tasks

final class PegInsertTaskTests: XCTestCase {
    func testSceneLoadsAndRunsBrieflyWithZeroActions() throws {
        let scene = try TasksTestSupport.scene("peg_insert", overrides: ["task.episode_seconds=1"])
        let episode = try Episode(scene: scene, seed: 1)
        WorkcellTestSupport.assertFinite(try episode.observe(), names: episode.observationNames)
        let result = try XCTUnwrap(TasksTestSupport.runZero(episode))
        WorkcellTestSupport.assertFinite(result.observation, names: episode.observationNames)
        XCTAssertFalse(result.success)
        XCTAssertEqual(result.failure, .timeout)
        XCTAssertEqual(Set(result.rewardTerms.keys), ["reach", "approach", "align", "insert", "success", "drop"])
        XCTAssertGreaterThan(result.metrics["lateral_offset"] ?? 0, 0.1, "the peg starts on the bench, away from the hole")
    }

    /// The hole's mouth and the peg after `seconds` with the peg's bottom put `below` m under
    /// the mouth, `sideways` m off the hole axis.
    private func placePeg(below: Double, sideways: Double = 0, tilt: Double = 0,
                          seconds: Double = 1) throws -> (result: StepResult, episode: Episode) {
        let episode = try Episode(scene: try TasksTestSupport.scene("peg_insert"), seed: 5)
        let mouth = try XCTUnwrap(episode.world.fixtures["peg_fixture"]?.sites["hole_top"]).position
        let peg = try XCTUnwrap(episode.world.part(named: "peg"))
        let rotation = Quaternion(axis: .unitY, angle: tilt)
        let axis = rotation.rotate(.unitZ)
        let bottom = mouth + Vector3(sideways, 0, -below)
        try peg.setPose(Pose(position: bottom + axis * 0.05, rotation: rotation))
        try peg.setVelocity(linear: .zero, angular: .zero)
        let result = try XCTUnwrap(WorkcellTestSupport.run(episode, seconds: seconds))
        return (result, episode)
    }

    func testAPegInsertedByHandIsASuccess() throws {
        let (result, episode) = try placePeg(below: 0.045)
        XCTAssertTrue(result.success, "\(result.metrics)")
        XCTAssertTrue(result.terminated)
        XCTAssertEqual(result.metrics["insertion"] ?? 0, 0.05, accuracy: 0.002, "resting on the hole's floor")
        XCTAssertLessThan(result.metrics["tilt_degrees"] ?? 90, 5)
        XCTAssertEqual(result.rewardTerms["insert"], 4)
        XCTAssertLessThan(episode.simulatedTime, 1, "success ends the episode")
    }

    func testAPegBesideTheBlockOnItOrTiltedIsNot() throws {
        // Standing on the bench beside the block: low enough, but outside the hole's footprint.
        let beside = try placePeg(below: 0.06, sideways: 0.12)
        XCTAssertFalse(beside.result.success)
        XCTAssertGreaterThanOrEqual(beside.result.metrics["insertion"] ?? 0, 0.03)
        XCTAssertGreaterThan(beside.result.metrics["lateral_offset"] ?? 0, 0.016)
        // Lying across the mouth on the block's top.
        let across = try placePeg(below: -0.016, tilt: Double.pi / 2)
        XCTAssertFalse(across.result.success)
        XCTAssertLessThan(across.result.metrics["insertion"] ?? 1, 0.03)
        // Still falling into the hole: not yet at rest.
        let falling = try placePeg(below: 0.035, seconds: 1.0 / 60)
        XCTAssertFalse(falling.result.success)
    }

    func testAPegOnTheFloorIsADrop() throws {
        let episode = try Episode(scene: try TasksTestSupport.scene("peg_insert"), seed: 2)
        try WorkcellTestSupport.teleport(try XCTUnwrap(episode.world.part(named: "peg")), to: Vector3(-0.4, 0.3, 0.051))
        let result = try XCTUnwrap(WorkcellTestSupport.run(episode, seconds: 0.5))
        XCTAssertEqual(result.failure, .droppedPart)
    }

    func testTheSeedFixesTheStart() throws {
        let scene = try TasksTestSupport.scene("peg_insert")
        let hash = try WorkcellTestSupport.assertSameStart(scene, seed: 21)
        XCTAssertNotEqual(try Episode(scene: scene, seed: 22).world.world.stateHash(), hash, "the peg's pose follows the seed")
    }

    func testBadParametersNameTheirKey() {
        WorkcellTestSupport.assertParameterError("peg_insert", ["task.params.depth=0.08"], key: "depth",
                                                 "0.08 m is deeper than the 0.05 m hole of 'peg_fixture'")
        WorkcellTestSupport.assertParameterError("peg_insert", ["task.params.peg=pag"], key: "peg",
                                                 "no part named 'pag' (did you mean 'peg'?)")
        WorkcellTestSupport.assertParameterError("peg_insert", ["task.params.fixture=bench"], key: "fixture",
                                                 "fixture 'bench' is a workbench, not a peg_fixture")
        WorkcellTestSupport.assertParameterError("peg_insert", ["parts[0].size=[0.02, 0.1]"], key: "peg",
                                                 "a 0.04 m wide peg does not fit the 0.032 m hole of 'peg_fixture'")
        WorkcellTestSupport.assertParameterError("peg_insert", ["task.params.max_tilt_degrees=-1"], key: "max_tilt_degrees",
                                                 "-1.0 is outside 0.1...90.0")
    }
}
