// Rigid bodies: friction on an incline, kinematic motion, timed pushes, and bad input.
import XCTest
import Foundation
import Physics

final class RigidBodyTests: XCTestCase {
    // MARK: Friction on an incline

    /// Places a 1 kg box at rest on a static plane through the origin tilted by `degrees`
    /// about y, and returns how far it moved along the slope in `seconds`.
    ///
    /// Bullet combines the friction of two touching colliders as the product of their
    /// coefficients (btManifoldResult::calculateCombinedFriction), so the plane gets 1.0
    /// and the box carries the coefficient under test.
    private func slide(degrees: Double, friction: Double, seconds: Double = 2) throws -> (distance: Double, expected: Double) {
        let world = try World.make()
        let angle = degrees * .pi / 180
        let tilt = Quaternion(axis: .unitY, angle: angle)
        _ = try world.addBody(RigidBodyDescription(kind: .staticBody, shape: world.planeShape(), pose: Pose(rotation: tilt),
                                               material: Material(friction: 1.0)))
        let halfHeight = 0.05
        let start = tilt.rotate(Vector3(0, 0, halfHeight))
        let box = try world.addBody(RigidBodyDescription(
            kind: .dynamic, shape: world.boxShape(halfExtents: Vector3(0.1, 0.1, halfHeight)), mass: 1,
            pose: Pose(position: start, rotation: tilt), material: Material(friction: friction)))
        try world.step(Int((seconds / (1.0 / 240.0)).rounded()))
        let moved = try box.state().pose.position - start
        // Down the slope: tilting about +y lowers the +x side, so the box slides toward +x.
        let downSlope = tilt.rotate(.unitX)
        let acceleration = max(0, 9.81 * (sin(angle) - friction * cos(angle)))
        return (moved.dot(downSlope), acceleration * seconds * seconds / 2)
    }

    func testBoxStaysPutBelowTheFrictionAngle() throws {
        let friction = 0.5  // friction angle atan(0.5) = 26.57°
        for degrees in [10.0, 23.5] {
            let (distance, _) = try slide(degrees: degrees, friction: friction)
            // Static friction holds: allow 2 mm of solver creep over 2 s.
            XCTAssertLessThan(abs(distance), 0.002, "tilt \(degrees)°: the box crept \(distance) m")
            print("incline \(degrees)°, μ \(friction): moved \(distance) m in 2 s (holds)")
        }
    }

    func testBoxSlidesAboveTheFrictionAngle() throws {
        let friction = 0.5
        for degrees in [29.5, 35.0] {
            let (distance, expected) = try slide(degrees: degrees, friction: friction)
            // Kinetic friction: s = g (sin θ - μ cos θ) t² / 2 (1.12 m at 29.5°, 3.2 m at 35°).
            // 5 %: a sliding box's contact points outrun Bullet's manifold (they break after
            // a few mm of slip and are rebuilt), so the box chatters a little on its contacts.
            // Before the plane-convex multipoint fix in World.cpp it slid 26 % short at 29.5°.
            XCTAssertGreaterThan(distance, 0.25, "tilt \(degrees)°: the box must slide")
            XCTAssertEqual(distance, expected, accuracy: 0.05 * expected, "tilt \(degrees)°")
            print("incline \(degrees)°, μ \(friction): slid \(distance) m in 2 s, Coulomb predicts \(expected) m")
        }
    }

    // MARK: Kinematic bodies

    /// A kinematic box moved by setPose gets the velocity of that motion and shoves a
    /// resting dynamic box out of its way without being slowed down.
    func testKinematicBodyMovedByPoseHasVelocityAndPushes() throws {
        let world = try World.make()
        try world.addFloor(friction: 0.5)
        let shape = try world.boxShape(halfExtents: Vector3(0.1, 0.1, 0.1))
        let pusher = try world.addBody(RigidBodyDescription(kind: .kinematic, shape: shape,
                                                            pose: Pose(position: Vector3(-0.5, 0, 0.1))))
        let crate = try world.addBody(RigidBodyDescription(kind: .dynamic, shape: shape, mass: 1,
                                                           pose: Pose(position: Vector3(0, 0, 0.1))))
        try world.step(60)  // settle the crate
        let crateStart = try crate.state().pose.position

        let speed = 0.5
        let dt = 1.0 / 240.0
        var x = -0.5
        for _ in 0..<480 {  // 2 s: 1 m of travel, the last 0.7 m through the crate's place
            x += speed * dt
            try pusher.setPose(Pose(position: Vector3(x, 0, 0.1)))
            try world.step()
            let state = try pusher.state()
            XCTAssertEqual(state.pose.position.x, x, accuracy: 1e-12, "a kinematic body goes exactly where it is put")
            XCTAssertEqual(state.linearVelocity.x, speed, accuracy: 1e-6)
            XCTAssertEqual(state.linearVelocity.z, 0, accuracy: 1e-9)
        }
        let crateEnd = try crate.state().pose.position
        // The crate is pushed ahead of the pusher's front face (x + 0.1) and never overlapped.
        XCTAssertGreaterThan(crateEnd.x - crateStart.x, 0.6, "the crate must be shoved along")
        XCTAssertGreaterThanOrEqual(crateEnd.x - 0.1, x + 0.1 - 0.01, "the crate stays in front of the pusher")
    }

