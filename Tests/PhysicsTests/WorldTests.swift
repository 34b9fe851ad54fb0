// World: stepping and time, free fall under gravity, and closing a world.
import XCTest
import Physics

final class WorldTests: XCTestCase {
    /// A sphere dropped from rest with nothing to hit follows z = z0 - g t²/2, v = -g t.
    ///
    /// Bullet integrates semi-implicitly (symplectic Euler): each step first v += g dt, then
    /// z += v dt with the new v. After n steps v_n = -g n dt exactly, and
    /// z_n = z0 - g dt² n(n+1)/2 = z0 - g t²/2 - g t dt/2: the body runs ahead of the exact
    /// parabola by g t dt / 2 (2.0 cm at t = 1 s with dt = 1/240 s). That bias is the honest
    /// tolerance against the analytic curve; the discrete formula itself must hold to
    /// rounding error.
    func testFreeFallFollowsTheParabolaWithinTheIntegratorsBias() throws {
        let world = try World.make()
        let g = 9.81
        let dt = 1.0 / 240.0
        let start = Vector3(0.3, -0.2, 50)
        let sphere = try world.addBody(RigidBodyDescription(
            kind: .dynamic, shape: world.sphereShape(radius: 0.1), mass: 2, pose: Pose(position: start)))

        for checkpoint in 1...8 {
            try world.step(60)
            let n = Double(checkpoint * 60)
            let t = n * dt
            XCTAssertEqual(try world.time(), t, accuracy: 1e-12)
            XCTAssertEqual(try world.stepCount(), checkpoint * 60)
            let state = try sphere.state()

            // Velocity: exact up to rounding.
            XCTAssertEqual(state.linearVelocity.z, -g * t, accuracy: 1e-9 * g * t, "v at t = \(t)")
            XCTAssertEqual(state.linearVelocity.x, 0, accuracy: 1e-12)
            XCTAssertEqual(state.linearVelocity.y, 0, accuracy: 1e-12)

            // Position: the analytic parabola, within the semi-implicit Euler bias g t dt / 2.
            let analytic = start.z - g * t * t / 2
            let bias = g * t * dt / 2
            XCTAssertEqual(state.pose.position.z, analytic, accuracy: bias * 1.000_001, "z at t = \(t)")
            // And the bias has the predicted size and sign (the discrete sum, to rounding).
            XCTAssertEqual(state.pose.position.z, analytic - bias, accuracy: 1e-9, "discrete z at t = \(t)")
            XCTAssertEqual(state.pose.position.x, start.x, accuracy: 1e-12)
            XCTAssertEqual(state.pose.position.y, start.y, accuracy: 1e-12)
            XCTAssertEqual(state.angularVelocity.length, 0, accuracy: 1e-12)
        }
    }

    func testTimeAndStepCountAdvanceByTheFixedStep() throws {
        let world = try World.make(timeStep: 0.002)
        XCTAssertEqual(try world.time(), 0)
        XCTAssertEqual(try world.stepCount(), 0)
        try world.step(0)
        XCTAssertEqual(try world.stepCount(), 0)
        try world.step()
        try world.step(249)
        XCTAssertEqual(try world.stepCount(), 250)
        XCTAssertEqual(try world.time(), 0.5, accuracy: 1e-12)
    }

    func testNegativeStepCountIsRejected() throws {
        let world = try World()
        assertThrowsPhysicsError(try world.step(-1), PhysicsError.invalidArgument, mentioning: "steps", "-1")
        assertThrowsPhysicsError(try world.stepTimed(-3), PhysicsError.invalidArgument, mentioning: "steps")
        XCTAssertEqual(try world.stepCount(), 0)
    }

