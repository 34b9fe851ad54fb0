import XCTest
import Physics
@testable import Scene

final class ConveyorFixtureTests: XCTestCase {
    func testDefaultsRunAlongXWithStartAndEndSites() throws {
        let world = try World()
        let built = try buildFixture(fixtureSpec("conveyor"), in: world)
        assertWellFormed(built, name: "conveyor")
        XCTAssertEqual(built.sites["start"]?.position, Vector3(-0.9, 0, 0.75))
        XCTAssertEqual(built.sites["end"]?.position, Vector3(0.9, 0, 0.75))
        XCTAssertEqual(built.regions["belt"]?.size, Vector3(2, 0.5, 0.3))
        XCTAssertNotNil(built.rigidBodies["belt"])
        XCTAssertNotNil(built.rigidBodies["frame"])
        XCTAssertEqual(built.drawables.count, 1 + 4 + 2, "belt, legs, rails")
    }

    /// Places a part at "start", runs until it should be at "end", and checks where it is and
    /// how fast it moves.
    private func carry(_ params: [String: SceneValue], yaw: Double, speed: Double,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let world = try worldWithFloor()
        let built = try buildFixture(fixtureSpec("conveyor", position: Vector3(0.5, -1, 0), yaw: yaw, params), in: world)
        let start = try XCTUnwrap(built.sites["start"]).position
        let end = try XCTUnwrap(built.sites["end"]).position
        let part = try addBoxPart(world, size: Vector3(0.1, 0.08, 0.06), mass: 0.3, at: start + Vector3(0, 0, 0.0301))
        let distance = (end - start).length
        let travel = (end - start) / distance
        // Halfway: the part moves at the belt's speed along start → end.
        try simulate(world, seconds: distance / speed / 2)
        let middle = try part.state()
        XCTAssertEqual(middle.linearVelocity.length, speed, accuracy: 0.05 * speed, "speed", file: file, line: line)
        XCTAssertGreaterThan(middle.linearVelocity.normalized.dot(travel), 0.999, "direction", file: file, line: line)
        try simulate(world, seconds: distance / speed / 2)
        let arrived = try part.state().pose.position
        XCTAssertEqual((arrived - start).dot(travel), distance, accuracy: 0.05 * distance, "reached the end",
                       file: file, line: line)
        XCTAssertLessThan(((arrived - start) - travel * (arrived - start).dot(travel)).length - 0.0301, 0.01,
                          "stayed on the line", file: file, line: line)
        XCTAssertTrue(regionContains(try XCTUnwrap(built.regions["end"]), arrived), "in the end region", file: file, line: line)
    }

    func testCarriesAPartToItsEndAtTheSetSpeedAndDirection() throws {
        try carry(["speed": .number(0.3), "length": .number(1.6)], yaw: 0.6, speed: 0.3)
    }

    func testReversedDirectionAndNegativeSpeed() throws {
        try carry(["speed": .number(0.25), "direction": .numbers([-1, 0, 0])], yaw: -2.0, speed: 0.25)
        try carry(["speed": .number(-0.4)], yaw: 0, speed: 0.4)
    }

    func testCrossBeltDirectionAndSites() throws {
        let world = try World()
        let built = try buildFixture(fixtureSpec("conveyor", ["direction": .numbers([0, 2, 0]), "width": .number(1.2)]),
                                     in: world)
        XCTAssertEqual(built.sites["start"]?.position, Vector3(0, -0.5, 0.75))
        XCTAssertEqual(built.sites["end"]?.position, Vector3(0, 0.5, 0.75))
        XCTAssertEqual(built.regions["end"]?.size, Vector3(2, 0.2, 0.3))
        let conveyor = try ConveyorFixture(spec: fixtureSpec("conveyor", yaw: Double.pi / 2, ["speed": .number(0.5)]),
                                           index: 0, file: "x.yaml")
        let velocity = conveyor.beltVelocity()
        XCTAssertEqual(velocity.x, 0, accuracy: 1e-12)
        XCTAssertEqual(velocity.y, 0.5, accuracy: 1e-12)
        XCTAssertEqual(conveyor.beltVelocity(speed: 0.1).y, 0.1, accuracy: 1e-12)
    }

    func testStoppedBeltHoldsAPart() throws {
        let world = try worldWithFloor()
        let built = try buildFixture(fixtureSpec("conveyor", ["speed": .number(0)]), in: world)
        let start = try XCTUnwrap(built.sites["start"]).position + Vector3(0, 0, 0.05)
        let part = try addBoxPart(world, size: Vector3(0.1, 0.1, 0.1), at: start)
        try simulate(world, seconds: 1)
        XCTAssertEqual(try part.state().pose.position.x, start.x, accuracy: 1e-3)
    }

    func testBadParams() {
        assertFixtureError(fixtureSpec("conveyor", ["sped": .number(1)]), key: "sped",
                           "unknown parameter 'sped' for a conveyor (did you mean 'speed'?)")
        assertFixtureError(fixtureSpec("conveyor", ["direction": .numbers([1, 0])]), key: "direction",
                           "expected 3 numbers, got 2")
        assertFixtureError(fixtureSpec("conveyor", ["direction": .numbers([0, 0, 0])]), key: "direction", "must not be zero")
        assertFixtureError(fixtureSpec("conveyor", ["direction": .numbers([1, 0, 1])]), key: "direction",
                           "must lie in the belt's plane (z = 0), got z = 1.0")
        assertFixtureError(fixtureSpec("conveyor", ["length": .number(-2)]), key: "length", "must be > 0 m, got -2.0")
        assertFixtureError(fixtureSpec("conveyor", ["speed": .number(20)]), key: "speed", "20.0 is outside -10.0...10.0")
    }
}
