// Contacts and rays: the weight carried by contact forces, which bodies touch, and ray
// batches that hit and miss.
import XCTest
import Physics

final class ContactTests: XCTestCase {
    private let g = 9.81

    /// A box resting on the floor: its contact normal forces add up to its weight.
    func testRestingBoxContactForcesCarryItsWeight() throws {
        let world = try World.make()
        let floor = try world.addFloor()
        let mass = 3.0
        let box = try world.addBody(RigidBodyDescription(
            kind: .dynamic, shape: world.boxShape(halfExtents: Vector3(0.2, 0.15, 0.1)), mass: mass,
            pose: Pose(position: Vector3(0.5, -0.3, 0.1))))
        try world.step(240)
        let contacts = try world.contacts().filter { $0.isBetween(box.id, floor.id) }
        XCTAssertGreaterThanOrEqual(contacts.count, 3, "a box rests on at least three corners")
        let total = contacts.reduce(0) { $0 + $1.normalForce }
        XCTAssertEqual(total, mass * g, accuracy: 0.01 * mass * g, "sum of normal forces \(total) N")
        for contact in contacts {
            XCTAssertGreaterThanOrEqual(contact.normalForce, 0)
            XCTAssertEqual(contact.normalOnB.length, 1, accuracy: 1e-9)
            // The normal points from B towards A; the box is above the floor.
            let upwardIntoA = contact.bodyA == box.id ? 1.0 : -1.0
            XCTAssertEqual(contact.normalOnB.z * upwardIntoA, 1, accuracy: 1e-6)
            XCTAssertEqual(contact.positionOnB.z, 0, accuracy: 0.005, "contact points on the floor")
            XCTAssertLessThan(abs(contact.distance), 0.005)
        }
        print("resting box: \(contacts.count) contacts, Σ normal force \(total) N vs m g \(mass * g) N")
    }

    /// Contacts are reported for the pairs that touch, and `isBetween` tells them apart.
    func testContactsAreReportedPerTouchingPair() throws {
        let world = try World.make()
        let floor = try world.addFloor()
        let shape = try world.boxShape(halfExtents: Vector3(0.1, 0.1, 0.1))
        let bottom = try world.addBody(RigidBodyDescription(kind: .dynamic, shape: shape, mass: 1,
                                                            pose: Pose(position: Vector3(0, 0, 0.1))))
        let top = try world.addBody(RigidBodyDescription(kind: .dynamic, shape: shape, mass: 1,
                                                         pose: Pose(position: Vector3(0, 0, 0.3))))
        let aside = try world.addBody(RigidBodyDescription(kind: .dynamic, shape: world.sphereShape(radius: 0.1), mass: 1,
                                                           pose: Pose(position: Vector3(2, 0, 0.1))))
        try world.step(120)
        let contacts = try world.contacts()
        XCTAssertFalse(contacts.filter { $0.isBetween(bottom.id, floor.id) }.isEmpty, "bottom box on the floor")
        XCTAssertFalse(contacts.filter { $0.isBetween(floor.id, bottom.id) }.isEmpty, "either order")
        XCTAssertFalse(contacts.filter { $0.isBetween(top.id, bottom.id) }.isEmpty, "top box on the bottom box")
        XCTAssertTrue(contacts.filter { $0.isBetween(top.id, floor.id) }.isEmpty, "the top box never touches the floor")
        XCTAssertFalse(contacts.filter { $0.isBetween(aside.id, floor.id) }.isEmpty, "the sphere rests on the floor")
        XCTAssertTrue(contacts.filter { $0.isBetween(aside.id, bottom.id) }.isEmpty)
        XCTAssertTrue(contacts.allSatisfy { $0.linkA == -1 && $0.linkB == -1 }, "rigid bodies have no links")
        XCTAssertEqual(Set(contacts.filter { $0.involves(top.id) }.map { $0.bodyA == top.id ? $0.bodyB : $0.bodyA }),
                       [bottom.id])
        // The bottom box carries both weights; the top box only its own.
        let onFloor = contacts.filter { $0.isBetween(bottom.id, floor.id) }.reduce(0) { $0 + $1.normalForce }
        let onBottom = contacts.filter { $0.isBetween(top.id, bottom.id) }.reduce(0) { $0 + $1.normalForce }
        XCTAssertEqual(onFloor, 2 * g, accuracy: 0.02 * 2 * g)
        XCTAssertEqual(onBottom, g, accuracy: 0.02 * g)
    }

