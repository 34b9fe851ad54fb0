// conveyor_sort: parts really arrive and ride the belt; success is judged from where the
// parts physically rest; bad parameters name their key.
import XCTest
import Physics
import Scene
@testable import Tasks

final class ConveyorSortTaskTests: XCTestCase {
    /// Two parts arriving 0.6 s apart from t = 0.
    let quickArrivals = ["task.params.parts=2", "task.params.first_arrival=0", "randomization.arrival_interval=[0.6, 0.6]"]

    func testSceneLoadsAndRunsBrieflyWithZeroActions() throws {
        let scene = try TasksTestSupport.scene("conveyor_sort", overrides: ["task.episode_seconds=1",
                                                                                "task.params.first_arrival=0.5"])
        let episode = try Episode(scene: scene, seed: 1)
        WorkcellTestSupport.assertFinite(try episode.observe(), names: episode.observationNames)
        let result = try XCTUnwrap(TasksTestSupport.runZero(episode))
        WorkcellTestSupport.assertFinite(result.observation, names: episode.observationNames)
        XCTAssertFalse(result.success)
        XCTAssertEqual(result.failure, .timeout)
        XCTAssertEqual(Set(result.rewardTerms.keys), ["reach", "carry", "sorted", "missorted", "missed", "drop"])
        XCTAssertEqual(result.metrics["arrived"], 1, "the first part arrives at 0.5 s")
    }

    func testPartsArriveAndTheBeltCarriesThemAtItsSpeed() throws {
        let scene = try TasksTestSupport.scene("conveyor_sort", overrides: quickArrivals)
        let episode = try Episode(scene: scene, seed: 4)
        let task = try XCTUnwrap(episode.task as? ConveyorSortTask)
        XCTAssertTrue(episode.world.parts.isEmpty, "parts arrive during the episode, not at build time")
        XCTAssertGreaterThanOrEqual(task.beltSpeed, 0.1)
        XCTAssertLessThanOrEqual(task.beltSpeed, 0.2)

        try WorkcellTestSupport.run(episode, seconds: 1.5)
        XCTAssertEqual(episode.world.parts.count, 2, "both parts arrived")
        let part = episode.world.parts[0]
        XCTAssertNotNil(part.spec.label)
        let belt = try XCTUnwrap(episode.world.fixtures["conveyor"])
        let start = try XCTUnwrap(belt.sites["start"]).position, end = try XCTUnwrap(belt.sites["end"]).position
        let direction = (end - start).normalized
        let before = try part.body.state().pose.position
        try WorkcellTestSupport.run(episode, seconds: 2)
        let after = try part.body.state().pose.position
        let along = (after - before).dot(direction) / 2
        XCTAssertEqual(along, task.beltSpeed, accuracy: 0.1 * task.beltSpeed, "carried at belt speed by friction")
        XCTAssertEqual(after.z, start.z + 0.025, accuracy: 0.005, "riding on the belt surface")
        let across = (after - before) - direction * (after - before).dot(direction)
        XCTAssertLessThan(across.length, 0.01)
    }

    func testUnpickedPartsFallIntoTheChuteAndCountAsMissed() throws {
        let scene = try TasksTestSupport.scene("conveyor_sort", overrides: [
            "task.params.parts=1", "task.params.first_arrival=0", "randomization.conveyor_speed=[0.4, 0.4]"])
        let episode = try Episode(scene: scene, seed: 2)
        let result = try XCTUnwrap(WorkcellTestSupport.run(episode, seconds: 7))
        XCTAssertNil(result.failure, "a part in the chute is missed, not dropped")
        XCTAssertEqual(result.metrics["missed"], 1)
        XCTAssertTrue(episode.world.goal("chute", contains: try episode.world.parts[0].body.state().pose.position))
    }

