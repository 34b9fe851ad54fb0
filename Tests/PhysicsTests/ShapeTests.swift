// Shapes: inertia of primitives, and every malformed shape rejected with a clear message.
import XCTest
import Physics

final class ShapeTests: XCTestCase {
    /// Solid-body inertia of a box and a sphere (Bullet computes the box from its full
    /// extents: I_x = m (b² + c²) / 3 with half extents a, b, c).
    func testPrimitiveInertiaMatchesTheTextbook() throws {
        let world = try World()
        let box = try world.boxShape(halfExtents: Vector3(0.3, 0.2, 0.1))
        let inertia = try box.inertia(mass: 3)
        XCTAssertEqual(inertia.x, 3 * (0.2 * 0.2 + 0.1 * 0.1) / 3, accuracy: 1e-12)
        XCTAssertEqual(inertia.y, 3 * (0.3 * 0.3 + 0.1 * 0.1) / 3, accuracy: 1e-12)
        XCTAssertEqual(inertia.z, 3 * (0.3 * 0.3 + 0.2 * 0.2) / 3, accuracy: 1e-12)
        let sphere = try world.sphereShape(radius: 0.5)
        let sphereInertia = try sphere.inertia(mass: 2)
        XCTAssertEqual(sphereInertia.x, 0.4 * 2 * 0.25, accuracy: 1e-12)
        XCTAssertEqual(sphereInertia.z, 0.4 * 2 * 0.25, accuracy: 1e-12)
    }

    func testShapeIdsAreDistinct() throws {
        let world = try World()
        let ids = try [
            world.planeShape().id, world.boxShape(halfExtents: Vector3(1, 1, 1)).id, world.sphereShape(radius: 1).id,
            world.capsuleShape(radius: 0.1, length: 0.2).id, world.cylinderShape(radius: 0.1, length: 0.2).id,
        ]
        XCTAssertEqual(Set(ids).count, ids.count)
    }

    func testZeroNegativeAndNaNSizesAreRejected() throws {
        let world = try World()
        assertThrowsPhysicsError(try world.boxShape(halfExtents: Vector3(0.1, 0, 0.1)), PhysicsError.invalidArgument,
                                 mentioning: "box half extent y", "> 0")
        assertThrowsPhysicsError(try world.boxShape(halfExtents: Vector3(-0.1, 0.1, 0.1)), PhysicsError.invalidArgument,
                                 mentioning: "box half extent x")
        assertThrowsPhysicsError(try world.boxShape(halfExtents: Vector3(0.1, 0.1, .nan)), PhysicsError.invalidArgument,
                                 mentioning: "box half extent z")
        assertThrowsPhysicsError(try world.sphereShape(radius: 0), PhysicsError.invalidArgument, mentioning: "sphere radius")
        assertThrowsPhysicsError(try world.sphereShape(radius: -0.5), PhysicsError.invalidArgument, mentioning: "sphere radius")
        assertThrowsPhysicsError(try world.sphereShape(radius: .infinity), PhysicsError.invalidArgument,
                                 mentioning: "sphere radius")
        assertThrowsPhysicsError(try world.capsuleShape(radius: 0, length: 0.2), PhysicsError.invalidArgument,
                                 mentioning: "capsule radius")
        assertThrowsPhysicsError(try world.capsuleShape(radius: 0.1, length: -1), PhysicsError.invalidArgument,
                                 mentioning: "capsule length")
        assertThrowsPhysicsError(try world.cylinderShape(radius: 0.1, length: 0), PhysicsError.invalidArgument,
                                 mentioning: "cylinder length")
        assertThrowsPhysicsError(try world.planeShape(normal: .zero), PhysicsError.invalidArgument, mentioning: "plane normal")
        assertThrowsPhysicsError(try world.planeShape(normal: .unitZ, offset: .nan), PhysicsError.invalidArgument,
                                 mentioning: "plane offset")
    }

    func testConvexHullNeedsFourNonCoplanarFinitePoints() throws {
        let world = try World()
        let triangle = [Vector3(0, 0, 0), Vector3(1, 0, 0), Vector3(0, 1, 0)]
        assertThrowsPhysicsError(try world.convexHullShape(points: triangle), PhysicsError.invalidArgument,
                                 mentioning: "convex hull", "4 points", "3")
        assertThrowsPhysicsError(try world.convexHullShape(points: []), PhysicsError.invalidArgument, mentioning: "convex hull")

        // Flat in the xy plane.
        assertThrowsPhysicsError(try world.convexHullShape(points: triangle + [Vector3(1, 1, 0), Vector3(0.5, 0.2, 0)]),
                                 PhysicsError.invalidArgument, mentioning: "convex hull", "flat")
        // Flat on a tilted plane x + y + z = 1: non-zero size on every axis, still no volume.
        let tilted = [Vector3(1, 0, 0), Vector3(0, 1, 0), Vector3(0, 0, 1), Vector3(0.5, 0.25, 0.25), Vector3(0.2, 0.3, 0.5)]
        assertThrowsPhysicsError(try world.convexHullShape(points: tilted), PhysicsError.invalidArgument,
                                 mentioning: "convex hull", "flat")
        // All on one tilted line.
        let line = (0..<5).map { Vector3(Double($0), 2 * Double($0), -Double($0)) }
        assertThrowsPhysicsError(try world.convexHullShape(points: line), PhysicsError.invalidArgument,
                                 mentioning: "convex hull", "flat")
        // Four copies of one point.
        assertThrowsPhysicsError(try world.convexHullShape(points: Array(repeating: Vector3(1, 2, 3), count: 4)),
                                 PhysicsError.invalidArgument, mentioning: "convex hull")
        // A NaN point, named by its index.
        assertThrowsPhysicsError(try world.convexHullShape(points: triangle + [Vector3(0, 0, .nan)]),
                                 PhysicsError.invalidArgument, mentioning: "convex hull point 3")

        // A real tetrahedron, tilted, is fine.
        let tetrahedron = try world.convexHullShape(points: tilted.prefix(3) + [Vector3(0, 0, 0)])
        XCTAssertGreaterThan(try tetrahedron.inertia(mass: 1).x, 0)
    }