    /// Multibody links report their link index in contacts.
    func testMultiBodyLinkContactsCarryTheLinkIndex() throws {
        let world = try World.make()
        let floor = try world.addFloor()
        let foot = try world.boxShape(halfExtents: Vector3(0.1, 0.05, 0.02))
        let leg = try world.addMultiBody(MultiBodyDescription(
            fixedBase: true, basePose: Pose(position: Vector3(0, 0, 0.5)),
            links: [LinkDescription(name: "foot", parent: -1, jointType: .prismatic, jointToCenterOfMass: Vector3(0, 0, -0.3),
                                    axis: .unitZ, mass: 1, inertia: Vector3(0.01, 0.01, 0.01), shape: foot)]))
        try world.step(240)
        let touching = try world.contacts().filter { $0.isBetween(leg.id, floor.id) }
        XCTAssertFalse(touching.isEmpty, "the sliding foot lands on the floor")
        for contact in touching {
            XCTAssertEqual(contact.bodyA == leg.id ? contact.linkA : contact.linkB, 0)
        }
        XCTAssertEqual(touching.reduce(0) { $0 + $1.normalForce }, g, accuracy: 0.02 * g)
    }

    /// A batch of rays: one hits the top of a box, one the floor beside it, one a link of a
    /// multibody, and two miss (upwards into the sky; short of the floor).
    func testRayBatchHitsAndMisses() throws {
        let world = try World.make()
        let floor = try world.addFloor()
        let box = try world.addBody(RigidBodyDescription(
            kind: .staticBody, shape: world.boxShape(halfExtents: Vector3(0.2, 0.2, 0.25)),
            pose: Pose(position: Vector3(1, 0, 0.25))))
        let post = try world.addMultiBody(MultiBodyDescription(
            fixedBase: true, basePose: Pose(position: Vector3(-1, 0, 0.5)),
            links: [LinkDescription(name: "knob", parent: -1, jointType: .revolute, jointToCenterOfMass: Vector3(0, 0, 0.2),
                                    axis: .unitZ, mass: 1, inertia: Vector3(0.01, 0.01, 0.01),
                                    shape: world.sphereShape(radius: 0.1))]))
        let rays = [
            Ray(from: Vector3(1.05, 0.1, 2), to: Vector3(1.05, 0.1, -1)),  // box top at z = 0.5
            Ray(from: Vector3(0, 0, 2), to: Vector3(0, 0, -2)),            // floor at z = 0
            Ray(from: Vector3(-1, 2, 0.7), to: Vector3(-1, -2, 0.7)),      // the knob, sideways
            Ray(from: Vector3(0, 0, 1), to: Vector3(0, 0, 5)),             // up: nothing
            Ray(from: Vector3(3, 3, 2), to: Vector3(3, 3, 0.5)),           // stops short of the floor
        ]
        let hits = try world.rayCast(rays)
        XCTAssertEqual(hits.count, rays.count)

        let onBox = try XCTUnwrap(hits[0])
        XCTAssertEqual(onBox.body, box.id)
        XCTAssertEqual(onBox.link, -1)
        XCTAssertEqual(onBox.position.z, 0.5, accuracy: 1e-6)
        XCTAssertEqual(onBox.fraction, 1.5 / 3, accuracy: 1e-6)
        assertClose(onBox.normal, .unitZ, within: 1e-6, "box top normal")

        let onFloor = try XCTUnwrap(hits[1])
        XCTAssertEqual(onFloor.body, floor.id)
        XCTAssertEqual(onFloor.fraction, 0.5, accuracy: 1e-9)
        assertClose(onFloor.position, .zero, within: 1e-9, "floor hit")

        let onKnob = try XCTUnwrap(hits[2])
        XCTAssertEqual(onKnob.body, post.id)
        XCTAssertEqual(onKnob.link, 0)
        XCTAssertEqual(onKnob.position.y, 0.1, accuracy: 1e-6, "the sphere's near side")
        assertClose(onKnob.normal, .unitY, within: 1e-6, "knob normal")

        XCTAssertNil(hits[3])
        XCTAssertNil(hits[4])
        XCTAssertEqual(try world.rayCast([]), [])
    }

    func testNaNRaysAreRejected() throws {
        let world = try World.make()
        try world.addFloor()
        assertThrowsPhysicsError(try world.rayCast([Ray(from: .zero, to: .unitZ), Ray(from: Vector3(.nan, 0, 0), to: .zero)]),
                                 PhysicsError.invalidArgument, mentioning: "ray 1", "NaN")
        assertThrowsPhysicsError(try world.rayCast([Ray(from: .zero, to: Vector3(0, 0, -.infinity))]),
                                 PhysicsError.invalidArgument, mentioning: "ray 0")
    }
}
