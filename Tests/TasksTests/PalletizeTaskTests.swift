// palletize: the scene validates and runs; four boxes put down in the pallet's four
// quarters are a success, three (or two sharing a quarter) are not, and a box on the floor
// is a drop.
import XCTest
import Physics
import Scene
@testable import Tasks

final class PalletizeTaskTests: XCTestCase {
    func testSceneValidatesAndZeroActionsRunWithoutNaN() throws {
        let episode = try ManipulationTestSupport.validate("palletize", overrides: ["task.episode_seconds=1"])
        XCTAssertTrue(episode.task is PalletizeTask)
        let result = try XCTUnwrap(ManipulationTestSupport.stepZero(episode, steps: 1000))
        XCTAssertEqual(result.failure, .timeout)
        XCTAssertEqual(Set(result.rewardTerms.keys), ["reach", "transport", "placed", "success", "drop"])
        XCTAssertEqual(result.metrics["parts_placed"], 0)
        XCTAssertEqual(result.metrics["drops"], 0)
    }

    private func box(_ episode: Episode, _ index: Int) throws -> RigidBody {
        try XCTUnwrap(episode.world.part(named: "box_\(index)"))
    }

    /// Centre of quarter `index` of the pallet's deck, raised by a box's half height: the
    /// quarters in the task's order (−x−y, +x−y, −x+y, +x+y).
    private func quarterSpot(_ episode: Episode, _ index: Int) throws -> Vector3 {
        let top = try XCTUnwrap(episode.world.goals["pallet.top"])
        let signs = [(-1.0, -1.0), (1, -1), (-1, 1), (1, 1)][index]
        return ManipulationTestSupport.restingSpot(top, height: 0.062,
                                                   offset: Vector3(signs.0 * top.size.x / 4, signs.1 * top.size.y / 4, 0))
    }

    func testFourBoxesInTheFourQuartersAreASuccess() throws {
        let episode = try Episode(scene: try TasksTestSupport.scene("palletize"), seed: 9)
        for (index, slot) in [2, 0, 3, 1].enumerated() {
            try ManipulationTestSupport.putDown(try box(episode, index), at: try quarterSpot(episode, slot), yaw: 0.05 * Double(index))
        }
        let result = try XCTUnwrap(ManipulationTestSupport.stepZero(episode, steps: 60))
        XCTAssertTrue(result.success, "failure: \(String(describing: result.failure)), metrics \(result.metrics)")
        XCTAssertEqual(result.metrics["parts_placed"], 4)
        XCTAssertEqual(result.rewardTerms["placed"], 2)
        XCTAssertEqual(result.rewardTerms["success"], 10)
        XCTAssertNotNil(result.metrics["cycle_time"])
    }

    func testThreeQuartersOrASharedQuarterIsNoSuccess() throws {
        let scene = try TasksTestSupport.scene("palletize", overrides: ["task.episode_seconds=1"])
        // Three boxes placed, the fourth still on the bench.
        let three = try Episode(scene: scene, seed: 9)
        for index in 0..<3 { try ManipulationTestSupport.putDown(try box(three, index), at: try quarterSpot(three, index)) }
        let partial = try XCTUnwrap(ManipulationTestSupport.stepZero(three, steps: 1000))
        XCTAssertFalse(partial.success)
        XCTAssertEqual(partial.failure, .timeout)
        XCTAssertEqual(partial.metrics["parts_placed"], 3)
        // Two boxes side by side in one quarter fill it once.
        let shared = try Episode(scene: scene, seed: 9)
        for index in 0..<2 { try ManipulationTestSupport.putDown(try box(shared, index), at: try quarterSpot(shared, index)) }
        let quarter = try quarterSpot(shared, 3)
        try ManipulationTestSupport.putDown(try box(shared, 2), at: quarter + Vector3(-0.07, 0, 0), yaw: Double.pi / 2)
        try ManipulationTestSupport.putDown(try box(shared, 3), at: quarter + Vector3(0.07, 0, 0), yaw: Double.pi / 2)
        let doubled = try XCTUnwrap(ManipulationTestSupport.stepZero(shared, steps: 1000))
        XCTAssertFalse(doubled.success)
        XCTAssertEqual(doubled.metrics["parts_placed"], 3)
    }