    // MARK: Timed pushes

    /// A constant force F for a duration changes the momentum by F · duration.
    func testWrenchChangesMomentumByForceTimesDuration() throws {
        let world = try World.make(gravity: .zero)
        let body = try world.addBody(RigidBodyDescription(
            kind: .dynamic, shape: world.boxShape(halfExtents: Vector3(0.2, 0.1, 0.1)), mass: 2.5))
        let force = Vector3(3, -1, 2)
        let duration = 0.5  // 120 steps of 1/240 s
        try body.applyWrench(force: force, duration: duration)
        try world.step(60)
        // Halfway through the push, half the impulse.
        assertClose(try body.state().linearVelocity * 2.5, force * 0.25, within: 1e-9, "momentum at 0.25 s")
        try world.step(140)
        let momentum = try body.state().linearVelocity * 2.5
        assertClose(momentum, force * duration, within: 1e-9, "momentum after the push")
        // Applied at the centre of mass: no spin.
        XCTAssertEqual(try body.state().angularVelocity.length, 0, accuracy: 1e-12)
    }

    /// A force off the centre of mass also turns the body: ΔL = (r × F) · duration.
    func testOffCentreWrenchAddsAngularImpulse() throws {
        let world = try World.make(gravity: .zero)
        let sphere = try world.sphereShape(radius: 0.1)
        let inertia = try sphere.inertia(mass: 1)
        let body = try world.addBody(RigidBodyDescription(kind: .dynamic, shape: sphere, mass: 1))
        // One step only: the body hardly moves, so the lever arm stays (0, 0.1, 0).
        let dt = 1.0 / 240.0
        try body.applyWrench(force: Vector3(2, 0, 0), at: Vector3(0, 0.1, 0), duration: dt)
        try world.step()
        let state = try body.state()
        let expectedAngularMomentum = Vector3(0, 0.1, 0).cross(Vector3(2, 0, 0)) * dt
        assertClose(state.angularVelocity * inertia.x, expectedAngularMomentum, within: 1e-9, "angular momentum")
        assertClose(state.linearVelocity, Vector3(2 * dt, 0, 0), within: 1e-12, "linear momentum")
    }

    // MARK: Bad input

    func testDynamicBodyMassMustBePositiveAndFinite() throws {
        let world = try World()
        let shape = try world.sphereShape(radius: 0.1)
        for mass in [0, -1, Double.nan, .infinity] {
            assertThrowsPhysicsError(try world.addBody(RigidBodyDescription(kind: .dynamic, shape: shape, mass: mass)),
                                     PhysicsError.invalidArgument, mentioning: "mass")
        }
        // Static and kinematic bodies ignore mass.
        XCTAssertNoThrow(try world.addBody(RigidBodyDescription(kind: .staticBody, shape: shape, mass: -1)))
        XCTAssertNoThrow(try world.addBody(RigidBodyDescription(kind: .kinematic, shape: shape, mass: .nan)))
        assertThrowsPhysicsError(try world.addBody(RigidBodyDescription(kind: .dynamic, shape: shape, mass: 1,
                                                                        inertia: Vector3(1, -1, 1))),
                                 PhysicsError.invalidArgument, mentioning: "inertia")
        assertThrowsPhysicsError(try world.addBody(RigidBodyDescription(kind: .dynamic, shape: shape, mass: 1,
                                                                        inertia: Vector3(1, .nan, 1))),
                                 PhysicsError.invalidArgument, mentioning: "inertia")
    }

    func testNaNAndInfinitePosesAreRejected() throws {
        let world = try World()
        let shape = try world.sphereShape(radius: 0.1)
        let badPoses = [
            Pose(position: Vector3(.nan, 0, 0)),
            Pose(position: Vector3(0, 0, .infinity)),
            Pose(rotation: Quaternion(x: .nan, y: 0, z: 0, w: 1)),
        ]
        for pose in badPoses {
            assertThrowsPhysicsError(try world.addBody(RigidBodyDescription(kind: .dynamic, shape: shape, mass: 1, pose: pose)),
                                     PhysicsError.invalidArgument, mentioning: "body pose")
        }
        assertThrowsPhysicsError(try world.addBody(RigidBodyDescription(
            kind: .dynamic, shape: shape, mass: 1, pose: Pose(rotation: Quaternion(x: 0, y: 0, z: 0, w: 0)))),
                                 PhysicsError.invalidArgument, mentioning: "rotation", "zero length")

        let body = try world.addBody(RigidBodyDescription(kind: .dynamic, shape: shape, mass: 1,
                                                          pose: Pose(position: Vector3(0, 0, 1))))
        let before = try body.state()
        for pose in badPoses {
            assertThrowsPhysicsError(try body.setPose(pose), PhysicsError.invalidArgument, mentioning: "body pose")
        }
        XCTAssertEqual(try body.state(), before, "a rejected pose changes nothing")
        assertThrowsPhysicsError(try body.setVelocity(linear: Vector3(.nan, 0, 0)), PhysicsError.invalidArgument,
                                 mentioning: "linear velocity")
        assertThrowsPhysicsError(try body.setVelocity(linear: .zero, angular: Vector3(0, .infinity, 0)),
                                 PhysicsError.invalidArgument, mentioning: "angular velocity")
        XCTAssertEqual(try body.state(), before)
    }

