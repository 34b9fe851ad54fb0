// Passive joint springs and dampers (implicit solver rows): stable on light links, the
// spring's equilibrium against gravity and its reading; exact extents of turned colliders.
import XCTest
import Foundation
import Physics

final class JointSpringTests: XCTestCase {
    /// A toe-sized link (0.1 kg, 6e-5 kg m^2 about its vertical joint) with 1 N m s/rad of
    /// damping: d dt / I = 69 at 1/240 s, where an explicit damper flips the velocity's sign
    /// and grows it 68-fold per step. Implicitly, each step divides it by 1 + d dt / I. The
    /// base is welded and has a collider, a static object outside every simulation island:
    /// the damper must still be solved (it once was filed under the base's island and lost).
    func testDampingOnALightLinkDecaysWithoutOvershoot() throws {
        let dt = 1.0 / 240.0
        let world = try World.make(timeStep: dt)
        let (mass, inertia, offset, damping) = (0.1, 5e-5, 0.01, 1.0)
        let toe = try world.addMultiBody(MultiBodyDescription(
            fixedBase: true, basePose: Pose(position: Vector3(0, 0, 1)),
            baseShape: try world.boxShape(halfExtents: Vector3(0.05, 0.05, 0.05)),
            links: [LinkDescription(name: "toe", parent: -1, jointType: .revolute,
                                    jointToCenterOfMass: Vector3(offset, 0, 0), axis: .unitZ, mass: mass,
                                    inertia: Vector3(inertia, inertia, inertia), damping: damping)]))
        try toe.setJointState(0, position: 0, velocity: 10)
        let pivotInertia = inertia + mass * offset * offset
        let factor = 1 / (1 + damping * dt / pivotInertia)
        var previous = 10.0
        for step in 1...5 {
            try world.step()
            let velocity = try toe.jointVelocities()[0]
            XCTAssertEqual(velocity, previous * factor, accuracy: 0.01 * previous * factor, "step \(step)")
            previous = velocity
        }
    }

    /// A horizontal arm (1 kg at 0.3 m, gravity torque m g r cos q) on a spring of 50 N m/rad
    /// toward 0.1 rad settles where k (q - 0.1) = m g r cos q, and reads the spring's torque.
    func testSpringSettlesWhereItBalancesGravity() throws {
        let world = try World.make()
        let (reach, stiffness, reference) = (0.3, 50.0, 0.1)
        let arm = try world.addMultiBody(MultiBodyDescription(
            fixedBase: true, basePose: Pose(position: Vector3(0, 0, 1)),
            links: [LinkDescription(name: "arm", parent: -1, jointType: .revolute,
                                    jointToCenterOfMass: Vector3(reach, 0, 0), axis: .unitY, mass: 1,
                                    inertia: Vector3(0.001, 0.001, 0.001), damping: 2, stiffness: stiffness,
                                    springReference: reference)]))
        try world.step(4 * 240)
        var equilibrium = reference
        for _ in 0..<50 { equilibrium = reference + 9.81 * reach * cos(equilibrium) / stiffness }
        let angle = try arm.jointPositions()[0]
        XCTAssertEqual(angle, equilibrium, accuracy: 1e-4)
        let springTorque = -stiffness * (angle - reference)
        XCTAssertEqual(try arm.jointReading(0).appliedTorque, springTorque, accuracy: 0.01 * abs(springTorque))
        print("spring: rests at \(angle) rad (theory \(equilibrium)), torque \(try arm.jointReading(0).appliedTorque) N m")
    }

    /// A capsule turned 45° about x reaches exactly r + (L/2) sin 45° below its centre; the
    /// bounding box of the compound holding it is looser.
    func testExtentIsExactForATurnedCompound() throws {
        let world = try World.make()
        let (radius, length) = (0.05, 0.4)
        let capsule = try world.compoundShape([(try world.capsuleShape(radius: radius, length: length), .identity)])
        let body = try world.addMultiBody(MultiBodyDescription(
            fixedBase: false, basePose: Pose(position: Vector3(0, 0, 1), rotation: Quaternion(axis: .unitX, angle: .pi / 4)),
            baseMass: 1, baseInertia: Vector3(0.01, 0.01, 0.01), baseShape: capsule, links: []))
        let lowest = -(try body.extent(along: Vector3(0, 0, -1)))
        XCTAssertEqual(lowest, 1 - radius - length / 2 * sin(.pi / 4), accuracy: 1e-9)
        XCTAssertLessThan(try body.boundingBox().min.z, lowest - 0.01, "the box is loose, which is why extent exists")
        XCTAssertEqual(try body.extent(along: Vector3(0, 0, 2)), 1 + radius + length / 2 * sin(.pi / 4), accuracy: 1e-9,
                       "any length of direction")
    }
}
