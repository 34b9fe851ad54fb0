// Joint control and readings: position motors against gravity and their effort limit,
// torque clamping, velocity control, joint reaction forces, and bad commands.
import XCTest
import Foundation
import Physics

final class JointControlTests: XCTestCase {
    private let g = 9.81

    /// A fixed-base arm at (0, 0, 1): a revolute joint about +y with a 1 kg load whose centre
    /// is `reach` m along +x. Horizontal at q = 0, where gravity's torque about +y is
    /// +m g reach (it rotates the load down, towards positive q).
    private func makeArm(in world: World, reach: Double = 0.5, maxEffort: Double? = nil,
                         maxVelocity: Double? = nil, axis: Vector3 = .unitY) throws -> MultiBody {
        try world.addMultiBody(MultiBodyDescription(
            fixedBase: true, basePose: Pose(position: Vector3(0, 0, 1)),
            links: [LinkDescription(name: "arm", parent: -1, jointType: .revolute,
                                    jointToCenterOfMass: Vector3(reach, 0, 0), axis: axis, mass: 1,
                                    inertia: Vector3(0.001, 0.001, 0.001), maxEffort: maxEffort,
                                    maxVelocity: maxVelocity)]))
    }

    // MARK: Position control

    /// With an effort limit of 1.5 m g l, a position motor lifts the sagging load back to
    /// horizontal and holds it there; the joint reads the torque that cancels gravity.
    func testPositionControlHoldsTheLoadWhenTheEffortLimitSuffices() throws {
        let world = try World.make()
        let gravityTorque = 1.0 * g * 0.5  // 4.905 N m
        let arm = try makeArm(in: world, maxEffort: 1.5 * gravityTorque)
        try arm.setJointState(0, position: 0.3)
        try arm.setControl(0, .position(target: 0))
        try world.step(240)  // 1 s to get there
        var worst = 0.0
        for _ in 0..<240 {  // then hold for 1 s
            try world.step()
            worst = max(worst, abs(try arm.jointPositions()[0]))
        }
        XCTAssertLessThan(worst, 0.001, "holds within 1 mrad of the target (worst \(worst) rad)")
        XCTAssertEqual(try arm.jointVelocities()[0], 0, accuracy: 1e-3)
        // Bullet reports the motor's torque on the joint about its axis: gravity acts along
        // +y, so holding takes -m g l.
        let applied = try arm.jointReading(0).appliedTorque
        XCTAssertEqual(applied, -gravityTorque, accuracy: 0.01 * gravityTorque, "holding torque")
        print("position hold: worst error \(worst) rad, applied torque \(applied) N m vs -\(gravityTorque)")
    }

    /// With an effort limit of half the gravity torque the motor cannot hold the load: the
    /// arm sags far from the target and the motor's torque never exceeds its limit.
    ///
    /// The saturated motor pushes back with its full limit, so the arm swings (undamped)
    /// about the angle where m g l cos q equals the limit, 1.05 rad, between 0 and 1.9 rad:
    /// the check is on the mean and the peak over 2 s, not on one instant.
    func testPositionControlSagsWhenTheEffortLimitIsTooLow() throws {
        let gravityTorque = 1.0 * g * 0.5
        for viaControl in [false, true] {
            let world = try World.make()
            // The limit comes either from the link's maxEffort or from the command's maxForce.
            let limit = 0.5 * gravityTorque
            let arm = try makeArm(in: world, maxEffort: viaControl ? 100 * gravityTorque : limit)
            try arm.setControl(0, .position(target: 0, maxForce: viaControl ? limit : nil))
            var largestTorque = 0.0
            var (sum, peak) = (0.0, 0.0)
            for _ in 0..<480 {
                try world.step()
                largestTorque = max(largestTorque, abs(try arm.jointReading(0).appliedTorque))
                let angle = try arm.jointPositions()[0]
                sum += angle
                peak = max(peak, angle)
            }
            XCTAssertGreaterThan(sum / 480, 0.7, "sags away from the target on average (viaControl \(viaControl))")
            XCTAssertGreaterThan(peak, 1.5, "and swings far below it (viaControl \(viaControl))")
            XCTAssertLessThanOrEqual(largestTorque, limit * (1 + 1e-9), "the motor respects its limit")
            XCTAssertGreaterThan(largestTorque, 0.99 * limit, "and uses all of it")
        }
    }

