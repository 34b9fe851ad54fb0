import XCTest
import Physics
@testable import Scene

final class WorkbenchFixtureTests: XCTestCase {
    func testDefaultsHaveATopFourLegsAndAShelf() throws {
        let world = try World()
        let built = try buildFixture(fixtureSpec("workbench"), in: world)
        assertWellFormed(built, name: "workbench")
        XCTAssertEqual(built.drawables.count, 6)
        XCTAssertEqual(built.sites["top"]?.position, Vector3(0, 0, 0.9))
        let region = try XCTUnwrap(built.regions["top"])
        XCTAssertEqual(region.size, Vector3(1.2, 0.7, 0.3))
        XCTAssertEqual(region.position.z, 1.05, accuracy: 1e-12)
    }

    func testTableIsAWorkbenchWithTableDefaults() throws {
        let world = try World()
        let built = try buildFixture(fixtureSpec("table"), in: world)
        assertWellFormed(built, name: "table")
        XCTAssertEqual(built.drawables.count, 5, "no lower shelf")
        XCTAssertEqual(built.sites["top"]?.position, Vector3(0, 0, 0.75))
        assertFixtureError(fixtureSpec("table", ["hieght": .number(1)]), key: "hieght",
                           "unknown parameter 'hieght' for a table (did you mean 'height'?)")
    }

    func testCustomParamsTurnedBenchHoldsAPartOnItsTop() throws {
        let world = try worldWithFloor()
        let built = try buildFixture(fixtureSpec("workbench", name: "bench", position: Vector3(1, 2, 0), yaw: 0.7,
                                                 ["size": .numbers([1.5, 0.8]), "height": .number(0.8),
                                                  "lower_shelf": .bool(false), "friction": .number(0.9)]), in: world)
        XCTAssertEqual(built.drawables.count, 5)
        let top = try XCTUnwrap(built.sites["top"]).position
        XCTAssertEqual(top, Vector3(1, 2, 0.8))
        // A point near the far corner of the top, in the turned frame.
        let corner = Quaternion(axis: .unitZ, angle: 0.7).rotate(Vector3(0.65, 0.3, 0)) + Vector3(1, 2, 0)
        let part = try addBoxPart(world, size: Vector3(0.06, 0.06, 0.06), at: corner + Vector3(0, 0, 0.9))
        try simulate(world, seconds: 1.5)
        let rest = try part.state().pose.position
        XCTAssertEqual(rest.z, 0.83, accuracy: 0.003)
        XCTAssertTrue(regionContains(try XCTUnwrap(built.regions["top"]), rest))
    }

    func testBadParams() {
        assertFixtureError(fixtureSpec("workbench", ["size": .numbers([1])]), key: "size", "expected 2 numbers, got 1")
        assertFixtureError(fixtureSpec("workbench", ["height": .number(-0.9)]), key: "height", "must be > 0 m, got -0.9")
        assertFixtureError(fixtureSpec("workbench", ["leg_size": .number(0.4)]), key: "leg_size",
                           "two legs of 0.4 m do not fit under a top of 1.2 x 0.7 m")
        assertFixtureError(fixtureSpec("workbench", ["lower_shelf": .number(1)]), key: "lower_shelf", "expected true or false")
    }
}