    func testBadPushesMaterialsAndDampingAreRejected() throws {
        let world = try World()
        let shape = try world.sphereShape(radius: 0.1)
        let body = try world.addBody(RigidBodyDescription(kind: .dynamic, shape: shape, mass: 1))
        assertThrowsPhysicsError(try body.applyWrench(force: Vector3(.nan, 0, 0), duration: 1), PhysicsError.invalidArgument,
                                 mentioning: "force")
        assertThrowsPhysicsError(try body.applyWrench(force: .unitX, torque: Vector3(0, 0, .infinity), duration: 1),
                                 PhysicsError.invalidArgument, mentioning: "torque")
        assertThrowsPhysicsError(try body.applyWrench(force: .unitX, at: Vector3(.nan, 0, 0), duration: 1),
                                 PhysicsError.invalidArgument, mentioning: "point")
        assertThrowsPhysicsError(try body.applyWrench(force: .unitX, duration: -1), PhysicsError.invalidArgument,
                                 mentioning: "duration")
        assertThrowsPhysicsError(try body.applyWrench(force: .unitX, duration: .nan), PhysicsError.invalidArgument,
                                 mentioning: "duration")
        assertThrowsPhysicsError(try body.setMaterial(Material(friction: -0.1)), PhysicsError.invalidArgument,
                                 mentioning: "friction")
        assertThrowsPhysicsError(try body.setMaterial(Material(restitution: .nan)), PhysicsError.invalidArgument,
                                 mentioning: "restitution")
        assertThrowsPhysicsError(try world.addBody(RigidBodyDescription(kind: .dynamic, shape: shape, mass: 1,
                                                                        linearDamping: 1.5)),
                                 PhysicsError.invalidArgument, mentioning: "damping")
        let wall = try world.addBody(RigidBodyDescription(kind: .staticBody, shape: shape, pose: Pose(position: Vector3(5, 0, 0))))
        assertThrowsPhysicsError(try wall.setVelocity(linear: .unitX), PhysicsError.invalidArgument, mentioning: "dynamic")
        assertThrowsPhysicsError(try wall.applyWrench(force: .unitX, duration: 1), PhysicsError.invalidArgument,
                                 mentioning: "dynamic")
        try world.step(10)
        let velocity = try body.state().linearVelocity
        XCTAssertEqual(velocity.x, 0, "no rejected push may have been applied")
        XCTAssertEqual(velocity.y, 0)
    }

    /// A removed body's handle throws `notFound` on every use; the world carries on.
    func testRemovedBodyIsNotFound() throws {
        let world = try World.make()
        let shape = try world.sphereShape(radius: 0.1)
        let body = try world.addBody(RigidBodyDescription(kind: .dynamic, shape: shape, mass: 1))
        let other = try world.addBody(RigidBodyDescription(kind: .dynamic, shape: shape, mass: 1,
                                                           pose: Pose(position: Vector3(1, 0, 0))))
        try world.step(5)
        try body.remove()
        assertThrowsPhysicsError(try body.state(), PhysicsError.notFound, mentioning: "rigid body with id \(body.id)")
        assertThrowsPhysicsError(try body.setPose(.identity), PhysicsError.notFound, mentioning: "rigid body")
        assertThrowsPhysicsError(try body.setVelocity(linear: .unitX), PhysicsError.notFound, mentioning: "rigid body")
        assertThrowsPhysicsError(try body.applyWrench(force: .unitX, at: .zero, duration: 1), PhysicsError.notFound)
        assertThrowsPhysicsError(try body.setMaterial(.default), PhysicsError.notFound)
        assertThrowsPhysicsError(try body.remove(), PhysicsError.notFound, mentioning: "rigid body")
        try world.step(5)
        XCTAssertLessThan(try other.state().linearVelocity.z, 0, "the other body still falls")
        // Ids are not reused.
        let next = try world.addBody(RigidBodyDescription(kind: .dynamic, shape: shape, mass: 1))
        XCTAssertNotEqual(next.id, body.id)
        assertThrowsPhysicsError(try body.state(), PhysicsError.notFound)
    }
}
