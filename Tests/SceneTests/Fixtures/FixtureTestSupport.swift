// Helpers for the fixture tests: specs, building through the registry, exact error checks,
// free parts and region tests.
import XCTest
import Foundation
import Physics
@testable import Scene

/// The file and line fixture specs in these tests claim to come from.
let fixtureTestFile = "cell.yaml"
let fixtureTestLine = 12

func fixtureSpec(_ type: String, name: String? = nil, position: Vector3 = .zero, yaw: Double = 0,
                 _ params: [String: SceneValue] = [:]) -> FixtureSpec {
    FixtureSpec(type: type, name: name ?? type, position: position, yaw: yaw, params: params, line: fixtureTestLine)
}

/// Makes the fixture through the registry (as a scene does, at index 3) and builds it.
@discardableResult
func buildFixture(_ spec: FixtureSpec, in world: World) throws -> BuiltFixture {
    try FixtureRegistry.make(spec, index: 3, file: fixtureTestFile).build(in: world)
}

/// Asserts that making `spec` fails with exactly `cell.yaml:12: fixtures[3].KEY: MESSAGE`.
func assertFixtureError(_ spec: FixtureSpec, key: String, _ message: String,
                        file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try FixtureRegistry.make(spec, index: 3, file: fixtureTestFile)
        XCTFail("expected an error for \(key)", file: file, line: line)
    } catch let error as SceneError {
        XCTAssertEqual(error.description, "\(fixtureTestFile):\(fixtureTestLine): fixtures[3].\(key): \(message)",
                       file: file, line: line)
    } catch {
        XCTFail("expected a SceneError, got \(error)", file: file, line: line)
    }
}

/// A world with a floor fixture at z = 0.
func worldWithFloor(friction: Double = 0.9) throws -> World {
    let world = try World()
    try buildFixture(fixtureSpec("floor", ["friction": .number(friction)]), in: world)
    return world
}

/// A dynamic box part of full `size` (m).
func addBoxPart(_ world: World, size: Vector3, mass: Double = 0.2, at position: Vector3, yaw: Double = 0,
                friction: Double = 0.8) throws -> RigidBody {
    try world.addBody(RigidBodyDescription(
        kind: .dynamic, shape: try world.boxShape(halfExtents: size / 2), mass: mass,
        pose: Pose(position: position, rotation: Quaternion(axis: .unitZ, angle: yaw)),
        material: Material(friction: friction)))
}

/// Whether a world point lies inside a region (a box turned by its yaw), with `margin` m slack.
func regionContains(_ region: GoalSpec, _ point: Vector3, margin: Double = 0) -> Bool {
    let d = point - region.position
    let local = Quaternion(axis: .unitZ, angle: -region.yaw).rotate(d)
    return abs(local.x) <= region.size.x / 2 + margin && abs(local.y) <= region.size.y / 2 + margin
        && abs(local.z) <= region.size.z / 2 + margin
}

/// Runs `seconds` of simulated time.
func simulate(_ world: World, seconds: Double) throws {
    try world.step(Int((seconds * 240).rounded()))
}

/// Common checks on any built fixture: named, has drawables with valid colours, sites and
/// regions finite, every drawable's body exists in the fixture.
func assertWellFormed(_ built: BuiltFixture, name: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(built.name, name, file: file, line: line)
    XCTAssertFalse(built.drawables.isEmpty, "no drawables", file: file, line: line)
    let ids = Set(built.rigidBodies.values.map(\.id)).union(built.multiBodies.values.map(\.id))
    for drawable in built.drawables {
        XCTAssertTrue(ids.contains(drawable.body), "drawable of unknown body \(drawable.body)", file: file, line: line)
        XCTAssertEqual(drawable.color.count, 4, file: file, line: line)
        XCTAssertTrue(drawable.localPose.isFinite, file: file, line: line)
        if case .box(let size) = drawable.shape {
            XCTAssertTrue(size.x > 0 && size.y > 0 && size.z > 0, "box \(size)", file: file, line: line)
        }
    }
    for (key, site) in built.sites { XCTAssertTrue(site.isFinite, "site \(key)", file: file, line: line) }
    for (key, region) in built.regions {
        XCTAssertEqual(region.name, "\(name).\(key)", file: file, line: line)
        XCTAssertTrue(region.size.x > 0 && region.size.y > 0 && region.size.z > 0, "region \(key)", file: file, line: line)
    }
}
