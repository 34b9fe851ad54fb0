// Link and multibody descriptions: joint types (prismatic, spherical), limits, damping,
// friction, self-collision, and malformed descriptions.
import XCTest
import Foundation
import Physics

final class LinkDescriptionTests: XCTestCase {
    /// A fixed-base arm at (0, 0, 1): one revolute link about +y whose centre of mass is
    /// `reach` along +x, so gravity pulls it towards positive angles with torque m g reach cos q.
    private func makeHorizontalArm(in world: World, reach: Double = 0.3, mass: Double = 1,
                                   limits: JointLimits? = nil, damping: Double = 0, friction: Double = 0) throws -> MultiBody {
        try world.addMultiBody(MultiBodyDescription(
            fixedBase: true, basePose: Pose(position: Vector3(0, 0, 1)),
            links: [LinkDescription(name: "arm", parent: -1, jointType: .revolute,
                                    jointToCenterOfMass: Vector3(reach, 0, 0), axis: .unitY, mass: mass,
                                    inertia: Vector3(0.001, 0.001, 0.001), limits: limits, damping: damping,
                                    friction: friction)]))
    }

    // MARK: Joint types

    /// A vertical prismatic slider falls freely: its joint accelerates at g.
    func testPrismaticSliderFallsAtG() throws {
        let dt = 1.0 / 240.0
        let world = try World.make(timeStep: dt)
        let slider = try world.addMultiBody(MultiBodyDescription(
            fixedBase: true, basePose: Pose(position: Vector3(0, 0, 2)),
            links: [LinkDescription(name: "carriage", parent: -1, jointType: .prismatic, axis: .unitZ, mass: 3,
                                    inertia: Vector3(0.01, 0.01, 0.01))]))
        XCTAssertEqual(slider.jointTypes, [.prismatic])
        try world.step(240)
        let t = 1.0
        let velocity = try slider.jointVelocities()[0]
        let position = try slider.jointPositions()[0]
        XCTAssertEqual(velocity, -9.81 * t, accuracy: 1e-6 * 9.81, "joint velocity after 1 s (m/s)")
        // Semi-implicit Euler: q = -g t²/2 - g t dt/2 (see WorldTests' free fall).
        XCTAssertEqual(position, -9.81 * t * t / 2 - 9.81 * t * dt / 2, accuracy: 1e-6, "joint position after 1 s (m)")
        XCTAssertEqual(try slider.linkState(0).pose.position.z, 2 + position, accuracy: 1e-12)
        XCTAssertEqual(try slider.linkState(0).linearVelocity.z, velocity, accuracy: 1e-12)
    }

    /// A spherical joint has 4 position coordinates (a quaternion x, y, z, w) and 3
    /// velocities, and keeps its quaternion unit while it swings.
    func testSphericalJointKeepsAUnitQuaternion() throws {
        let world = try World.make()
        let ball = try world.addMultiBody(MultiBodyDescription(
            fixedBase: true, basePose: Pose(position: Vector3(0, 0, 2)),
            links: [LinkDescription(name: "ball", parent: -1, jointType: .spherical,
                                    jointToCenterOfMass: Vector3(0, 0, -0.4), mass: 1, inertia: Vector3(0.01, 0.02, 0.03))]))
        XCTAssertEqual(ball.positionCount, 4)
        XCTAssertEqual(ball.velocityCount, 3)
        XCTAssertEqual(try ball.jointPositions(), [0, 0, 0, 1], "starts at the identity quaternion")

        // A non-unit quaternion is normalised on the way in.
        let start = Quaternion(axis: Vector3(1, 1, 0), angle: 0.6)
        try ball.setJointState(0, positions: [start.x * 3, start.y * 3, start.z * 3, start.w * 3], velocities: [0.5, -0.3, 2.0])
        let stored = try ball.jointPositions()
        XCTAssertEqual(stored.count, 4)
        XCTAssertEqual(stored[3], start.w, accuracy: 1e-12)
        XCTAssertEqual(try ball.jointVelocities(), [0.5, -0.3, 2.0])

        var lowest = 2.0
        for _ in 0..<480 {
            try world.step()
            let q = try ball.jointPositions()
            let norm = (q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]).squareRoot()
            XCTAssertEqual(norm, 1, accuracy: 1e-9)
            lowest = min(lowest, try ball.linkState(0).pose.position.z)
        }
        XCTAssertNotEqual(try ball.jointPositions(), stored, "it must have moved")
        XCTAssertLessThan(lowest, 1.61, "it swings through the bottom (2 - 0.4 m)")

