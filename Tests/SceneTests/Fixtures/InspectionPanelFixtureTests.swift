import XCTest
import Physics
@testable import Scene

final class InspectionPanelFixtureTests: XCTestCase {
    func testDefaultsHaveAMarkedFeature() throws {
        let world = try World()
        let built = try buildFixture(fixtureSpec("inspection_panel"), in: world)
        assertWellFormed(built, name: "inspection_panel")
        let feature = try XCTUnwrap(built.sites["feature"]).position
        XCTAssertEqual(feature.x, -0.01, accuracy: 1e-12)
        XCTAssertEqual(feature.y, 0.1, accuracy: 1e-12)
        XCTAssertEqual(feature.z, 1.15, accuracy: 1e-12)
        let mark = try XCTUnwrap(built.drawables.first { $0.color == [0.9, 0.1, 0.1, 1] })
        XCTAssertEqual(mark.shape, .box(size: Vector3(0.0005, 0.04, 0.04)))
    }

    /// The feature site lies on the panel's front face: a ray from in front of it towards the
    /// panel hits the panel exactly there.
    func testFeatureSiteLiesOnTheFrontFace() throws {
        let world = try worldWithFloor()
        let yaw = 2.2
        let built = try buildFixture(fixtureSpec("inspection_panel", position: Vector3(1.5, -0.5, 0), yaw: yaw,
                                                 ["size": .numbers([0.8, 0.5]), "height": .number(1.0),
                                                  "feature_position": .numbers([-0.2, -0.1]), "feature_size": .number(0.05),
                                                  "thickness": .number(0.03)]), in: world)
        let site = try XCTUnwrap(built.sites["feature"])
        let outward = site.rotation.rotate(Vector3(-1, 0, 0))
        let hit = try XCTUnwrap(try world.rayCast([Ray(from: site.position + outward * 0.5, to: site.position - outward * 0.5)])[0])
        XCTAssertEqual(hit.body, try XCTUnwrap(built.rigidBodies["panel"]).id)
        XCTAssertLessThan((hit.position - site.position).length, 1e-6)
        XCTAssertGreaterThan(hit.normal.dot(outward), 0.999)
        let region = try XCTUnwrap(built.regions["feature"])
        XCTAssertTrue(regionContains(region, site.position + outward * 0.01))
        XCTAssertFalse(regionContains(region, site.position - outward * 0.005), "the region is in front of the face")
    }

    func testBadParams() {
        assertFixtureError(fixtureSpec("inspection_panel", ["feature_colour": .numbers([1, 0, 0])]), key: "feature_colour",
                           "unknown parameter 'feature_colour' for a inspection_panel (did you mean 'feature_color'?)")
        assertFixtureError(fixtureSpec("inspection_panel", ["feature_position": .numbers([0.1])]), key: "feature_position",
                           "expected 2 numbers, got 1")
        assertFixtureError(fixtureSpec("inspection_panel", ["feature_position": .numbers([0.3, 0])]), key: "feature_position",
                           "the 0.04 m mark at [0.3, 0.0] leaves the 0.6 x 0.4 m panel")
        assertFixtureError(fixtureSpec("inspection_panel", ["size": .numbers([0.6, -0.4])]), key: "size",
                           "sizes must be > 0, got -0.4")
        assertFixtureError(fixtureSpec("inspection_panel", ["feature_color": .numbers([2, 0, 0])]), key: "feature_color",
                           "expected 3 or 4 numbers in [0, 1] (RGB or RGBA)")
    }
}
