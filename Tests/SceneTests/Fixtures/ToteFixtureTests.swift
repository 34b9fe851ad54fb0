import XCTest
import Physics
@testable import Scene

final class ToteFixtureTests: XCTestCase {
    func testDefaultsHaveRimAndHandles() throws {
        let world = try World()
        let built = try buildFixture(fixtureSpec("tote"), in: world)
        assertWellFormed(built, name: "tote")
        XCTAssertEqual(built.drawables.count, 5 + 4 + 2, "box, rim, handles")
        let front = try XCTUnwrap(built.sites["handle_front"]).position
        let back = try XCTUnwrap(built.sites["handle_back"]).position
        XCTAssertEqual(front.x, -0.3175, accuracy: 1e-9)
        XCTAssertEqual(back.x, 0.3175, accuracy: 1e-9)
        XCTAssertEqual(front.z, 0.27, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(built.regions["inside"]).size.z, 0.288, accuracy: 1e-9)
    }

    func testCustomParamsWithoutHandles() throws {
        let world = try World()
        let built = try buildFixture(fixtureSpec("tote", ["size": .numbers([0.4, 0.3, 0.15]), "handles": .bool(false),
                                                          "color": .numbers([1, 0, 0, 1])]), in: world)
        XCTAssertEqual(built.drawables.count, 9)
        XCTAssertNil(built.sites["handle_front"])
        XCTAssertTrue(built.drawables.allSatisfy { $0.color == [1, 0, 0, 1] })
    }

    func testWallsContainAPartPushedAgainstThem() throws {
        let world = try worldWithFloor()
        let built = try buildFixture(fixtureSpec("tote", position: Vector3(1, 0, 0), yaw: 0.3), in: world)
        let inside = try XCTUnwrap(built.regions["inside"])
        let bottom = try XCTUnwrap(built.sites["bottom"]).position
        let part = try addBoxPart(world, size: Vector3(0.1, 0.1, 0.1), mass: 0.5, at: bottom + Vector3(0, 0, 0.051),
                                  yaw: 0.3)
        try simulate(world, seconds: 0.2)
        // Push hard (far more than friction) towards each wall in turn, in the tote's frame.
        let turn = Quaternion(axis: .unitZ, angle: 0.3)
        for direction in [Vector3(1, 0, 0), Vector3(0, -1, 0), Vector3(-1, 0, 0), Vector3(0, 1, 0)] {
            try part.applyWrench(force: turn.rotate(direction) * 30, duration: 1)
            try simulate(world, seconds: 1)
            let pose = try part.state().pose
            XCTAssertTrue(regionContains(inside, pose.position), "pushed \(direction): \(pose.position)")
            // The part is pressed against the wall: its farthest corner along the push
            // (however it has turned) touches the wall's inner face and does not pass it.
            let local = turn.conjugate.rotate(pose.position - inside.position)
            let axes = [Vector3.unitX, .unitY, .unitZ].map { turn.conjugate.rotate(pose.rotation.rotate($0)) }
            let reach = axes.reduce(0) { $0 + abs($1.dot(direction)) * 0.05 }
            let wall = abs(direction.x) > 0 ? inside.size.x / 2 : inside.size.y / 2
            XCTAssertEqual(local.dot(direction) + reach, wall, accuracy: 0.003, "\(direction)")
        }
    }

    func testDynamicToteStandsOnTheFloor() throws {
        let world = try worldWithFloor()
        let built = try buildFixture(fixtureSpec("tote", ["mass": .number(2)]), in: world)
        let tote = try XCTUnwrap(built.rigidBodies["tote"])
        let start = try tote.state().pose.position
        try simulate(world, seconds: 1)
        XCTAssertLessThan((try tote.state().pose.position - start).length, 0.002)
    }

    func testBadParams() {
        assertFixtureError(fixtureSpec("tote", ["handle": .bool(true)]), key: "handle",
                           "unknown parameter 'handle' for a tote (did you mean 'handles'?)")
        assertFixtureError(fixtureSpec("tote", ["size": .numbers([0.6, 0.4, 0.3, 0.1])]), key: "size",
                           "expected 3 numbers, got 4")
        assertFixtureError(fixtureSpec("tote", ["size": .numbers([-0.6, 0.4, 0.3])]), key: "size",
                           "sizes must be > 0, got -0.6")
        assertFixtureError(fixtureSpec("tote", ["handle_width": .number(0.5)]), key: "handle_width",
                           "0.5 m is wider than the tote (0.4 m)")
    }
}
