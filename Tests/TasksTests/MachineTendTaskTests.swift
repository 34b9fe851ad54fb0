// machine_tend: success needs the part resting in the nest AND the door joint shut; the door
// is a real hinge; bad parameters name their key.
import XCTest
import Physics
import Scene
@testable import Tasks

final class MachineTendTaskTests: XCTestCase {
    func testSceneLoadsAndRunsBrieflyWithZeroActions() throws {
        let scene = try TasksTestSupport.scene("machine_tend", overrides: ["task.episode_seconds=1"])
        let episode = try Episode(scene: scene, seed: 1)
        WorkcellTestSupport.assertFinite(try episode.observe(), names: episode.observationNames)
        let result = try XCTUnwrap(TasksTestSupport.runZero(episode))
        WorkcellTestSupport.assertFinite(result.observation, names: episode.observationNames)
        XCTAssertFalse(result.success, "the part starts on the side table")
        XCTAssertEqual(result.failure, .timeout)
        XCTAssertEqual(result.metrics["part_in_slot"], 0)
        XCTAssertEqual(result.metrics["door_angle_degrees"] ?? 90, 0, accuracy: 0.5, "the door starts shut")
        XCTAssertEqual(Set(result.rewardTerms.keys), ["reach", "door_open", "place", "door_close", "success", "drop"])
    }

    /// The right forearm, palm and fingers once passed through the chest here with their
    /// contact switched off (robot.self_collision_exclude); the scene is laid out so the arm has
    /// room, and keeps self-collision on with nothing excluded.
    func testTheArmCollidesWithTheTorso() throws {
        let scene = try TasksTestSupport.scene("machine_tend")
        XCTAssertNotEqual(scene.robot.selfCollision, false, "self-collision stays on in machine_tend")
        XCTAssertTrue((scene.robot.selfCollisionExclude ?? []).isEmpty,
                      "machine_tend excludes no link pair from self-collision: \(scene.robot.selfCollisionExclude ?? [])")
        // The built world has the contact: the arm's links pair with the torso.
        let pairs = Set(try SceneWorld(spec: scene, seed: 1).robot.selfCollisionPairs.map { $0.sorted() })
        for link in ["right_forearm", "right_palm", "right_finger_a", "right_finger_b"] {
            XCTAssertTrue(pairs.contains([link, "torso"].sorted()), "\(link) collides with the torso")
        }
        // Room for the forearm (8 cm across) between the chest's front (x 0.10) and the face.
        let machine = try XCTUnwrap(scene.fixtures.first { $0.name == "machine" })
        let fixture = try MachineFixture(spec: machine, index: 0, file: scene.sourceFile)
        XCTAssertGreaterThanOrEqual(machine.position.x - fixture.size.x / 2, 0.20)
    }

    private struct Cell {
        let episode: Episode
        let door: MultiBody
        let part: RigidBody
        let slot: Vector3
    }

    private func cell(seed: UInt64 = 3) throws -> Cell {
        let episode = try Episode(scene: try TasksTestSupport.scene("machine_tend"), seed: seed)
        let machine = try XCTUnwrap(episode.world.fixtures["machine"])
        return Cell(episode: episode, door: try XCTUnwrap(machine.multiBodies["machine"]),
                    part: try XCTUnwrap(episode.world.part(named: "blank")),
                    slot: try XCTUnwrap(machine.sites["slot"]).position)
    }

    private func setDoor(_ cell: Cell, degrees: Double) throws {
        try cell.door.setJointState(MachineFixture.doorLink, position: degrees * Double.pi / 180)
    }

