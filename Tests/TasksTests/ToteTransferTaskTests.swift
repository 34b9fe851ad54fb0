// tote_transfer: the scene validates and runs; a tote set down upright on the cart's deck
// is a success (also after the cart was pushed along), one left on the shelf or tipped is
// not, and one on the floor is a drop.
import XCTest
import Physics
import Scene
@testable import Tasks

final class ToteTransferTaskTests: XCTestCase {
    func testSceneValidatesAndZeroActionsRunWithoutNaN() throws {
        let episode = try ManipulationTestSupport.validate("tote_transfer", overrides: ["task.episode_seconds=1"])
        XCTAssertTrue(episode.task is ToteTransferTask)
        let result = try XCTUnwrap(ManipulationTestSupport.stepZero(episode, steps: 1000))
        XCTAssertEqual(result.failure, .timeout)
        XCTAssertEqual(Set(result.rewardTerms.keys), ["reach", "lift", "carry", "tilt", "success", "drop"])
        // The tote stays on the shelf, upright.
        let tote = try XCTUnwrap(episode.world.fixtures["tote"]?.rigidBodies["tote"]).state().pose
        XCTAssertGreaterThan(tote.position.z, 0.85)
        XCTAssertGreaterThan(tote.rotation.rotate(.unitZ).z, 0.999)
    }

    private func tote(_ episode: Episode) throws -> RigidBody {
        try XCTUnwrap(episode.world.fixtures["tote"]?.rigidBodies["tote"])
    }

    /// Height (m) of the tote's centre of mass above its bottom.
    private func toteCenterHeight(_ episode: Episode) throws -> Double {
        let spec = try XCTUnwrap(episode.scene.fixtures.first { $0.name == "tote" })
        return try tote(episode).state().pose.position.z - spec.position.z
    }

    func testToteSetDownOnTheCartIsASuccess() throws {
        let episode = try Episode(scene: try TasksTestSupport.scene("tote_transfer"), seed: 2)
        let deck = try XCTUnwrap(episode.world.goals["cart.deck"])
        let spot = ManipulationTestSupport.restingSpot(deck, height: try toteCenterHeight(episode) + 0.002)
        try ManipulationTestSupport.putDown(try tote(episode), at: spot)
        let result = try XCTUnwrap(ManipulationTestSupport.stepZero(episode, steps: 60))
        XCTAssertTrue(result.success, "failure: \(String(describing: result.failure))")
        XCTAssertEqual(result.rewardTerms["success"], 10)
        XCTAssertEqual(result.metrics["drops"], 0)
        XCTAssertNotNil(result.metrics["cycle_time"])
    }

    func testTheGoalRidesAlongWithThePushedCart() throws {
        let episode = try Episode(scene: try TasksTestSupport.scene("tote_transfer"), seed: 2)
        let cart = try XCTUnwrap(episode.world.fixtures["cart"]?.multiBodies["cart"])
        var state = try cart.baseState()
        let shift = Vector3(0.5, -0.3, 0)
        state.pose.position = state.pose.position + shift
        try cart.setBaseState(state)
        let deck = try XCTUnwrap(episode.world.goals["cart.deck"])
        let height = try toteCenterHeight(episode) + 0.002
        // Where the deck was built is now empty floor; the deck is `shift` away.
        try ManipulationTestSupport.putDown(try tote(episode), at: ManipulationTestSupport.restingSpot(deck, height: height, offset: shift))
        let result = try XCTUnwrap(ManipulationTestSupport.stepZero(episode, steps: 60))
        XCTAssertTrue(result.success, "failure: \(String(describing: result.failure))")
    }

    func testToteOnTheShelfOrTippedIsNoSuccess() throws {
        let scene = try TasksTestSupport.scene("tote_transfer", overrides: ["task.episode_seconds=1"])
        let onShelf = try Episode(scene: scene, seed: 2)
        let shelf = try XCTUnwrap(ManipulationTestSupport.stepZero(onShelf, steps: 1000))
        XCTAssertFalse(shelf.success)
        XCTAssertEqual(shelf.failure, .timeout)
        // On the deck, on its side: resting, released, but not upright.
        let tipped = try Episode(scene: scene, seed: 2)
        let deck = try XCTUnwrap(tipped.world.goals["cart.deck"])
        let body = try tote(tipped)
        try body.setPose(Pose(position: ManipulationTestSupport.restingSpot(deck, height: 0.22),
                              rotation: Quaternion(axis: .unitX, angle: Double.pi / 2)))
        try body.setVelocity(linear: .zero, angular: .zero)
        let result = try XCTUnwrap(ManipulationTestSupport.stepZero(tipped, steps: 1000))
        XCTAssertFalse(result.success)
        XCTAssertEqual(result.failure, .timeout)
        XCTAssertLessThan(result.rewardTerms["tilt"] ?? 0, -0.5)
    }

    func testToteOnTheFloorIsADrop() throws {
        let episode = try Episode(scene: try TasksTestSupport.scene("tote_transfer"), seed: 2)
        try ManipulationTestSupport.putDown(try tote(episode), at: Vector3(-0.8, 0.6, try toteCenterHeight(episode) + 0.002))
        let result = try XCTUnwrap(ManipulationTestSupport.stepZero(episode, steps: 120))
        XCTAssertEqual(result.failure, .droppedPart)
        XCTAssertEqual(result.metrics["drops"], 1)
    }

    func testSameSeedSameStartDifferentSeedsDiffer() throws {
        try ManipulationTestSupport.assertSeedDeterminism("tote_transfer")
        // The tote itself is randomised, from the seed.
        let spec = try TasksTestSupport.scene("tote_transfer")
        let poses = try [4, 4, 5].map { seed in
            try XCTUnwrap(Episode(scene: spec, seed: UInt64(seed)).world.fixtures["tote"]?.rigidBodies["tote"]).state().pose
        }
        XCTAssertEqual(poses[0], poses[1])
        XCTAssertNotEqual(poses[0], poses[2])
    }

    func testBadParametersAreSceneErrors() {
        ManipulationTestSupport.assertParameterError(
            "tote_transfer", ["task.params.tilt_tolerence=0.3"], key: "tilt_tolerence",
            "unknown parameter 'tilt_tolerence' for task tote_transfer (did you mean 'tilt_tolerance'?)")
        ManipulationTestSupport.assertParameterError(
            "tote_transfer", ["task.params.tote=cart"], key: "tote", "fixture 'cart' is a cart, not a tote")
        ManipulationTestSupport.assertParameterError(
            "tote_transfer", ["task.params.tote=crate"], key: "tote", "no fixture named 'crate'")
        ManipulationTestSupport.assertParameterError(
            "tote_transfer", ["fixtures[2].mass=0"], key: "tote",
            "tote 'tote' is static: give it a mass (e.g. mass: 1.5) so it can be carried")
    }
}