    func testPartsPlacedInTheirBinsSucceedAndMisplacedOnesDoNot() throws {
        let scene = try TasksTestSupport.scene("conveyor_sort", overrides: quickArrivals)
        for mode in ["own", "swapped", "one in the chute"] {
            let episode = try Episode(scene: scene, seed: 9)
            try WorkcellTestSupport.run(episode, seconds: 1.5)
            XCTAssertEqual(episode.world.parts.count, 2)
            for (index, part) in episode.world.parts.enumerated() {
                let own = part.spec.label == "red" ? "red_bin.inside" : "blue_bin.inside"
                let other = own == "red_bin.inside" ? "blue_bin.inside" : "red_bin.inside"
                var target = mode == "swapped" ? other : own
                if mode == "one in the chute" && index == 1 { target = "chute_bin.inside" }
                let region = try XCTUnwrap(episode.world.goals[target])
                let spot = region.position + Vector3(0.06 * Double(index) - 0.03, 0, -region.size.z / 2 + 0.026)
                try WorkcellTestSupport.teleport(part.body, to: spot)
            }
            let result = try XCTUnwrap(WorkcellTestSupport.run(episode, seconds: 2))
            switch mode {
            case "own":
                XCTAssertTrue(result.success, "\(result.metrics)")
                XCTAssertEqual(result.metrics["parts_sorted"], 2)
                XCTAssertGreaterThan(result.metrics["parts_per_minute"] ?? 0, 0)
            case "swapped":
                XCTAssertFalse(result.success)
                XCTAssertEqual(result.metrics["missorted"], 2)
                XCTAssertEqual(result.rewardTerms["missorted"], -2)
            default:
                XCTAssertFalse(result.success)
                XCTAssertEqual(result.metrics["parts_sorted"], 1)
                XCTAssertEqual(result.metrics["missed"], 1)
            }
        }
    }

    func testAPartOnTheFloorIsADrop() throws {
        let scene = try TasksTestSupport.scene("conveyor_sort", overrides: quickArrivals)
        let episode = try Episode(scene: scene, seed: 3)
        try WorkcellTestSupport.run(episode, seconds: 0.5)
        try WorkcellTestSupport.teleport(episode.world.parts[0].body, to: Vector3(0.9, 0.6, 0.03))
        let result = try XCTUnwrap(WorkcellTestSupport.run(episode, seconds: 1))
        XCTAssertEqual(result.failure, .droppedPart)
        XCTAssertTrue(result.terminated)
        XCTAssertEqual(result.rewardTerms["drop"], -10)
    }

    func testTheSeedFixesTheStartArrivalsAndBeltSpeed() throws {
        let scene = try TasksTestSupport.scene("conveyor_sort")
        let hash = try WorkcellTestSupport.assertSameStart(scene, seed: 11)
        let a = try Episode(scene: scene, seed: 11), b = try Episode(scene: scene, seed: 11)
        try WorkcellTestSupport.run(a, seconds: 1.5)
        try WorkcellTestSupport.run(b, seconds: 1.5)
        XCTAssertEqual(try a.world.world.stateHash(), try b.world.world.stateHash(), "arrivals replay exactly")
        XCTAssertEqual(a.trajectoryHash, b.trajectoryHash)
        let c = try Episode(scene: scene, seed: 12)
        XCTAssertNotEqual(try c.world.world.stateHash(), hash)
        XCTAssertNotEqual((a.task as? ConveyorSortTask)?.beltSpeed, (c.task as? ConveyorSortTask)?.beltSpeed)
    }

    func testBadParametersNameTheirKey() {
        WorkcellTestSupport.assertParameterError("conveyor_sort", ["task.params.parts=0"], key: "parts",
                                                 "0.0 is outside 1.0...100.0")
        WorkcellTestSupport.assertParameterError("conveyor_sort", ["task.params.parts=2.5"], key: "parts",
                                                 "expected a whole number, got 2.5")
        WorkcellTestSupport.assertParameterError("conveyor_sort", ["task.params.bins=[red_bin.inside]"], key: "bins",
                                                 "expected one bin per label (2), got 1")
        WorkcellTestSupport.assertParameterError("conveyor_sort", ["task.params.conveyor=red_bin"], key: "conveyor",
                                                 "fixture 'red_bin' is a bin, not a conveyor")
        WorkcellTestSupport.assertParameterError("conveyor_sort", ["task.params.labels=[red, purple]"], key: "labels",
            "no colour for label 'purple' (known: black, blue, green, grey, orange, red, white, yellow)")
        WorkcellTestSupport.assertParameterError("conveyor_sort", ["task.params.bins=[red_bin.inside, blue_bin.insid]"],
                                                 key: "bins[1]", "no region named 'blue_bin.insid' (did you mean 'blue_bin.inside'?)")
        WorkcellTestSupport.assertParameterError("conveyor_sort", ["task.params.part_sise=[0.1, 0.1, 0.1]"], key: "part_sise",
                                                 "unknown parameter 'part_sise' for task conveyor_sort (did you mean 'part_size'?)")
    }
}