    /// Velocity control reaches its target velocity (no gravity torque about a vertical axis).
    func testVelocityControlReachesTheTargetVelocity() throws {
        let world = try World.make()
        let arm = try makeArm(in: world, axis: .unitZ)
        try arm.setControl(0, .velocity(target: 1.5, maxForce: 10))
        try world.step(240)
        XCTAssertEqual(try arm.jointVelocities()[0], 1.5, accuracy: 1e-6)
        XCTAssertEqual(try arm.jointPositions()[0], 1.5, accuracy: 0.05, "≈ 1.5 rad after 1 s")
    }

    // MARK: Speed limit

    /// A position servo sent 3 rad away turns the joint no faster than its speed limit
    /// (2 rad/s), gets there in about 1.5 s and stops; without the limit the same command
    /// aims at 144 rad/s in the first step (0.2 of the 3 rad error per 1/240 s).
    func testPositionControlKeepsToTheSpeedLimit() throws {
        let (limit, target) = (2.0, 3.0)
        func fastestAndFinal(maxVelocity: Double?) throws -> (fastest: Double, final: Double) {
            let world = try World.make()
            // A light load (0.011 kg m^2 about the pivot) and a strong motor: the effort cap
            // (1000 N m) stays out of the way.
            let arm = try makeArm(in: world, reach: 0.1, maxEffort: 1000, maxVelocity: maxVelocity, axis: .unitZ)
            try arm.setControl(0, .position(target: target))
            var fastest = 0.0
            for _ in 0..<480 {
                try world.step()
                fastest = max(fastest, abs(try arm.jointVelocities()[0]))
            }
            return (fastest, try arm.jointPositions()[0])
        }
        let limited = try fastestAndFinal(maxVelocity: limit)
        XCTAssertLessThanOrEqual(limited.fastest, limit * (1 + 1e-9), "never faster than the limit")
        XCTAssertGreaterThan(limited.fastest, 0.999 * limit, "and at the limit on the way")
        XCTAssertEqual(limited.final, target, accuracy: 1e-3, "and it still reaches the target")
        let free = try fastestAndFinal(maxVelocity: nil)
        // (Bullet caps every joint coordinate at 100 rad/s.)
        XCTAssertGreaterThan(free.fastest, 20 * limit, "unlimited, the first step alone is far faster")
    }

    /// Velocity control asks for 10 rad/s and gets the limit, 1.5 rad/s. A joint set spinning
    /// at 8 rad/s is braked to the limit in one step when the servo has the effort for it,
    /// and the limit bounds negative speeds alike.
    func testVelocityControlAndASpinningJointKeepToTheSpeedLimit() throws {
        let limit = 1.5
        let world = try World.make()
        let arm = try makeArm(in: world, maxEffort: 500, maxVelocity: limit, axis: .unitZ)
        try arm.setControl(0, .velocity(target: 10))
        try world.step(60)
        XCTAssertEqual(try arm.jointVelocities()[0], limit, accuracy: 1e-9)
        try arm.setJointState(0, position: 0, velocity: -8)
        try arm.setControl(0, .position(target: -100))
        try world.step()
        XCTAssertEqual(try arm.jointVelocities()[0], -limit, accuracy: 1e-9, "braked to -limit")
    }

    // MARK: Torque control

