import XCTest
import Physics
@testable import Scene

final class CartFixtureTests: XCTestCase {
    func testDefaultsAreAFloatingMultibodyOnFourGlides() throws {
        let world = try World()
        let built = try buildFixture(fixtureSpec("cart"), in: world)
        assertWellFormed(built, name: "cart")
        let cart = try XCTUnwrap(built.multiBodies["cart"])
        XCTAssertEqual(cart.linkNames, ["caster_0", "caster_1", "caster_2", "caster_3"])
        XCTAssertEqual(built.drawables.filter { $0.link >= 0 }.count, 4)
        XCTAssertEqual(try XCTUnwrap(built.sites["handle"]).position.z, 0.95, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(built.sites["top"]).position.z, 0.3, accuracy: 1e-12)
        // The glides touch the floor plane.
        XCTAssertEqual(try cart.boundingBox().min.z, 0, accuracy: 0.002)
    }

    func testCustomCartWithoutHandleOrRim() throws {
        let world = try World()
        let built = try buildFixture(fixtureSpec("cart", ["size": .numbers([1.0, 0.6]), "rim": .number(0),
                                                          "handle_height": .number(0), "mass": .number(30)]), in: world)
        XCTAssertNil(built.sites["handle"])
        XCTAssertEqual(built.drawables.count, 1 + 4 + 4, "deck, posts, glides")
        XCTAssertEqual(try XCTUnwrap(built.regions["deck"]).size.x, 1.0, accuracy: 1e-12)
    }

    /// Settles a default cart on a floor; returns the cart and its base position.
    private func settledCart() throws -> (World, MultiBody, BuiltFixture, Vector3) {
        let world = try worldWithFloor(friction: 0.9)
        let built = try buildFixture(fixtureSpec("cart"), in: world)
        let cart = try XCTUnwrap(built.multiBodies["cart"])
        try simulate(world, seconds: 0.5)
        return (world, cart, built, try cart.baseState().pose.position)
    }

    func testAPushAtTheHandleSlidesTheCartAsCoulombFrictionPredicts() throws {
        let (world, cart, built, start) = try settledCart()
        let handle = try XCTUnwrap(built.sites["handle"]).position
        let (force, pushTime, mass) = (30.0, 0.5, 15.0)
        try cart.applyWrench(link: -1, force: Vector3(force, 0, 0), at: handle, duration: pushTime)
        try simulate(world, seconds: 4)
        let end = try cart.baseState()
        // Sliding on glides: μ = 0.05 × 0.9; push, then coast to a stop.
        let deceleration = 0.05 * 0.9 * 9.81
        let speed = (force / mass - deceleration) * pushTime
        let predicted = speed * pushTime / 2 + speed * speed / (2 * deceleration)
        let travelled = end.pose.position.x - start.x
        XCTAssertEqual(travelled, predicted, accuracy: 0.2 * predicted, "predicted \(predicted) m")
        XCTAssertLessThan(abs(end.pose.position.y - start.y), 0.01)
        XCTAssertEqual(end.pose.position.z, start.z, accuracy: 0.003, "stays on its glides")
        XCTAssertLessThan(end.linearVelocity.length, 0.01, "has come to rest")
        XCTAssertGreaterThan(end.pose.rotation.w, 0.999, "did not tip or turn")
    }

    func testAPushBelowFrictionDoesNotMoveIt() throws {
        let (world, cart, _, start) = try settledCart()
        // μ m g ≈ 6.6 N; push with 4 N.
        try cart.applyWrench(link: -1, force: Vector3(4, 0, 0), duration: 1)
        try simulate(world, seconds: 1.5)
        XCTAssertLessThan((try cart.baseState().pose.position - start).length, 0.01)
    }

    func testBadParams() {
        assertFixtureError(fixtureSpec("cart", ["caster_fricton": .number(0.1)]), key: "caster_fricton",
                           "unknown parameter 'caster_fricton' for a cart (did you mean 'caster_friction'?)")
        assertFixtureError(fixtureSpec("cart", ["size": .numbers([0.8])]), key: "size", "expected 2 numbers, got 1")
        assertFixtureError(fixtureSpec("cart", ["size": .numbers([0.8, -0.5])]), key: "size", "sizes must be > 0, got -0.5")
        assertFixtureError(fixtureSpec("cart", ["mass": .number(0.5)]), key: "mass",
                           "must be >= 1.0 kg (the four glides weigh 0.8 kg)")
        assertFixtureError(fixtureSpec("cart", ["deck_height": .number(0.05)]), key: "deck_height",
                           "0.05 m leaves no room for 0.04 m glides under a 0.03 m deck")
    }
}