    func testAPartInTheNestBehindTheShutDoorIsASuccess() throws {
        let cell = try cell()
        // Opened, loaded, closed: the state a good episode ends in.
        try setDoor(cell, degrees: 80)
        try WorkcellTestSupport.teleport(cell.part, to: cell.slot + Vector3(0, 0, 0.016))
        let open = try XCTUnwrap(WorkcellTestSupport.run(cell.episode, seconds: 0.5))
        XCTAssertFalse(open.success, "the door is still open")
        XCTAssertEqual(open.metrics["part_in_slot"], 1)
        XCTAssertEqual(open.metrics["door_angle_degrees"] ?? 0, 80, accuracy: 1, "the hinge's friction holds the door")
        XCTAssertEqual(open.rewardTerms["door_close"], 0, "no closing credit while the door is open past 60°")
        try setDoor(cell, degrees: 0)
        let shut = try XCTUnwrap(WorkcellTestSupport.run(cell.episode, seconds: 0.5))
        XCTAssertTrue(shut.success, "\(shut.metrics)")
        XCTAssertEqual(shut.rewardTerms["success"], 10)
        XCTAssertNotNil(shut.metrics["cycle_time"])
    }

    func testTheDoorMustBeWithinFiveDegreesOfShut() throws {
        for (degrees, expected) in [(4.0, true), (8.0, false)] {
            let cell = try cell()
            try setDoor(cell, degrees: degrees)
            try WorkcellTestSupport.teleport(cell.part, to: cell.slot + Vector3(0, 0, 0.016))
            let result = try XCTUnwrap(WorkcellTestSupport.run(cell.episode, seconds: 0.5))
            XCTAssertEqual(result.success, expected, "door at \(degrees)°: \(result.metrics)")
        }
    }

    func testAPartOutsideTheNestIsNotASuccess() throws {
        let cell = try cell()
        // Inside the cabinet, but beside the nest (the cabinet is 0.2 m deep inside: the part
        // sits 0.12 m to the nest's side).
        try WorkcellTestSupport.teleport(cell.part, to: cell.slot + Vector3(0, 0.12, 0.016))
        let result = try XCTUnwrap(WorkcellTestSupport.run(cell.episode, seconds: 0.5))
        XCTAssertFalse(result.success)
        XCTAssertEqual(result.metrics["part_in_slot"], 0)
        XCTAssertNil(result.failure)
    }

    func testTheDoorIsARealHinge() throws {
        let cell = try cell()
        let handle = try XCTUnwrap(cell.episode.world.fixtures["machine"]?.sites["door_handle"]).position
        // Pull the handle towards the robot (−x): the door swings open and friction holds it.
        try cell.door.applyWrench(link: MachineFixture.doorLink, force: Vector3(-40, 0, 0), at: handle, duration: 0.15)
        let result = try XCTUnwrap(WorkcellTestSupport.run(cell.episode, seconds: 1))
        XCTAssertGreaterThan(result.metrics["door_angle_degrees"] ?? 0, 10)
        XCTAssertGreaterThan(result.metrics["max_door_angle_degrees"] ?? 0, 10)
        XCTAssertGreaterThan(result.rewardTerms["door_open"] ?? 0, 0)
    }

    func testAPartOnTheFloorIsADrop() throws {
        let cell = try cell()
        try WorkcellTestSupport.teleport(cell.part, to: Vector3(-0.4, 0.4, 0.016))
        XCTAssertEqual(try XCTUnwrap(WorkcellTestSupport.run(cell.episode, seconds: 0.5)).failure, .droppedPart)
    }

    func testTheSeedFixesTheStart() throws {
        let scene = try TasksTestSupport.scene("machine_tend")
        let hash = try WorkcellTestSupport.assertSameStart(scene, seed: 31)
        XCTAssertNotEqual(try Episode(scene: scene, seed: 32).world.world.stateHash(), hash)
    }

    func testBadParametersNameTheirKey() {
        WorkcellTestSupport.assertParameterError("machine_tend", ["task.params.machine=side_table"], key: "machine",
                                                 "fixture 'side_table' is a table, not a machine")
        WorkcellTestSupport.assertParameterError("machine_tend", ["task.params.part=blnk"], key: "part",
                                                 "no part named 'blnk' (did you mean 'blank'?)")
        WorkcellTestSupport.assertParameterError("machine_tend", ["task.params.closed_tolerance_degrees=50"],
                                                 key: "closed_tolerance_degrees", "50.0 is outside 0.1...45.0")
    }
}