        assertThrowsPhysicsError(try ball.setJointState(0, position: 0.1), PhysicsError.invalidArgument,
                                 mentioning: "4 positions", "3 velocities")
        assertThrowsPhysicsError(try ball.setJointState(0, positions: [0, 0, 0, 0], velocities: [0, 0, 0]),
                                 PhysicsError.invalidArgument, mentioning: "quaternion", "zero length")
        assertThrowsPhysicsError(try ball.setControl(0, .torque(1)), PhysicsError.invalidArgument,
                                 mentioning: "spherical", "single-dof")
    }

    // MARK: Limits, damping, friction

    /// Gravity drives the arm into its upper limit, where it stops (2 s).
    func testRevoluteLimitStopsTheArm() throws {
        let world = try World.make()
        let arm = try makeHorizontalArm(in: world, limits: JointLimits(lower: -0.5, upper: 0.4))
        var highest = -Double.infinity
        for _ in 0..<480 {
            try world.step()
            highest = max(highest, try arm.jointPositions()[0])
        }
        let final = try arm.jointPositions()[0]
        XCTAssertEqual(final, 0.4, accuracy: 0.01, "rests at the upper limit")
        XCTAssertLessThan(highest, 0.4 + 0.03, "overshoots the limit by at most 0.03 rad")
        XCTAssertEqual(try arm.jointVelocities()[0], 0, accuracy: 0.01)
        print("limit: final \(final) rad, peak \(highest) rad (upper limit 0.4)")
    }

    /// Viscous damping c makes a small swing decay as exp(-c t / (2 I_pivot)).
    func testJointDampingDecaysASwingAtTheViscousRate() throws {
        let world = try World.make()
        let (length, mass, damping) = (0.5, 1.0, 0.05)
        let pivotInertia = 1e-4 + mass * length * length
        let pendulum = try world.addMultiBody(MultiBodyDescription(
            fixedBase: true, basePose: Pose(position: Vector3(0, 0, 2)),
            links: [LinkDescription(name: "bob", parent: -1, jointType: .revolute, jointToCenterOfMass: Vector3(0, 0, -length),
                                    axis: .unitY, mass: mass, inertia: Vector3(1e-4, 1e-4, 1e-4), damping: damping)]))
        try pendulum.setJointState(0, position: 0.1)
        var angles: [Double] = []
        for _ in 0..<(240 * 8) {
            try world.step()
            angles.append(try pendulum.jointPositions()[0])
        }
        // Positive peaks and their times.
        var peaks: [(time: Double, angle: Double)] = []
        for i in 1..<(angles.count - 1) where angles[i] > angles[i - 1] && angles[i] >= angles[i + 1] && angles[i] > 0 {
            peaks.append((Double(i + 1) / 240, angles[i]))
        }
        XCTAssertGreaterThanOrEqual(peaks.count, 4)
        let first = peaks[0], last = peaks[peaks.count - 1]
        let measuredRate = log(first.angle / last.angle) / (last.time - first.time)
        let theoryRate = damping / (2 * pivotInertia)  // 0.1 /s
        XCTAssertEqual(measuredRate, theoryRate, accuracy: 0.03 * theoryRate,
                       "decay rate \(measuredRate) /s vs \(theoryRate) /s")
        print("damping: decay rate \(measuredRate) /s vs theory \(theoryRate) /s")
    }

    /// Dry joint friction above the gravity torque holds the arm; below it, the arm falls.
    func testJointFrictionHoldsOnlyWhenAboveTheGravityTorque() throws {
        let gravityTorque = 1.0 * 9.81 * 0.3  // 2.943 N m at q = 0

        let holdingWorld = try World.make()
        let held = try makeHorizontalArm(in: holdingWorld, friction: 1.5 * gravityTorque)
        try holdingWorld.step(480)
        XCTAssertEqual(try held.jointPositions()[0], 0, accuracy: 0.005, "friction 1.5 × m g l holds the arm")
        // What holds it is the friction torque, read back as the joint's applied torque.
        XCTAssertEqual(abs(try held.jointReading(0).appliedTorque), gravityTorque, accuracy: 0.02 * gravityTorque)

        let slippingWorld = try World.make()
        let slipping = try makeHorizontalArm(in: slippingWorld, friction: 0.6 * gravityTorque)
        try slippingWorld.step(240)
        XCTAssertGreaterThan(try slipping.jointPositions()[0], 0.5, "friction 0.6 × m g l cannot hold the arm")
    }

    /// While a servo holds a joint, the servo replaces the joint's dry friction (one solver
    /// row instead of two, as PyBullet's joint motor replaces the URDF friction): a velocity
    /// servo capped below the gravity torque lets the arm fall although the friction alone
    /// would hold it. Released (no control), the friction holds the arm again.
    func testServoReplacesJointFrictionWhileItHoldsTheJoint() throws {
        let gravityTorque = 1.0 * 9.81 * 0.3  // 2.943 N m at q = 0
        let world = try World.make()
        let arm = try makeHorizontalArm(in: world, friction: 1.5 * gravityTorque)
        try arm.setControl(0, .velocity(target: 0, gain: 1, maxForce: 0.5 * gravityTorque))
        try world.step()
        // From rest the servo saturates: the reading is its cap alone (with the friction row
        // it would be the whole gravity torque).
        XCTAssertEqual(abs(try arm.jointReading(0).appliedTorque), 0.5 * gravityTorque, accuracy: 0.01 * gravityTorque)
        try world.step(239)
        XCTAssertGreaterThan(try arm.jointPositions()[0], 0.5, "a servo capped at 0.5 × m g l cannot hold the arm")

        try arm.setControl(0, .none)
        try arm.setJointState(0, position: 0, velocity: 0)
        try world.step(480)
        XCTAssertEqual(try arm.jointPositions()[0], 0, accuracy: 0.005, "released, the friction holds the arm again")
        // The released servo makes no row and adds nothing to the reading.
        XCTAssertEqual(abs(try arm.jointReading(0).appliedTorque), gravityTorque, accuracy: 0.02 * gravityTorque)
    }

    // MARK: Self-collision

    /// Builds a folded three-link chain whose first and last links overlap (non-adjacent)
    /// and whose neighbours overlap at the folds (adjacent), in zero gravity, and returns the
    /// pairs of links of the chain in contact after one step.
    private func selfContactPairs(selfCollision: Bool, toggleTo toggled: Bool? = nil,
                                  pairs: [(Int, Int)]?? = nil) throws -> Set<[Int]> {
        let world = try World.make(gravity: .zero)
        let long = try world.boxShape(halfExtents: Vector3(0.2, 0.03, 0.03))
        let short = try world.boxShape(halfExtents: Vector3(0.05, 0.03, 0.03))
        let wide = try world.boxShape(halfExtents: Vector3(0.15, 0.09, 0.03))
        let inertia = Vector3(0.001, 0.001, 0.001)
        let quarterTurn = Quaternion(axis: .unitZ, angle: .pi / 2)
        // Link 0 runs along +x from the base, link 1 turns to +y, link 2 turns back to -x
        // over x ∈ [0.1, 0.4] (clear of the base) and spans y ∈ [0.01, 0.19], 2 cm into
        // link 0 (y ∈ [-0.03, 0.03]).
        let chain = try world.addMultiBody(MultiBodyDescription(
            fixedBase: true, baseShape: world.boxShape(halfExtents: Vector3(0.05, 0.05, 0.05)),
            links: [
                LinkDescription(name: "first", parent: -1, jointType: .revolute, jointToCenterOfMass: Vector3(0.2, 0, 0),
                                mass: 1, inertia: inertia, shape: long),
                LinkDescription(name: "fold", parent: 0, jointType: .revolute,
                                jointInParent: Pose(position: Vector3(0.2, 0, 0), rotation: quarterTurn),
                                jointToCenterOfMass: Vector3(0.05, 0, 0), mass: 1, inertia: inertia, shape: short),
                LinkDescription(name: "last", parent: 1, jointType: .revolute,
                                jointInParent: Pose(position: Vector3(0.05, 0, 0), rotation: quarterTurn),
                                jointToCenterOfMass: Vector3(0.15, 0, 0), mass: 1, inertia: inertia, shape: wide),
            ],
            selfCollision: selfCollision))
        if let toggled { try chain.setSelfCollision(toggled) }
        if let pairs { try chain.setSelfCollisionPairs(pairs) }
        try world.step()
        return Set(try world.contacts().filter { $0.bodyA == chain.id && $0.bodyB == chain.id }
            .map { [min($0.linkA, $0.linkB), max($0.linkA, $0.linkB)] })
    }

    func testSelfCollisionOnlyBetweenNonAdjacentLinksAndOnlyWhenEnabled() throws {
        XCTAssertEqual(try selfContactPairs(selfCollision: true), [[0, 2]],
                       "only the non-adjacent overlap (links 0 and 2) collides; base-0, 0-1 and 1-2 never do")
        XCTAssertEqual(try selfContactPairs(selfCollision: false), [], "self-collision off: no contacts within the chain")
        XCTAssertEqual(try selfContactPairs(selfCollision: false, toggleTo: true), [[0, 2]], "enabled later")
        XCTAssertEqual(try selfContactPairs(selfCollision: true, toggleTo: false), [], "disabled later")
    }

    func testSelfCollisionPairTableDecidesWhichLinksCollide() throws {
        // The chain's three overlaps: 0-2 (non-adjacent), 0-1 and 1-2 (at the folds).
        XCTAssertEqual(try selfContactPairs(selfCollision: true, pairs: .some([])), [], "an empty table: no pair collides")
        XCTAssertEqual(try selfContactPairs(selfCollision: true, pairs: [(2, 0)]), [[0, 2]], "a pair collides both ways")
        XCTAssertEqual(try selfContactPairs(selfCollision: true, pairs: [(0, 1), (1, 2)]), [[0, 1], [1, 2]],
                       "the table, not Bullet's parent rule, decides: adjacent links named in it collide")
        XCTAssertEqual(try selfContactPairs(selfCollision: true, pairs: .some(nil)), [[0, 2]], "nil: Bullet's rule again")
        XCTAssertEqual(try selfContactPairs(selfCollision: false, pairs: [(0, 2)]), [], "the table applies only while self-collision is on")
    }

    func testSelfCollisionPairsOutOfRangeAreRejected() throws {
        let world = try World.make(gravity: .zero)
        let box = try world.boxShape(halfExtents: Vector3(0.05, 0.05, 0.05))
        let body = try world.addMultiBody(MultiBodyDescription(
            fixedBase: true, baseShape: box,
            links: [LinkDescription(name: "only", parent: -1, jointType: .revolute, mass: 1,
                                    inertia: Vector3(0.001, 0.001, 0.001), shape: box)]))
        XCTAssertThrowsError(try body.setSelfCollisionPairs([(0, 1)])) { error in
            XCTAssertTrue("\(error)".contains("self-collision pair 0 (0, 1)"), "\(error)")
        }
        XCTAssertThrowsError(try body.setSelfCollisionPairs([(0, 0)]), "a link with itself")
        XCTAssertThrowsError(try body.setSelfCollisionPairs([(-2, 0)]))
        XCTAssertNoThrow(try body.setSelfCollisionPairs([(-1, 0)]), "the base (-1) is a part")
    }

    // MARK: Malformed descriptions

    func testMalformedLinksAreRejectedWithTheLinkAndFieldNamed() throws {
        let world = try World()
        let good = LinkDescription(name: "good", parent: -1, jointType: .revolute, axis: .unitY, mass: 1,
                                   inertia: Vector3(0.1, 0.1, 0.1))
        func check(_ edit: (inout LinkDescription) -> Void, _ words: String..., line: UInt = #line) {
            var bad = good
            edit(&bad)
            let message = assertThrowsPhysicsError(
                try world.addMultiBody(MultiBodyDescription(fixedBase: true, links: [good, bad])),
                PhysicsError.invalidArgument, mentioning: "link 1", line: line)
            for word in words {
                XCTAssertTrue(message?.contains(word) ?? false, "\"\(message ?? "")\" should mention \(word)", line: line)
            }
        }
        check({ $0.mass = 0 }, "mass")
        check({ $0.mass = -1 }, "mass")
        check({ $0.mass = .nan }, "mass")
        check({ $0.inertia = Vector3(0.1, 0, 0.1) }, "inertia")
        check({ $0.inertia = Vector3(0.1, .nan, 0.1) }, "inertia")
        check({ $0.parent = 1 }, "parent")
        check({ $0.parent = -2 }, "parent")
        check({ $0.jointInParent = Pose(position: Vector3(.nan, 0, 0)) }, "joint_in_parent")
        check({ $0.jointInParent = Pose(rotation: Quaternion(x: 0, y: 0, z: 0, w: .infinity)) }, "joint_in_parent")
        check({ $0.jointToCenterOfMass = Vector3(0, .infinity, 0) }, "joint_to_com")
        check({ $0.axis = .zero }, "axis")
        check({ $0.axis = Vector3(.nan, 0, 1) }, "axis")
        check({ $0.limits = JointLimits(lower: 1, upper: -1) }, "limits")
        check({ $0.limits = JointLimits(lower: .nan, upper: 1) }, "limits")
        check({ $0.damping = -0.1 }, "damping")
        check({ $0.friction = .nan }, "friction")
        check({ $0.maxEffort = .nan }, "max_effort")
        check({ $0.maxVelocity = .infinity }, "max_velocity")
        check({ $0.stiffness = -1 }, "stiffness")
        check({ $0.springReference = .infinity }, "spring_reference")
        check({ $0.jointType = .spherical; $0.stiffness = 1 }, "stiffness", "revolute and prismatic")
        check({ $0.material = Material(friction: -1) }, "material")
        let plane = try world.planeShape()
        check({ $0.shape = plane }, "planes")
        try world.step()
        XCTAssertTrue(try world.contacts().isEmpty)
    }
}