    /// Commanded torques are clamped to the effort limit; the joint then accelerates at
    /// τ_limit / I_pivot (about a vertical axis, so gravity adds nothing).
    func testTorqueModeClampsToTheEffortLimit() throws {
        let world = try World.make()
        let (reach, limit) = (0.3, 2.0)
        let pivotInertia = 0.001 + 1.0 * reach * reach
        let arm = try makeArm(in: world, reach: reach, maxEffort: limit, axis: .unitZ)
        try arm.setControl(0, .torque(10))
        try world.step(120)
        XCTAssertEqual(try arm.jointReading(0).appliedTorque, limit, "clamped to +limit")
        XCTAssertEqual(try arm.jointVelocities()[0], limit * 0.5 / pivotInertia, accuracy: 1e-9 * limit / pivotInertia,
                       "ω = τ t / I after 0.5 s")

        try arm.setControl(0, .torque(-10))
        try world.step(120)
        XCTAssertEqual(try arm.jointReading(0).appliedTorque, -limit, "clamped to -limit")
        XCTAssertEqual(try arm.jointVelocities()[0], 0, accuracy: 1e-9, "equal and opposite impulse")

        // Within the limit the command passes unchanged; without a limit, any command does.
        try arm.setControl(0, .torque(1.25))
        try world.step()
        XCTAssertEqual(try arm.jointReading(0).appliedTorque, 1.25)
        let free = try makeArm(in: world, reach: reach, axis: .unitZ)
        try free.setControl(0, .torque(50))
        try world.step()
        XCTAssertEqual(try free.jointReading(0).appliedTorque, 50)
    }

    // MARK: Joint rows

    /// The rows of servos, joint friction and spring-dampers are built one-sided with shared
    /// unit responses (the shim's fillJointRow), except on a multibody that reports joint
    /// feedback, which gets Bullet's own two-sided rows. Both give the same numbers: two
    /// identical chains, one with feedback on, stay equal bit for bit while servos, friction,
    /// springs, dampers, a limit and a prismatic joint all act. The one-sided rows also take
    /// the solver's one-entry path (RowSolver: the row's velocity read at its Jacobian's single
    /// entry), the two-sided ones Bullet's dot product over every dof.
    func testOneSidedJointRowsGiveBulletsNumbersBitForBit() throws {
        func makeChain(in world: World) throws -> MultiBody {
            let inertia = Vector3(0.002, 0.003, 0.001)
            let step = Pose(position: Vector3(0.3, 0, 0))
            return try world.addMultiBody(MultiBodyDescription(
                fixedBase: true, basePose: Pose(position: Vector3(0, 0, 1)),
                links: [
                    LinkDescription(name: "a", parent: -1, jointType: .revolute, jointToCenterOfMass: Vector3(0.15, 0, 0),
                                    axis: .unitY, mass: 1, inertia: inertia, damping: 0.2, friction: 0.3, maxEffort: 20,
                                    maxVelocity: 0.4),
                    LinkDescription(name: "b", parent: 0, jointType: .revolute, jointInParent: step,
                                    jointToCenterOfMass: Vector3(0.15, 0, 0), axis: .unitZ, mass: 0.8, inertia: inertia,
                                    damping: 0.1, friction: 0.2, maxVelocity: 0.6, stiffness: 3, springReference: 0.2),
                    LinkDescription(name: "c", parent: 1, jointType: .revolute, jointInParent: step,
                                    jointToCenterOfMass: Vector3(0.1, 0, 0), axis: .unitY, mass: 0.5, inertia: inertia,
                                    limits: JointLimits(lower: -0.4, upper: 0.4), damping: 0.05, friction: 0.1),
                    LinkDescription(name: "d", parent: 2, jointType: .prismatic, jointInParent: step, axis: .unitX,
                                    mass: 0.3, inertia: inertia, damping: 0.3, friction: 0.5, maxEffort: 5),
                ]))
        }
        var states: [[Double]] = []
        for feedback in [false, true] {
            let world = try World.make()
            let chain = try makeChain(in: world)
            try chain.setJointFeedback(feedback)
            var trajectory: [Double] = []
            for tick in 0..<240 {
                let t = Double(tick) / 60
                try chain.setControl(0, .position(target: 0.5 * sin(t), maxForce: 15))
                try chain.setControl(1, tick < 120 ? .velocity(target: cos(t), maxForce: 2) : .none)
                try chain.setControl(3, .position(target: 0.05 * sin(2 * t)))
                try world.step(2)
                trajectory += try chain.jointPositions() + chain.jointVelocities()
            }
            states.append(trajectory)
        }
        XCTAssertEqual(states[0].count, states[1].count)
        let differing = zip(states[0], states[1]).filter { $0.bitPattern != $1.bitPattern }.count
        XCTAssertEqual(differing, 0, "one-sided and two-sided joint rows differ in \(differing) of \(states[0].count) values")
        XCTAssertGreaterThan(states[0].map(abs).max() ?? 0, 0.05, "the chain moves")
    }