    func testSceneGoalsCanBeTheSlots() throws {
        // Four goals on the bench itself (its top at 0.9 m), one per box.
        var scene = try TasksTestSupport.scene("palletize")
        let ys = [0.45, 0.15, -0.15, -0.45]
        for (index, y) in ys.enumerated() {
            scene.goals.append(GoalSpec(name: "spot_\(index)", position: Vector3(0.7, y, 1.0), size: Vector3(0.2, 0.25, 0.2)))
        }
        scene.task.params["slots"] = .strings(["spot_0", "spot_1", "spot_2", "spot_3"])
        let episode = try Episode(scene: scene, seed: 9)
        for (index, y) in ys.reversed().enumerated() {
            try ManipulationTestSupport.putDown(try box(episode, index), at: Vector3(0.7, y, 0.962))
        }
        let result = try XCTUnwrap(ManipulationTestSupport.stepZero(episode, steps: 60))
        XCTAssertTrue(result.success, "failure: \(String(describing: result.failure)), metrics \(result.metrics)")
        XCTAssertEqual(result.metrics["parts_placed"], 4)

        scene.task.params["slots"] = .strings(["spot_0", "spot_1", "spot_2"])
        XCTAssertThrowsError(try Episode(scene: scene, seed: 0)) { error in
            XCTAssertTrue("\(error)".hasSuffix("task.params.slots: expected 4 goal names (one per box), got 3"), "\(error)")
        }
    }

    func testBoxOnTheFloorIsADrop() throws {
        let episode = try Episode(scene: try TasksTestSupport.scene("palletize"), seed: 9)
        try ManipulationTestSupport.putDown(try box(episode, 1), at: Vector3(-0.8, 0.5, 0.062))
        let result = try XCTUnwrap(ManipulationTestSupport.stepZero(episode, steps: 60))
        XCTAssertEqual(result.failure, .droppedPart)
        XCTAssertEqual(result.metrics["drops"], 1)
        XCTAssertEqual(result.rewardTerms["drop"], -5)
        // With one drop allowed, the episode goes on and counts it once.
        let tolerant = try Episode(scene: try TasksTestSupport.scene("palletize", overrides: ["task.params.max_drops=1"]), seed: 9)
        try ManipulationTestSupport.putDown(try box(tolerant, 1), at: Vector3(-0.8, 0.5, 0.062))
        let going = try XCTUnwrap(ManipulationTestSupport.stepZero(tolerant, steps: 30))
        XCTAssertNil(going.failure)
        XCTAssertEqual(going.metrics["drops"], 1)
        XCTAssertEqual(going.rewardTerms["drop"], 0, "a drop is penalised once")
    }

    func testSameSeedSameStartDifferentSeedsDiffer() throws {
        try ManipulationTestSupport.assertSeedDeterminism("palletize")
    }

    func testBadParametersAreSceneErrors() {
        ManipulationTestSupport.assertParameterError(
            "palletize", ["task.params.max_drop=1"], key: "max_drop",
            "unknown parameter 'max_drop' for task palletize (did you mean 'max_drops'?)")
        ManipulationTestSupport.assertParameterError(
            "palletize", ["task.params.boxes=[box_0, box_1, box_2, crate]"], key: "boxes", "no part named 'crate'")
        ManipulationTestSupport.assertParameterError(
            "palletize", ["task.params.boxes=[box_0, box_1]"], key: "boxes",
            "the pallet's 2 x 2 pattern takes 4 boxes, got 2 (or give `slots`)")
        ManipulationTestSupport.assertParameterError(
            "palletize", ["task.params.pallet=bench"], key: "pallet", "fixture 'bench' is a workbench, not a pallet")
        ManipulationTestSupport.assertParameterError(
            "palletize", ["task.params.max_drops=0.5"], key: "max_drops", "expected a whole number, got 0.5")
    }
}
