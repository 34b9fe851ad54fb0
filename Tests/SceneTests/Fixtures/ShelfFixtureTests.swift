import XCTest
import Physics
@testable import Scene

final class ShelfFixtureTests: XCTestCase {
    func testDefaultsHaveFourLevelsEvenlySpaced() throws {
        let world = try World()
        let built = try buildFixture(fixtureSpec("shelf"), in: world)
        assertWellFormed(built, name: "shelf")
        XCTAssertEqual(built.drawables.count, 4 + 4 + 1, "posts, boards, back panel")
        let heights = try (0..<4).map { try XCTUnwrap(built.sites["level_\($0)"]).position.z }
        for (height, expected) in zip(heights, [0.1, 0.6, 1.1, 1.6]) { XCTAssertEqual(height, expected, accuracy: 1e-9) }
        let level1 = try XCTUnwrap(built.regions["level_1"])
        XCTAssertEqual(level1.size.z, 0.48, accuracy: 1e-9, "up to the next board's underside")
        XCTAssertEqual(try XCTUnwrap(built.regions["level_3"]).size.z, 0.3, accuracy: 1e-9)
    }

    func testCustomShelfHoldsAPartOnEachLevel() throws {
        let world = try worldWithFloor()
        let built = try buildFixture(fixtureSpec("shelf", position: Vector3(0, 1, 0), yaw: -1.2,
                                                 ["size": .numbers([0.5, 0.8, 1.2]), "levels": .number(3),
                                                  "back_panel": .bool(false), "bottom": .number(0.2)]), in: world)
        XCTAssertEqual(built.drawables.count, 4 + 3)
        var parts: [(RigidBody, GoalSpec)] = []
        for level in 0..<3 {
            let site = try XCTUnwrap(built.sites["level_\(level)"]).position
            parts.append((try addBoxPart(world, size: Vector3(0.08, 0.08, 0.08), at: site + Vector3(0, 0, 0.06)),
                          try XCTUnwrap(built.regions["level_\(level)"])))
        }
        try simulate(world, seconds: 1)
        for (part, region) in parts {
            let position = try part.state().pose.position
            XCTAssertTrue(regionContains(region, position), "\(region.name): \(position)")
            XCTAssertEqual(position.z, region.position.z - region.size.z / 2 + 0.04, accuracy: 0.003)
        }
    }

    func testBadParams() {
        assertFixtureError(fixtureSpec("shelf", ["level": .number(3)]), key: "level",
                           "unknown parameter 'level' for a shelf (did you mean 'levels'?)")
        assertFixtureError(fixtureSpec("shelf", ["levels": .number(0)]), key: "levels", "expected a whole number in 1...20")
        assertFixtureError(fixtureSpec("shelf", ["levels": .number(2.5)]), key: "levels", "expected a whole number in 1...20")
        assertFixtureError(fixtureSpec("shelf", ["levels": .number(20), "size": .numbers([0.4, 1, 1])]), key: "levels",
                           "20 boards leave less than 0.05 m between them")
        assertFixtureError(fixtureSpec("shelf", ["size": .numbers([0.4, 0, 1])]), key: "size", "sizes must be > 0, got 0.0")
    }
}