    func testTriangleMeshIndicesAndStaticOnlyUse() throws {
        let world = try World()
        let vertices = [Vector3(0, 0, 0), Vector3(1, 0, 0), Vector3(0, 1, 0)]
        assertThrowsPhysicsError(try world.triangleMeshShape(vertices: vertices, indices: [0, 1, 3]),
                                 PhysicsError.invalidArgument, mentioning: "index 3")
        assertThrowsPhysicsError(try world.triangleMeshShape(vertices: vertices, indices: [0, 1]),
                                 PhysicsError.invalidArgument, mentioning: "multiple of 3")
        assertThrowsPhysicsError(try world.triangleMeshShape(vertices: [Vector3(0, .nan, 0)] + vertices, indices: [1, 2, 3]),
                                 PhysicsError.invalidArgument, mentioning: "vertex")
        let mesh = try world.triangleMeshShape(vertices: vertices, indices: [0, 1, 2])
        assertThrowsPhysicsError(try world.addBody(RigidBodyDescription(kind: .dynamic, shape: mesh, mass: 1)),
                                 PhysicsError.invalidArgument, mentioning: "triangle meshes", "static")
        assertThrowsPhysicsError(try mesh.inertia(mass: 1), PhysicsError.invalidArgument, mentioning: "static")
        XCTAssertNoThrow(try world.addBody(RigidBodyDescription(kind: .staticBody, shape: mesh)))
    }

    func testCompoundChildrenAreChecked() throws {
        let world = try World()
        let box = try world.boxShape(halfExtents: Vector3(0.1, 0.1, 0.1))
        assertThrowsPhysicsError(try world.compoundShape([]), PhysicsError.invalidArgument, mentioning: "compound")
        let nanPose = Pose(position: Vector3(0, .nan, 0))
        assertThrowsPhysicsError(try world.compoundShape([(box, .identity), (box, nanPose)]), PhysicsError.invalidArgument,
                                 mentioning: "compound child pose", "NaN")
        let infinitePose = Pose(rotation: Quaternion(x: 0, y: 0, z: .infinity, w: 1))
        assertThrowsPhysicsError(try world.compoundShape([(box, infinitePose)]), PhysicsError.invalidArgument,
                                 mentioning: "compound child pose")
        let zeroRotation = Pose(rotation: Quaternion(x: 0, y: 0, z: 0, w: 0))
        assertThrowsPhysicsError(try world.compoundShape([(box, zeroRotation)]), PhysicsError.invalidArgument,
                                 mentioning: "compound child pose", "zero length")
        let plane = try world.planeShape()
        assertThrowsPhysicsError(try world.compoundShape([(plane, .identity)]), PhysicsError.invalidArgument,
                                 mentioning: "plane")
        let compound = try world.compoundShape([(box, .identity), (box, Pose(position: Vector3(0.2, 0, 0)))])
        assertThrowsPhysicsError(try world.compoundShape([(compound, .identity)]), PhysicsError.invalidArgument,
                                 mentioning: "compound")
    }

    /// Shapes belong to one world: using one in another throws, for bodies, multibody
    /// links, bases and compound children.
    func testAShapeFromAnotherWorldIsRejected() throws {
        let world = try World()
        let other = try World()
        let foreign = try other.boxShape(halfExtents: Vector3(0.1, 0.1, 0.1))
        assertThrowsPhysicsError(try world.addBody(RigidBodyDescription(kind: .dynamic, shape: foreign, mass: 1)),
                                 PhysicsError.invalidArgument, mentioning: "shape \(foreign.id)", "another world")
        assertThrowsPhysicsError(try world.compoundShape([(foreign, .identity)]), PhysicsError.invalidArgument,
                                 mentioning: "another world")
        let link = LinkDescription(name: "link", parent: -1, jointType: .revolute, mass: 1, inertia: Vector3(1, 1, 1),
                                   shape: foreign)
        assertThrowsPhysicsError(try world.addMultiBody(MultiBodyDescription(fixedBase: true, links: [link])),
                                 PhysicsError.invalidArgument, mentioning: "another world")
        assertThrowsPhysicsError(try world.addMultiBody(MultiBodyDescription(
            fixedBase: false, baseMass: 1, baseInertia: Vector3(1, 1, 1), baseShape: foreign, links: [])),
                                 PhysicsError.invalidArgument, mentioning: "another world")
        try world.step()
        XCTAssertTrue(try world.contacts().isEmpty)
    }

    func testShapeInertiaRejectsBadMass() throws {
        let world = try World()
        let box = try world.boxShape(halfExtents: Vector3(0.1, 0.1, 0.1))
        for mass in [0, -1, Double.nan] {
            assertThrowsPhysicsError(try box.inertia(mass: mass), PhysicsError.invalidArgument, mentioning: "mass")
        }
    }
}
