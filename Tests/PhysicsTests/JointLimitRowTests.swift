// Joint-limit rows at an upper limit (a -1 Jacobian entry) whose unit responses the shim makes
// in its four-lane batches next to the +1 columns of the servos and springs: the same world
// stepped with the shim (AVX lanes and plain loops) and with Bullet's reference solver stays
// equal bit for bit.
import Foundation
import XCTest
import Physics

final class JointLimitRowTests: XCTestCase {
    override func tearDown() {
        try? World.setWideArithmetic(true)
        super.tearDown()
    }

    /// A floating four-link chain lying on a floor, two joints torqued into their upper limits
    /// and one into its lower limit, the fourth servoed, next to a floating star of 25
    /// servoed links: every run's state hash agrees with the reference run's at every step,
    /// and the torqued joints sit at their limits (so the upper-limit rows were solved).
    func testUpperLimitRowsGiveBulletsNumbersBitForBit() throws {
        let runs = [("reference", true, true), ("wide", true, false), ("plain", false, false)]
        var trajectories: [[UInt64]] = []
        var finalPositions: [Double] = []
        for (_, wide, reference) in runs {
            try World.setWideArithmetic(wide)
            let world = try World()
            let plane = try world.planeShape()
            _ = try world.addBody(RigidBodyDescription(kind: .staticBody, shape: plane, material: Material(friction: 0.8)))
            let linkShape = try world.boxShape(halfExtents: Vector3(0.06, 0.02, 0.02))
            func link(_ name: String, parent: Int) -> LinkDescription {
                LinkDescription(name: name, parent: parent, jointType: .revolute,
                                jointInParent: Pose(position: Vector3(parent < 0 ? 0.1 : 0.06, 0, 0)),
                                jointToCenterOfMass: Vector3(0.06, 0, 0), axis: .unitZ, mass: 0.3,
                                inertia: Vector3(0.0001, 0.0004, 0.0004), shape: linkShape,
                                limits: JointLimits(lower: -0.6, upper: 0.3), damping: 0.01)
            }
            let chain = try world.addMultiBody(MultiBodyDescription(
                fixedBase: false, basePose: Pose(position: Vector3(0, 0, 0.05)),
                baseMass: 1, baseInertia: Vector3(0.002, 0.002, 0.002),
                baseShape: try world.boxShape(halfExtents: Vector3(0.1, 0.05, 0.03)),
                links: [link("first", parent: -1), link("second", parent: 0), link("third", parent: 1),
                        link("fourth", parent: 2)]))
            try chain.setControl(0, .torque(2))
            try chain.setControl(1, .torque(2))
            try chain.setControl(2, .torque(-2))
            try chain.setControl(3, .position(target: 0.1, positionGain: 0.2, velocityGain: 1))
            // A floating star of 25 servoed links beside it: 31 velocity coordinates, so the
            // row updates run through every block size of the AVX loop (16, 8, 4 and the last 3).
            let petal = try world.boxShape(halfExtents: Vector3(0.03, 0.01, 0.01))
            let petals = (0..<25).map { index -> LinkDescription in
                let angle = 2 * Double.pi * Double(index) / 25
                return LinkDescription(name: "petal\(index)", parent: -1, jointType: .revolute,
                                       jointInParent: Pose(position: Vector3(0.12 * cos(angle), 0.12 * sin(angle), 0.0)),
                                       jointToCenterOfMass: Vector3(0.03, 0, 0), axis: .unitZ, mass: 0.05,
                                       inertia: Vector3(0.00001, 0.00002, 0.00002), shape: petal,
                                       limits: JointLimits(lower: -0.5, upper: 0.5), damping: 0.01)
            }
            let star = try world.addMultiBody(MultiBodyDescription(
                fixedBase: false, basePose: Pose(position: Vector3(1, 0, 0.04)),
                baseMass: 1, baseInertia: Vector3(0.002, 0.002, 0.002),
                baseShape: try world.boxShape(halfExtents: Vector3(0.08, 0.08, 0.03)),
                links: petals, selfCollision: false))
            for index in 0..<25 {
                try star.setControl(index, .position(target: 0.02 * Double(index % 7) - 0.06, positionGain: 0.2,
                                                     velocityGain: 1))
            }
            try world.setReferenceSolver(reference)
            var trajectory: [UInt64] = []
            for _ in 0..<120 {
                try world.step(1)
                trajectory.append(try world.stateHash())
            }
            trajectories.append(trajectory)
            if !reference { finalPositions = try chain.jointPositions() }
        }
        for run in 1..<runs.count {
            let difference = zip(trajectories[0], trajectories[run]).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            XCTAssertNil(difference, "the \(runs[run].0) run leaves Bullet's numbers at step \((difference ?? 0) + 1)")
        }
        // Pressed into the limits (a row exists only while a joint is at or past its limit).
        XCTAssertGreaterThan(finalPositions[0], 0.29, "joint 0 not at its upper limit: \(finalPositions)")
        XCTAssertGreaterThan(finalPositions[1], 0.29, "joint 1 not at its upper limit: \(finalPositions)")
        XCTAssertLessThan(finalPositions[2], -0.59, "joint 2 not at its lower limit: \(finalPositions)")
    }
}