    /// The same on a floating base with branches, where the shim's unit responses run
    /// Bullet's articulated-body pass inward only along a joint's path to the base (the
    /// other links add their zero-force share): two identical trees dropped onto the floor,
    /// their servos swinging the limbs into their limits (lower and upper rows), one with
    /// feedback on, stay equal bit for bit. Both walk the same contact rows.
    func testOneSidedJointRowsOnAFloatingTreeGiveBulletsNumbersBitForBit() throws {
        func makeTree(in world: World) throws -> MultiBody {
            let inertia = Vector3(0.004, 0.005, 0.003)
            let limb = try world.boxShape(halfExtents: Vector3(0.04, 0.04, 0.12))
            func link(_ name: String, parent: Int, at position: Vector3, axis: Vector3, limit: Double) -> LinkDescription {
                LinkDescription(name: name, parent: parent, jointType: .revolute, jointInParent: Pose(position: position),
                                jointToCenterOfMass: Vector3(0, 0, -0.12), axis: axis, mass: 0.6, inertia: inertia,
                                shape: limb, limits: JointLimits(lower: -limit, upper: limit), damping: 0.05,
                                friction: 0.1, maxEffort: 12)
            }
            return try world.addMultiBody(MultiBodyDescription(
                fixedBase: false, basePose: Pose(position: Vector3(0, 0, 0.7)), baseMass: 3,
                baseInertia: Vector3(0.03, 0.02, 0.02), baseShape: try world.boxShape(halfExtents: Vector3(0.1, 0.15, 0.1)),
                links: [
                    link("left hip", parent: -1, at: Vector3(0, 0.1, -0.1), axis: .unitY, limit: 0.6),
                    link("left knee", parent: 0, at: Vector3(0, 0, -0.24), axis: .unitY, limit: 0.3),
                    link("right hip", parent: -1, at: Vector3(0, -0.1, -0.1), axis: .unitX, limit: 0.5),
                    link("right knee", parent: 2, at: Vector3(0, 0, -0.24), axis: .unitY, limit: 0.4),
                    link("arm", parent: -1, at: Vector3(0.1, 0, 0.1), axis: .unitZ, limit: 0.2),
                ]))
        }
        var states: [[Double]] = []
        for feedback in [false, true] {
            let world = try World.make()
            try world.addFloor(friction: 0.8)
            let tree = try makeTree(in: world)
            try tree.setJointFeedback(feedback)
            var trajectory: [Double] = []
            for tick in 0..<90 {
                let t = Double(tick) / 60
                for joint in 0..<5 {
                    try tree.setControl(joint, .position(target: 0.8 * sin(2 * t + Double(joint)), maxForce: 10))
                }
                try world.step(4)
                let base = try tree.baseState()
                trajectory += try tree.jointPositions() + tree.jointVelocities()
                trajectory += [base.pose.position.x, base.pose.position.y, base.pose.position.z,
                               base.linearVelocity.x, base.linearVelocity.z, base.angularVelocity.y]
            }
            states.append(trajectory)
        }
        let differing = zip(states[0], states[1]).filter { $0.bitPattern != $1.bitPattern }.count
        XCTAssertEqual(differing, 0, "one-sided and two-sided joint rows differ in \(differing) of \(states[0].count) values")
        XCTAssertLessThan(states[0][states[0].count - 4], 0.5, "the tree fell onto the floor")
    }

    // MARK: Joint reaction

