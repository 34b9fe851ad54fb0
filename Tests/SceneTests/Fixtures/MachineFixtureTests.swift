import XCTest
import Physics
@testable import Scene

final class MachineFixtureTests: XCTestCase {
    func testDefaultsHaveADoorSitesAndASlot() throws {
        let world = try World()
        let built = try buildFixture(fixtureSpec("machine"), in: world)
        assertWellFormed(built, name: "machine")
        let machine = try XCTUnwrap(built.multiBodies["machine"])
        XCTAssertEqual(machine.linkNames, ["door"])
        XCTAssertEqual(machine.jointTypes, [.revolute])
        for site in ["door_handle", "door_hinge", "opening", "slot"] { XCTAssertNotNil(built.sites[site], site) }
        XCTAssertEqual(try XCTUnwrap(built.sites["slot"]).position.z, 0.72, accuracy: 1e-12)
        let slot = try XCTUnwrap(built.regions["slot"])
        XCTAssertEqual(slot.size.x, 0.06, accuracy: 1e-12)
        XCTAssertTrue(regionContains(try XCTUnwrap(built.regions["inside"]), slot.position))
        XCTAssertLessThan(try XCTUnwrap(built.sites["door_handle"]).position.x, -0.25, "the handle is in front")
    }

    private func machine(_ params: [String: SceneValue] = [:], yaw: Double = 0) throws -> (World, MultiBody, BuiltFixture) {
        let world = try worldWithFloor()
        let built = try buildFixture(fixtureSpec("machine", position: Vector3(1, 0, 0), yaw: yaw, params), in: world)
        return (world, try XCTUnwrap(built.multiBodies["machine"]), built)
    }

    func testDoorSwingsOpenUnderATorqueAndStaysOpenAgainstItsFriction() throws {
        let (world, machine, _) = try machine(yaw: 0.5)
        try simulate(world, seconds: 0.5)
        XCTAssertEqual(try machine.jointPositions()[0], 0, accuracy: 1e-3, "closed at rest")
        // 2 N m about the hinge (world z) for 0.2 s against 0.5 N m of friction.
        try machine.applyWrench(link: MachineFixture.doorLink, force: .zero, torque: Vector3(0, 0, 2), duration: 0.2)
        try simulate(world, seconds: 2)
        let opened = try machine.jointPositions()[0]
        XCTAssertGreaterThan(opened, 0.3, "opened")
        XCTAssertLessThan(opened, 1.75 - 0.1, "stopped by friction before the limit")
        try simulate(world, seconds: 2)
        XCTAssertEqual(try machine.jointPositions()[0], opened, accuracy: 1e-4, "stays open")
        XCTAssertEqual(try machine.jointVelocities()[0], 0, accuracy: 1e-4)
    }

    func testPullingTheHandleOpensTheDoorAndPushingItShutDoesNot() throws {
        let (world, machine, built) = try machine(yaw: -0.8)
        let handle = try XCTUnwrap(built.sites["door_handle"])
        try machine.applyWrench(link: MachineFixture.doorLink, force: handle.rotation.rotate(Vector3(15, 0, 0)),
                                at: handle.position, duration: 0.5)
        try simulate(world, seconds: 1)
        XCTAssertEqual(try machine.jointPositions()[0], 0, accuracy: 2e-3, "pushed inwards: the closed limit holds")
        try machine.applyWrench(link: MachineFixture.doorLink, force: handle.rotation.rotate(Vector3(-6, 0, 0)),
                                at: handle.position, duration: 0.1)
        try simulate(world, seconds: 1)
        XCTAssertGreaterThan(try machine.jointPositions()[0], 0.05, "pulled outwards: opens")
    }

    func testTorqueBelowFrictionDoesNotMoveTheDoorAndLimitsHold() throws {
        let (world, machine, _) = try machine(["door_friction": .number(1.0), "door_angle": .number(1.5)])
        try machine.applyWrench(link: MachineFixture.doorLink, force: .zero, torque: Vector3(0, 0, 0.6), duration: 1)
        try simulate(world, seconds: 1)
        XCTAssertEqual(try machine.jointPositions()[0], 0, accuracy: 2e-3, "0.6 N m < 1 N m friction")
        // A strong opening torque drives it to the upper limit (overshooting by at most one
        // step's travel, then pushed back), where it holds against 100 N m; a closing one
        // brings it back to 0.
        var peak = 0.0
        try machine.applyWrench(link: MachineFixture.doorLink, force: .zero, torque: Vector3(0, 0, 10), duration: 1)
        for _ in 0..<240 {
            try world.step()
            peak = max(peak, try machine.jointPositions()[0])
        }
        XCTAssertLessThan(peak, 1.5 + 0.03, "overshoot")
        XCTAssertEqual(try machine.jointPositions()[0], 1.5, accuracy: 1e-3, "at the upper limit")
        try machine.applyWrench(link: MachineFixture.doorLink, force: .zero, torque: Vector3(0, 0, 100), duration: 1)
        try simulate(world, seconds: 1)
        XCTAssertEqual(try machine.jointPositions()[0], 1.5, accuracy: 1e-3, "held at the upper limit against 100 N m")
        try machine.applyWrench(link: MachineFixture.doorLink, force: .zero, torque: Vector3(0, 0, -10), duration: 1)
        try simulate(world, seconds: 1.5)
        XCTAssertEqual(try machine.jointPositions()[0], 0, accuracy: 1e-3, "closed at the lower limit")
    }

    func testAPartPlacedInTheSlotStaysThere() throws {
        let (world, _, built) = try machine(["slot_size": .numbers([0.05, 0.05, 0.02])], yaw: 1)
        let slot = try XCTUnwrap(built.sites["slot"])
        let part = try addBoxPart(world, size: Vector3(0.04, 0.04, 0.04), at: slot.position + Vector3(0, 0, 0.03), yaw: 1)
        try simulate(world, seconds: 1)
        let position = try part.state().pose.position
        XCTAssertTrue(regionContains(try XCTUnwrap(built.regions["slot"]), position), "\(position)")
        XCTAssertEqual(position.z, slot.position.z + 0.02, accuracy: 0.002)
    }

    func testBadParams() {
        assertFixtureError(fixtureSpec("machine", ["door_frition": .number(1)]), key: "door_frition",
                           "unknown parameter 'door_frition' for a machine (did you mean 'door_friction'?)")
        assertFixtureError(fixtureSpec("machine", ["opening": .numbers([0.4, 0.3, 0.1])]), key: "opening",
                           "expected 2 numbers, got 3")
        assertFixtureError(fixtureSpec("machine", ["opening": .numbers([0.7, 0.3])]), key: "opening",
                           "a 0.7 x 0.3 m opening does not fit in the 0.6 x 0.5 m front with 0.02 m walls")
        assertFixtureError(fixtureSpec("machine", ["size": .numbers([0.5, -0.6, 0.5])]), key: "size",
                           "sizes must be > 0, got -0.6")
        assertFixtureError(fixtureSpec("machine", ["door_friction": .number(-1)]), key: "door_friction", "must be >= 0, got -1.0")
    }
}
