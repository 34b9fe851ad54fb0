import XCTest
import Physics
@testable import Scene

final class PegFixtureTests: XCTestCase {
    func testDefaultsAreASquareHoleWithTwoMillimetresClearance() throws {
        let world = try World()
        let built = try buildFixture(fixtureSpec("peg_fixture"), in: world)
        assertWellFormed(built, name: "peg_fixture")
        XCTAssertEqual(built.drawables.count, 5)
        XCTAssertEqual(try XCTUnwrap(built.sites["hole_top"]).position.z, 0.06, accuracy: 1e-12)
        let hole = try XCTUnwrap(built.regions["hole"])
        XCTAssertEqual(hole.size.x, 0.032, accuracy: 1e-12)
        XCTAssertEqual(hole.size.z, 0.05, accuracy: 1e-12)
        // A ray down the hole's middle reaches the bottom; one just outside it hits the top.
        let hits = try world.rayCast([Ray(from: Vector3(0.0155, 0, 1), to: Vector3(0.0155, 0, -1)),
                                      Ray(from: Vector3(0.0165, 0, 1), to: Vector3(0.0165, 0, -1))])
        XCTAssertEqual(try XCTUnwrap(hits[0]).position.z, 0.01, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(hits[1]).position.z, 0.06, accuracy: 1e-6)
    }

    func testRoundHoleIsCircularWithinItsPolygon() throws {
        let world = try World()
        let built = try buildFixture(fixtureSpec("peg_fixture", ["shape": .string("round"), "peg_size": .number(0.04),
                                                                 "clearance": .number(0.004)]), in: world)
        XCTAssertEqual(built.drawables.count, 5 + 24)
        // Around the circle: just inside the radius (0.022) is open, just outside is solid.
        for i in 0..<12 {
            let angle = Double(i) * 0.5236 + 0.1
            let direction = Vector3(cos(angle), sin(angle), 0)
            let hits = try world.rayCast([Ray(from: direction * 0.0215 + Vector3(0, 0, 1), to: direction * 0.0215),
                                          Ray(from: direction * 0.0235 + Vector3(0, 0, 1), to: direction * 0.0235)])
            XCTAssertEqual(try XCTUnwrap(hits[0]).position.z, 0.01, accuracy: 1e-6, "open at \(angle)")
            XCTAssertEqual(try XCTUnwrap(hits[1]).position.z, 0.06, accuracy: 1e-6, "solid at \(angle)")
        }
    }

    /// Drops a peg 1 cm above the hole (0.5 mm off centre) and returns how deep its bottom goes.
    private func insertionDepth(shape: String, pegWidth: Double, yaw: Double = 0.3) throws -> Double {
        let world = try worldWithFloor()
        let built = try buildFixture(fixtureSpec("peg_fixture", position: Vector3(0.2, 0.1, 0), yaw: yaw,
                                                 ["shape": .string(shape)]), in: world)
        let top = try XCTUnwrap(built.sites["hole_top"])
        let length = 0.08
        let collider = shape == "square"
            ? try world.boxShape(halfExtents: Vector3(pegWidth / 2, pegWidth / 2, length / 2))
            : try world.cylinderShape(radius: pegWidth / 2, length: length)
        let peg = try world.addBody(RigidBodyDescription(
            kind: .dynamic, shape: collider, mass: 0.05,
            pose: Pose(position: top.position + Vector3(0.0005, 0, 0.01 + length / 2), rotation: top.rotation),
            material: Material(friction: 0.5)))
        try simulate(world, seconds: 1.5)
        return top.position.z - (try peg.state().pose.position.z - length / 2)
    }

    func testPegsTwoMillimetresSmallerGoInAndLargerOnesDoNot() throws {
        for shape in PegFixture.shapes {
            let fitting = try insertionDepth(shape: shape, pegWidth: 0.032 - 0.002)
            XCTAssertGreaterThanOrEqual(fitting, 0.03, "\(shape) peg goes in")
            XCTAssertEqual(fitting, 0.05, accuracy: 0.002, "\(shape) peg reaches the bottom")
            let tooLarge = try insertionDepth(shape: shape, pegWidth: 0.032 + 0.002)
            XCTAssertLessThan(tooLarge, 0.002, "\(shape) peg rests on top")
        }
    }

    func testBadParams() {
        assertFixtureError(fixtureSpec("peg_fixture", ["clearence": .number(0.001)]), key: "clearence",
                           "unknown parameter 'clearence' for a peg_fixture (did you mean 'clearance'?)")
        assertFixtureError(fixtureSpec("peg_fixture", ["shape": .string("rond")]), key: "shape",
                           "expected one of square, round, got 'rond' (did you mean 'round'?)")
        assertFixtureError(fixtureSpec("peg_fixture", ["block_size": .numbers([0.15, 0.15, 0.1])]), key: "block_size",
                           "expected 2 numbers, got 3")
        assertFixtureError(fixtureSpec("peg_fixture", ["block_size": .numbers([0.04, 0.15])]), key: "block_size",
                           "a 0.04 x 0.15 m block is too small for a 0.032 m hole")
        assertFixtureError(fixtureSpec("peg_fixture", ["depth": .number(-0.05)]), key: "depth", "must be > 0 m, got -0.05")
    }
}
