// The sanity guard: each bound trips on a state that breaks it, names the body and link,
// and stays quiet on a healthy scene.
import XCTest
import Physics

final class SanityGuardTests: XCTestCase {
    func testHealthyRestingSceneBreaksNoBound() throws {
        let world = try World.make()
        _ = try world.addFloor()
        _ = try world.addBody(RigidBodyDescription(kind: .dynamic, shape: world.boxShape(halfExtents: Vector3(0.1, 0.1, 0.1)),
                                                   mass: 2, pose: Pose(position: Vector3(0, 0, 0.1))))
        for _ in 0..<240 {
            try world.step()
            XCTAssertNil(try world.checkSanity())
        }
    }

    func testSpeedAndEnergyBoundsNameTheBody() throws {
        let world = try World.make(gravity: .zero)
        let shape = try world.boxShape(halfExtents: Vector3(0.1, 0.1, 0.1))
        let slow = try world.addBody(RigidBodyDescription(kind: .dynamic, shape: shape, mass: 1, pose: Pose(position: Vector3(5, 0, 0))))
        let fast = try world.addBody(RigidBodyDescription(kind: .dynamic, shape: shape, mass: 10, pose: Pose(position: Vector3(-5, 0, 0))))
        try slow.setVelocity(linear: Vector3(1, 0, 0))
        try fast.setVelocity(linear: Vector3(0, 80, 0))
        try world.step()
        let speed = try XCTUnwrap(try world.checkSanity())
        XCTAssertEqual(speed.quantity, .linearSpeed)
        XCTAssertEqual(speed.body, fast.id)
        XCTAssertEqual(speed.link, -1)
        XCTAssertEqual(speed.value, 80, accuracy: 1e-9)
        XCTAssertTrue(speed.description.contains("linear speed 80 m/s > 50 m/s"), speed.description)

        // 0.5 · 10 kg · (80 m/s)² = 32 kJ: over the energy bound once speed is not checked.
        let energy = try XCTUnwrap(try world.checkSanity(SanityLimits(maxLinearSpeed: 0)))
        XCTAssertEqual(energy.quantity, .kineticEnergy)
        XCTAssertEqual(energy.value, 32_000, accuracy: 1)

        try fast.setVelocity(linear: .zero, angular: Vector3(0, 0, 300))
        try world.step()
        let spin = try XCTUnwrap(try world.checkSanity())
        XCTAssertEqual(spin.quantity, .angularSpeed)
        XCTAssertEqual(spin.body, fast.id)
    }

    func testPenetrationNamesBothBodies() throws {
        let world = try World.make()
        let floor = try world.addFloor()
        // A box set 8 cm into the floor.
        let sunk = try world.addBody(RigidBodyDescription(kind: .dynamic, shape: world.boxShape(halfExtents: Vector3(0.1, 0.1, 0.1)),
                                                          mass: 1, pose: Pose(position: Vector3(0, 0, 0.02))))
        try world.step()
        let violation = try XCTUnwrap(try world.checkSanity())
        XCTAssertEqual(violation.quantity, .penetration)
        XCTAssertEqual(Set([violation.body, violation.otherBody]), Set([sunk.id, floor.id]))
        XCTAssertGreaterThan(violation.value, 0.05)
    }

    func testJointLimitViolationNamesTheLink() throws {
        let world = try World.make()
        let arm = try world.addMultiBody(MultiBodyDescription(
            fixedBase: true, basePose: Pose(position: Vector3(0, 0, 2)),
            links: [LinkDescription(name: "upper", parent: -1, jointType: .revolute, jointToCenterOfMass: Vector3(0, 0, -0.2),
                                    axis: .unitY, mass: 1, inertia: Vector3(0.01, 0.01, 0.01), limits: JointLimits(lower: -0.5, upper: 0.5)),
                    LinkDescription(name: "lower", parent: 0, jointType: .revolute, jointInParent: Pose(position: Vector3(0, 0, -0.4)),
                                    jointToCenterOfMass: Vector3(0, 0, -0.2), axis: .unitY, mass: 1, inertia: Vector3(0.01, 0.01, 0.01),
                                    limits: JointLimits(lower: -1, upper: 1))]))
        try world.step()
        XCTAssertNil(try world.checkSanity())
        try arm.setJointState(1, position: 1.6)
        let violation = try XCTUnwrap(try world.checkSanity())
        XCTAssertEqual(violation.quantity, .jointLimit)
        XCTAssertEqual(violation.body, arm.id)
        XCTAssertEqual(violation.link, 1)
        XCTAssertEqual(violation.value, 0.6, accuracy: 1e-9)
    }

    func testSwitchedOffBoundsAreNotChecked() throws {
        let world = try World.make(gravity: .zero)
        let body = try world.addBody(RigidBodyDescription(kind: .dynamic, shape: world.boxShape(halfExtents: Vector3(0.1, 0.1, 0.1)),
                                                          mass: 1, pose: .identity))
        try body.setVelocity(linear: Vector3(100, 0, 0))
        try world.step()
        XCTAssertNil(try world.checkSanity(SanityLimits(maxLinearSpeed: 0, maxAngularSpeed: 0, maxKineticEnergy: 0,
                                                        maxPenetration: 0, maxJointLimitViolation: 0)))
    }
}