    /// After close(), the world and every object made in it throw `worldClosed`, never crash.
    func testEverythingThrowsWorldClosedAfterClose() throws {
        let world = try World()
        let shape = try world.boxShape(halfExtents: Vector3(0.1, 0.1, 0.1))
        let body = try world.addBody(RigidBodyDescription(kind: .dynamic, shape: shape, mass: 1))
        let arm = try world.addMultiBody(MultiBodyDescription(fixedBase: true, links: [
            LinkDescription(name: "link", parent: -1, jointType: .revolute, mass: 1, inertia: Vector3(0.1, 0.1, 0.1)),
        ]))
        try world.step(2)
        XCTAssertFalse(world.isClosed)
        world.close()
        XCTAssertTrue(world.isClosed)
        world.close()  // closing twice is harmless

        assertThrowsPhysicsError(try body.state(), PhysicsError.worldClosed, mentioning: "rigid body \(body.id)")
        assertThrowsPhysicsError(try body.setPose(.identity), PhysicsError.worldClosed, mentioning: "rigid body")
        assertThrowsPhysicsError(try body.applyWrench(force: .unitX, duration: 1), PhysicsError.worldClosed)
        assertThrowsPhysicsError(try body.remove(), PhysicsError.worldClosed)
        assertThrowsPhysicsError(try shape.inertia(mass: 1), PhysicsError.worldClosed, mentioning: "shape \(shape.id)")
        assertThrowsPhysicsError(try arm.jointPositions(), PhysicsError.worldClosed, mentioning: "multibody \(arm.id)")
        assertThrowsPhysicsError(try arm.linkState(0), PhysicsError.worldClosed, mentioning: "multibody")
        assertThrowsPhysicsError(try arm.setControl(0, .torque(1)), PhysicsError.worldClosed, mentioning: "multibody")
        assertThrowsPhysicsError(try world.step(), PhysicsError.worldClosed, mentioning: "world")
        assertThrowsPhysicsError(try world.time(), PhysicsError.worldClosed)
        assertThrowsPhysicsError(try world.settings(), PhysicsError.worldClosed)
        assertThrowsPhysicsError(try world.contacts(), PhysicsError.worldClosed)
        assertThrowsPhysicsError(try world.rayCast([Ray(from: .zero, to: .unitZ)]), PhysicsError.worldClosed)
        assertThrowsPhysicsError(try world.snapshot(), PhysicsError.worldClosed)
        assertThrowsPhysicsError(try world.boxShape(halfExtents: Vector3(1, 1, 1)), PhysicsError.worldClosed,
                                 mentioning: "box shape")
        assertThrowsPhysicsError(try world.addBody(RigidBodyDescription(kind: .dynamic, shape: shape, mass: 1)),
                                 PhysicsError.worldClosed)
    }

    /// Objects keep their world alive: dropping the last reference to the world is safe.
    func testObjectsKeepTheirWorldAlive() throws {
        var body: RigidBody?
        do {
            let world = try World.make()
            body = try world.addBody(RigidBodyDescription(
                kind: .dynamic, shape: world.sphereShape(radius: 0.1), mass: 1, pose: Pose(position: Vector3(0, 0, 1))))
        }
        guard let body else { return XCTFail("no body") }
        try body.world.step(24)
        XCTAssertLessThan(try body.state().pose.position.z, 1)
    }

    /// A world holds 8192 colliders; one more is refused with a message that says so,
    /// nothing is half-added, and a removed body frees its place.
    func testColliderCapacityIsAnErrorNotACrash() throws {
        let world = try World()
        let sphere = try world.sphereShape(radius: 0.01)
        var bodies: [RigidBody] = []
        for index in 0..<8192 {
            bodies.append(try world.addBody(RigidBodyDescription(
                kind: .staticBody, shape: sphere, pose: Pose(position: Vector3(Double(index), 0, 0), rotation: .identity))))
        }
        assertThrowsPhysicsError(try world.addBody(RigidBodyDescription(kind: .dynamic, shape: sphere, mass: 1)),
                                 PhysicsError.invalidArgument, mentioning: "8192 colliders")
        assertThrowsPhysicsError(try world.addMultiBody(MultiBodyDescription(fixedBase: true, links: [
            LinkDescription(name: "link", parent: -1, jointType: .revolute, mass: 1, inertia: Vector3(0.1, 0.1, 0.1)),
        ])), PhysicsError.invalidArgument, mentioning: "colliders")
        try bodies[0].remove()
        let last = try world.addBody(RigidBodyDescription(kind: .dynamic, shape: sphere, mass: 1,
                                                          pose: Pose(position: Vector3(0, 5, 1), rotation: .identity)))
        try world.step(2)
        XCTAssertLessThan(try last.state().pose.position.z, 1, "the body added after the removal falls")
    }
}