    /// A mass hanging still from a revolute joint is held up by the joint: with feedback on,
    /// the reaction force has magnitude m g; with it off, it reads zero.
    func testJointReactionForceOfAHangingMassIsItsWeight() throws {
        let world = try World.make()
        let mass = 2.0
        let hanging = try world.addMultiBody(MultiBodyDescription(
            fixedBase: true, basePose: Pose(position: Vector3(0, 0, 2)),
            links: [LinkDescription(name: "weight", parent: -1, jointType: .revolute, jointToCenterOfMass: Vector3(0, 0, -0.4),
                                    axis: .unitY, mass: mass, inertia: Vector3(0.01, 0.01, 0.01))]))
        try world.step(10)
        XCTAssertEqual(try hanging.jointReading(0).reactionForce, .zero, "no feedback until enabled")
        try hanging.setJointFeedback(true)
        try world.step(10)
        let reaction = try hanging.jointReading(0).reactionForce
        XCTAssertEqual(reaction.length, mass * g, accuracy: 0.01 * mass * g, "reaction \(reaction) N")
        // Hanging straight down, the link frame is the world frame: the force is vertical.
        XCTAssertEqual(abs(reaction.z), mass * g, accuracy: 0.01 * mass * g)
        print("joint reaction: \(reaction) N, |F| = \(reaction.length) vs m g = \(mass * g)")
        try hanging.setJointFeedback(false)
        try world.step()
        XCTAssertEqual(try hanging.jointReading(0).reactionForce, .zero)
    }

    // MARK: Bad commands

    func testNaNTargetsGainsAndTorquesAreRejected() throws {
        let world = try World.make()
        let arm = try makeArm(in: world, maxEffort: 10)
        try arm.setControl(0, .position(target: 0.2))
        let before = try world.stateHash()
        let bad: [(JointControl, [String])] = [
            (.position(target: .nan), ["target"]),
            (.position(target: .infinity), ["target"]),
            (.position(target: 0, targetVelocity: .nan), ["target"]),
            (.position(target: 0, positionGain: .nan), ["gain"]),
            (.position(target: 0, velocityGain: .infinity), ["gain"]),
            (.velocity(target: .nan), ["target"]),
            (.velocity(target: 1, gain: .nan), ["gain"]),
            (.torque(.nan), ["torque"]),
            (.torque(-.infinity), ["torque"]),
            (.position(target: 0, positionGain: 1.5), ["gain"]),
            (.velocity(target: 1, gain: -0.1), ["gain"]),
            (.position(target: 0, maxForce: .infinity), ["max"]),
        ]
        for (control, words) in bad {
            let message = assertThrowsPhysicsError(try arm.setControl(0, control), PhysicsError.invalidArgument,
                                                   mentioning: "link 0")
            for word in words {
                XCTAssertTrue(message?.lowercased().contains(word) ?? false, "\(control): \"\(message ?? "")\" should name \(word)")
            }
        }
        for maxForce in [0.0, -1, .nan] {
            assertThrowsPhysicsError(try arm.setControl(0, .position(target: 0, maxForce: maxForce)),
                                     PhysicsError.invalidArgument, mentioning: "maxForce", "link 0")
            assertThrowsPhysicsError(try arm.setControl(0, .velocity(target: 0, maxForce: maxForce)),
                                     PhysicsError.invalidArgument, mentioning: "maxForce")
        }
        XCTAssertEqual(try world.stateHash(), before, "rejected commands leave the previous control in place")
    }

    func testControlOfAFixedJointIsRejected() throws {
        let world = try World.make()
        let body = try world.addMultiBody(MultiBodyDescription(fixedBase: true, links: [
            LinkDescription(name: "welded", parent: -1, jointType: .fixed, mass: 1, inertia: Vector3(0.1, 0.1, 0.1)),
        ]))
        assertThrowsPhysicsError(try body.setControl(0, .position(target: 1)), PhysicsError.invalidArgument,
                                 mentioning: "fixed joint")
        XCTAssertNoThrow(try body.setControl(0, JointControl.none))
        XCTAssertEqual(body.positionCount, 0)
        XCTAssertEqual(try body.jointPositions(), [])
    }
}
