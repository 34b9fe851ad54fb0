import XCTest
import Physics
@testable import Scene

final class BinFixtureTests: XCTestCase {
    func testDefaultsAreAnOpenBoxWithItsInsideAsARegion() throws {
        let world = try World()
        let built = try buildFixture(fixtureSpec("bin"), in: world)
        assertWellFormed(built, name: "bin")
        XCTAssertEqual(built.drawables.count, 5, "floor and four walls")
        let inside = try XCTUnwrap(built.regions["inside"])
        XCTAssertEqual(inside.size.x, 0.38, accuracy: 1e-12)
        XCTAssertEqual(inside.size.y, 0.28, accuracy: 1e-12)
        XCTAssertEqual(inside.size.z, 0.19, accuracy: 1e-12)
        XCTAssertEqual(inside.position.z, 0.105, accuracy: 1e-12)
        XCTAssertEqual(built.sites["top"]?.position, Vector3(0, 0, 0.2))
        XCTAssertEqual(built.sites["bottom"]?.position, Vector3(0, 0, 0.01))
        XCTAssertEqual(built.rigidBodies["bin"]?.kind, .staticBody)
    }

    func testDroppedBoxesStayInside() throws {
        let world = try worldWithFloor()
        let built = try buildFixture(fixtureSpec("bin", position: Vector3(0.5, -0.2, 0), yaw: 0.4,
                                                 ["size": .numbers([0.5, 0.35, 0.25]), "wall": .number(0.008)]), in: world)
        let inside = try XCTUnwrap(built.regions["inside"])
        let top = try XCTUnwrap(built.sites["top"]).position
        // One box over the middle, one near a wall, dropped from 0.3 m above the rim.
        let drops = [Vector3(0, 0, 0.3), Vector3(0.15, 0.1, 0.35)].map { top + Quaternion(axis: .unitZ, angle: 0.4).rotate($0) }
        let parts = try drops.map { try addBoxPart(world, size: Vector3(0.07, 0.05, 0.06), at: $0, yaw: 0.9) }
        try simulate(world, seconds: 2)
        for part in parts {
            let state = try part.state()
            XCTAssertTrue(regionContains(inside, state.pose.position), "\(state.pose.position)")
            XCTAssertLessThan(state.linearVelocity.length, 0.01, "at rest")
            XCTAssertLessThan(state.pose.position.z, top.z - 0.15, "on the bin's floor")
        }
    }

    func testDynamicBinRestsOnTheFloor() throws {
        let world = try worldWithFloor()
        let built = try buildFixture(fixtureSpec("bin", ["mass": .number(1.5)]), in: world)
        let bin = try XCTUnwrap(built.rigidBodies["bin"])
        XCTAssertEqual(bin.kind, .dynamic)
        let start = try bin.state().pose.position
        try simulate(world, seconds: 1)
        let end = try bin.state().pose.position
        XCTAssertLessThan((end - start).length, 0.002, "stands still on its floor")
    }

    func testBadParams() {
        assertFixtureError(fixtureSpec("bin", ["szie": .numbers([1, 1, 1])]), key: "szie",
                           "unknown parameter 'szie' for a bin (did you mean 'size'?)")
        assertFixtureError(fixtureSpec("bin", ["size": .numbers([0.4, 0.3])]), key: "size", "expected 3 numbers, got 2")
        assertFixtureError(fixtureSpec("bin", ["size": .numbers([0.4, -0.3, 0.2])]), key: "size", "sizes must be > 0, got -0.3")
        assertFixtureError(fixtureSpec("bin", ["wall": .number(0.2)]), key: "wall",
                           "walls of 0.2 m leave no inside in a 0.4 x 0.3 m box")
        assertFixtureError(fixtureSpec("bin", ["mass": .string("heavy")]), key: "mass", "expected a number")
    }
}
