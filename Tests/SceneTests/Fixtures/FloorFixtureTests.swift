import XCTest
import Physics
@testable import Scene

final class FloorFixtureTests: XCTestCase {
    func testDefaultsDrawALargeSlabWhoseTopIsThePlane() throws {
        let world = try World()
        let built = try buildFixture(fixtureSpec("floor"), in: world)
        assertWellFormed(built, name: "floor")
        XCTAssertEqual(built.drawables.count, 1)
        XCTAssertEqual(built.drawables[0].shape, .box(size: Vector3(20, 20, 0.02)))
        XCTAssertEqual(built.drawables[0].localPose.position.z, -0.01, accuracy: 1e-12)
        XCTAssertEqual(built.sites["center"]?.position, .zero)
    }

    func testCustomParamsAndARaisedFloorHoldAPart() throws {
        let world = try World()
        let built = try buildFixture(fixtureSpec("floor", position: Vector3(0, 0, 0.5),
                                                 ["size": .numbers([5, 4]), "friction": .number(0.3),
                                                  "color": .numbers([0.1, 0.2, 0.3])]), in: world)
        XCTAssertEqual(built.drawables[0].shape, .box(size: Vector3(5, 4, 0.02)))
        XCTAssertEqual(built.drawables[0].color, [0.1, 0.2, 0.3, 1])
        let part = try addBoxPart(world, size: Vector3(0.1, 0.1, 0.1), at: Vector3(3, 7, 0.8))
        try simulate(world, seconds: 1)
        XCTAssertEqual(try part.state().pose.position.z, 0.55, accuracy: 0.002, "rests on the plane, far outside the slab too")
    }

    func testBadParams() {
        assertFixtureError(fixtureSpec("floor", ["sizee": .numbers([1, 2])]), key: "sizee",
                           "unknown parameter 'sizee' for a floor (did you mean 'size'?)")
        assertFixtureError(fixtureSpec("floor", ["size": .numbers([1, 2, 3])]), key: "size", "expected 2 numbers, got 3")
        assertFixtureError(fixtureSpec("floor", ["size": .numbers([-1, 2])]), key: "size", "sizes must be > 0, got -1.0")
        assertFixtureError(fixtureSpec("floor", ["friction": .number(-0.5)]), key: "friction", "must be >= 0, got -0.5")
    }
}
