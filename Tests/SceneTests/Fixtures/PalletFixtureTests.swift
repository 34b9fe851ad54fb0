import XCTest
import Physics
@testable import Scene

final class PalletFixtureTests: XCTestCase {
    func testDefaultsAreAEuroPalletWithForkPockets() throws {
        let world = try World()
        let built = try buildFixture(fixtureSpec("pallet"), in: world)
        assertWellFormed(built, name: "pallet")
        XCTAssertEqual(built.drawables.count, 3 + 9 + 3 + 5)
        XCTAssertEqual(try XCTUnwrap(built.sites["top"]).position.z, 0.144, accuracy: 1e-12)
        // Fork pockets: horizontal rays at block height between the blocks pass straight through.
        let z = 0.144 * (0.153 + 0.54 / 2)
        let hits = try world.rayCast([Ray(from: Vector3(-1, 0.2, z), to: Vector3(1, 0.2, z)),
                                      Ray(from: Vector3(0.3, -1, z), to: Vector3(0.3, 1, z)),
                                      Ray(from: Vector3(-1, 0, z), to: Vector3(1, 0, z))])
        XCTAssertNil(hits[0], "pocket along x")
        XCTAssertNil(hits[1], "pocket along y")
        XCTAssertNotNil(hits[2], "the middle row of blocks")
    }

    func testCustomPalletCarriesALoadAndADynamicOneStandsStill() throws {
        let world = try worldWithFloor()
        let built = try buildFixture(fixtureSpec("pallet", ["size": .numbers([1.0, 1.0, 0.15]), "deck_boards": .number(7)]),
                                     in: world)
        XCTAssertEqual(built.drawables.count, 3 + 9 + 3 + 7)
        let part = try addBoxPart(world, size: Vector3(0.3, 0.3, 0.2), mass: 5, at: Vector3(0.1, 0.1, 0.3))
        let moving = try buildFixture(fixtureSpec("pallet", name: "p2", position: Vector3(3, 0, 0), ["mass": .number(25)]),
                                      in: world)
        let pallet = try XCTUnwrap(moving.rigidBodies["pallet"])
        let start = try pallet.state().pose.position
        try simulate(world, seconds: 1)
        XCTAssertEqual(try part.state().pose.position.z, 0.25, accuracy: 0.003)
        XCTAssertTrue(regionContains(try XCTUnwrap(built.regions["top"]), try part.state().pose.position))
        XCTAssertLessThan((try pallet.state().pose.position - start).length, 0.002)
    }

    func testBadParams() {
        assertFixtureError(fixtureSpec("pallet", ["deck_board": .number(3)]), key: "deck_board",
                           "unknown parameter 'deck_board' for a pallet (did you mean 'deck_boards'?)")
        assertFixtureError(fixtureSpec("pallet", ["deck_boards": .number(1)]), key: "deck_boards",
                           "expected a whole number in 2...15")
        assertFixtureError(fixtureSpec("pallet", ["size": .numbers([1.2, 0.8])]), key: "size", "expected 3 numbers, got 2")
        assertFixtureError(fixtureSpec("pallet", ["size": .numbers([1.2, 0.8, -0.1])]), key: "size",
                           "sizes must be > 0, got -0.1")
    }
}
