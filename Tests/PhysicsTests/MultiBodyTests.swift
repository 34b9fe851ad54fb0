// Articulated bodies: pendulum dynamics against theory, energy conservation, link states
// against forward kinematics, pushes on a floating base, and bad joint indices and states.
import XCTest
import Foundation
import Physics

final class MultiBodyTests: XCTestCase {
    // MARK: Builders

    /// A fixed-base pendulum: one revolute link about world y, its centre of mass `length`
    /// below the pivot at (0, 0, 2), with a small isotropic inertia about that centre.
    private func makePendulum(in world: World, length: Double, mass: Double, inertia: Double,
                              damping: Double = 0) throws -> MultiBody {
        try world.addMultiBody(MultiBodyDescription(
            fixedBase: true, basePose: Pose(position: Vector3(0, 0, 2)),
            links: [LinkDescription(name: "bob", parent: -1, jointType: .revolute,
                                    jointToCenterOfMass: Vector3(0, 0, -length), axis: .unitY, mass: mass,
                                    inertia: Vector3(inertia, inertia, inertia), damping: damping)]))
    }

    /// Times at which `values` (sampled every `dt` from t = dt) cross zero going down,
    /// linearly interpolated between samples.
    private func downwardZeroCrossings(_ values: [Double], dt: Double) -> [Double] {
        var crossings: [Double] = []
        for i in 1..<values.count where values[i - 1] > 0 && values[i] <= 0 {
            let fraction = values[i - 1] / (values[i - 1] - values[i])
            crossings.append((Double(i) + fraction) * dt)
        }
        return crossings
    }

    // MARK: Pendulum period

    /// Small swings of a physical pendulum have T = 2π √(I_pivot / (m g L)) with
    /// I_pivot = I_com + m L². Measured from downward zero crossings over 6 periods.
    ///
    /// dt = 1/240 s is honest here: semi-implicit Euler shifts an oscillator's frequency by
    /// about (ω dt)² / 24 ≈ 1e-5 for ω = 4.4 rad/s, and a 0.05 rad amplitude lengthens the
    /// period by θ0²/16 ≈ 1.6e-4; both are far below the 1 % tolerance.
    func testSmallAnglePendulumPeriodMatchesTheory() throws {
        let dt = 1.0 / 240.0
        let world = try World.make(timeStep: dt)
        let (length, mass, inertia, g) = (0.5, 1.0, 1e-4, 9.81)
        let pendulum = try makePendulum(in: world, length: length, mass: mass, inertia: inertia)
        try pendulum.setJointState(0, position: 0.05)

        let pivotInertia = inertia + mass * length * length
        let theory = 2 * Double.pi * (pivotInertia / (mass * g * length)).squareRoot()  // 1.4187 s
        var angles: [Double] = []
        for _ in 0..<Int((7 * theory / dt).rounded(.up)) {
            try world.step()
            angles.append(try pendulum.jointPositions()[0])
        }
        let crossings = downwardZeroCrossings(angles, dt: dt)
        XCTAssertGreaterThanOrEqual(crossings.count, 7)
        let measured = (crossings.last! - crossings.first!) / Double(crossings.count - 1)
        let relativeError = abs(measured - theory) / theory
        XCTAssertLessThan(relativeError, 0.01, "period \(measured) s vs \(theory) s")
        // Undamped: the amplitude is kept (the last swing still reaches 99 % of 0.05 rad).
        XCTAssertGreaterThan(angles.suffix(Int(theory / dt)).max()!, 0.0495)
        print("pendulum period: measured \(measured) s, theory \(theory) s, error \(relativeError * 100) %")
    }

    // MARK: Energy

    /// Kinetic plus potential energy of every link of `body`, from link states. The angular
    /// term uses ω in the link's principal frame: ω_link = R⁻¹ ω_world.
    private func energy(of body: MultiBody, masses: [Double], inertias: [Vector3], g: Double) throws -> Double {
        var total = 0.0
        for link in 0..<body.linkCount {
            let state = try body.linkState(link)
            let omega = state.pose.rotation.conjugate.rotate(state.angularVelocity)
            let inertia = inertias[link]
            let rotational = 0.5 * (inertia.x * omega.x * omega.x + inertia.y * omega.y * omega.y + inertia.z * omega.z * omega.z)
            let translational = 0.5 * masses[link] * state.linearVelocity.dot(state.linearVelocity)
            total += rotational + translational + masses[link] * g * state.pose.position.z
        }
        return total
    }

    /// An undamped double pendulum (two rods) swinging chaotically from 1.2 and -0.8 rad
    /// keeps its total energy within 1 % of its initial energy over 10 s.
    ///
    /// Energy is measured above the hanging rest pose, so 1 % is of the energy that is
    /// actually sloshing between the links (4.9 J).
    ///
    /// Why dt = 0.1 ms: Bullet integrates joint coordinates with semi-implicit Euler
    /// (q̇ += q̈ dt, then q += q̇ dt). With a configuration-dependent mass matrix that is not
    /// symplectic, and this chain *gains* energy steadily, in proportion to dt. Measured
    /// worst drift over 10 s: 3.4 % at 1 ms, 1.6 % at 0.5 ms, 0.81 % at 0.25 ms, 0.31 % at
    /// 0.1 ms. So 1 ms (and the default 1/240 s) cannot meet 1 %; 0.1 ms meets it with a
    /// 3× margin. (A single pendulum, whose mass matrix is constant, stays bounded: 0.25 %
    /// at 1 ms from 1.2 rad.)
    func testDoublePendulumConservesEnergy() throws {
        let dt = 0.0001
        let g = 9.81
        let world = try World.make(gravity: Vector3(0, 0, -g), timeStep: dt)
        let (length, mass) = (0.5, 1.0)
        let rod = Vector3(mass * length * length / 12, mass * length * length / 12, 1e-4)
        func rodLink(_ name: String, parent: Int, pivot: Vector3) -> LinkDescription {
            LinkDescription(name: name, parent: parent, jointType: .revolute, jointInParent: Pose(position: pivot),
                            jointToCenterOfMass: Vector3(0, 0, -length / 2), axis: .unitY, mass: mass, inertia: rod)
        }
        let body = try world.addMultiBody(MultiBodyDescription(
            fixedBase: true, basePose: Pose(position: Vector3(0, 0, 2)),
            links: [rodLink("upper", parent: -1, pivot: .zero),
                    rodLink("lower", parent: 0, pivot: Vector3(0, 0, -length / 2))]))
        let masses = [mass, mass]
        let inertias = [rod, rod]
        let rest = try energy(of: body, masses: masses, inertias: inertias, g: g)
        try body.setJointState(0, position: 1.2)
        try body.setJointState(1, position: -0.8)
        let initial = try energy(of: body, masses: masses, inertias: inertias, g: g) - rest
        XCTAssertGreaterThan(initial, 4, "the pendulum must start with a lot of energy (J)")

        var worstDrift = 0.0
        var fastest = 0.0
        for _ in 0..<10_000 {
            try world.step(10)
            let now = try energy(of: body, masses: masses, inertias: inertias, g: g) - rest
            worstDrift = max(worstDrift, abs(now - initial) / initial)
            fastest = max(fastest, abs(try body.jointVelocities()[1]))
        }
        XCTAssertEqual(try world.time(), 10, accuracy: 1e-9)
        XCTAssertGreaterThan(fastest, 5, "the lower link must really swing (rad/s)")
        XCTAssertLessThan(worstDrift, 0.01, "energy drifted \(worstDrift * 100) % of \(initial) J")
        print("double pendulum: initial energy \(initial) J, worst drift \(worstDrift * 100) % over 10 s at dt = \(dt) s")
    }

    // MARK: Link states

    /// Link poses of a two-link planar arm match forward kinematics done by hand, and the
    /// link velocity matches ω × r.
    func testLinkStatesMatchHandForwardKinematics() throws {
        let world = try World.make()
        let (a, b, bend) = (0.4, 0.3, 0.3)
        let basePosition = Vector3(0.1, -0.2, 1.0)
        let arm = try world.addMultiBody(MultiBodyDescription(
            fixedBase: true, basePose: Pose(position: basePosition),
            links: [
                LinkDescription(name: "upper", parent: -1, jointType: .revolute, jointToCenterOfMass: Vector3(a / 2, 0, 0),
                                axis: .unitY, mass: 1, inertia: Vector3(0.001, 0.01, 0.01)),
                // Mounted at the end of the upper link, turned by `bend` about y at q = 0.
                LinkDescription(name: "fore", parent: 0, jointType: .revolute,
                                jointInParent: Pose(position: Vector3(a / 2, 0, 0), rotation: Quaternion(axis: .unitY, angle: bend)),
                                jointToCenterOfMass: Vector3(b / 2, 0, 0), axis: .unitY, mass: 1,
                                inertia: Vector3(0.001, 0.01, 0.01)),
            ]))
        let (q0, q1, q0Rate) = (0.7, -1.1, 2.0)
        try arm.setJointState(0, position: q0, velocity: q0Rate)
        try arm.setJointState(1, position: q1, velocity: 0)

        // A rotation by φ about +y takes x to (cos φ, 0, -sin φ).
        func along(_ angle: Double, _ distance: Double) -> Vector3 { Vector3(cos(angle), 0, -sin(angle)) * distance }
        let upperCentre = basePosition + along(q0, a / 2)
        let elbow = basePosition + along(q0, a)
        let foreAngle = q0 + bend + q1
        let foreCentre = elbow + along(foreAngle, b / 2)

        let upper = try arm.linkState(0)
        let fore = try arm.linkState(1)
        assertClose(upper.pose.position, upperCentre, within: 1e-12, "upper centre")
        assertSameRotation(upper.pose.rotation, Quaternion(axis: .unitY, angle: q0), within: 1e-9, "upper rotation")
        assertClose(fore.pose.position, foreCentre, within: 1e-12, "fore centre")
        assertSameRotation(fore.pose.rotation, Quaternion(axis: .unitY, angle: foreAngle), within: 1e-9, "fore rotation")
        XCTAssertEqual(try arm.linkState(-1), try arm.baseState(), "link -1 is the base")

        // Velocities: both links turn at q0Rate about y (q1 is still), about the shoulder.
        let omega = Vector3(0, q0Rate, 0)
        assertClose(upper.angularVelocity, omega, within: 1e-12, "upper ω")
        assertClose(fore.angularVelocity, omega, within: 1e-12, "fore ω")
        assertClose(upper.linearVelocity, omega.cross(upperCentre - basePosition), within: 1e-12, "upper v")
        assertClose(fore.linearVelocity, omega.cross(foreCentre - basePosition), within: 1e-12, "fore v")
    }

    /// The same check in 3-D through pose algebra: a yaw joint then a roll joint on a turned
    /// and moved base. Link pose = parent · jointInParent · Rot(axis, q) · Translate(toCOM).
    func testLinkStatesMatchPoseCompositionIn3D() throws {
        let world = try World.make()
        let base = Pose(position: Vector3(1, 2, 0.5), rotation: Quaternion(roll: 0.2, pitch: -0.1, yaw: 0.7))
        let mount = Pose(position: Vector3(0.1, 0.05, 0.2), rotation: Quaternion(axis: Vector3(1, 1, 0), angle: 0.4))
        let arm = try world.addMultiBody(MultiBodyDescription(
            fixedBase: true, basePose: base,
            links: [
                LinkDescription(name: "yaw", parent: -1, jointType: .revolute, jointInParent: Pose(position: Vector3(0, 0, 0.1)),
                                jointToCenterOfMass: Vector3(0.15, 0, 0.02), axis: .unitZ, mass: 1, inertia: Vector3(0.01, 0.01, 0.01)),
                LinkDescription(name: "roll", parent: 0, jointType: .revolute, jointInParent: mount,
                                jointToCenterOfMass: Vector3(0, 0.12, 0), axis: .unitX, mass: 1, inertia: Vector3(0.01, 0.01, 0.01)),
            ]))
        let (q0, q1) = (-0.9, 1.3)
        try arm.setJointState(0, position: q0)
        try arm.setJointState(1, position: q1)

        let yaw = base * Pose(position: Vector3(0, 0, 0.1)) * Pose(rotation: Quaternion(axis: .unitZ, angle: q0))
            * Pose(position: Vector3(0.15, 0, 0.02))
        let roll = yaw * mount * Pose(rotation: Quaternion(axis: .unitX, angle: q1)) * Pose(position: Vector3(0, 0.12, 0))
        assertClose(try arm.linkState(0).pose.position, yaw.position, within: 1e-12, "yaw link")
        assertSameRotation(try arm.linkState(0).pose.rotation, yaw.rotation, within: 1e-9, "yaw link")
        assertClose(try arm.linkState(1).pose.position, roll.position, within: 1e-12, "roll link")
        assertSameRotation(try arm.linkState(1).pose.rotation, roll.rotation, within: 1e-9, "roll link")
    }

    // MARK: Pushes on a floating base

    /// A force through the centre of a floating base (no links) changes its momentum by
    /// F · duration, exactly.
    func testBaseWrenchChangesMomentumByForceTimesDuration() throws {
        let world = try World.make(gravity: .zero)
        let mass = 2.0
        let body = try world.addMultiBody(MultiBodyDescription(
            fixedBase: false, basePose: Pose(position: Vector3(0, 0, 1)), baseMass: mass,
            baseInertia: Vector3(0.02, 0.03, 0.04), links: []))
        let force = Vector3(0, 4, 1)
        try body.applyWrench(link: -1, force: force, duration: 0.25)  // 60 steps
        try world.step(100)
        assertClose(try body.baseState().linearVelocity * mass, force * 0.25, within: 1e-12, "momentum after a base push")
        XCTAssertEqual(try body.baseState().angularVelocity.length, 0, accuracy: 1e-12)
    }

    /// With a link attached, the total linear momentum (base plus link) changes by
    /// F · duration, for a push on the base and for a push on the link.
    ///
    /// Not exactly: the swinging link makes the momentum a function of the configuration,
    /// and semi-implicit Euler then leaks momentum at O(dt) (measured: 1.4e-3 of F · T at
    /// 1/240 s, 1.4e-4 at 1/2400 s, 1.4e-5 at 1/24000 s for the base push; 1.7e-2 at 1/240 s
    /// and 1.9e-3 at 1/2400 s for the link push, which spins the link faster). At 1/2400 s
    /// the impulse law is checked to 0.5 %.
    func testPushesChangeTotalMomentumOfAnArticulatedBody() throws {
        let dt = 1.0 / 2400.0
        let world = try World.make(gravity: .zero, timeStep: dt)
        let (baseMass, linkMass) = (2.0, 0.5)
        let body = try world.addMultiBody(MultiBodyDescription(
            fixedBase: false, basePose: Pose(position: Vector3(0, 0, 1)), baseMass: baseMass,
            baseInertia: Vector3(0.02, 0.02, 0.02),
            links: [LinkDescription(name: "tail", parent: -1, jointType: .revolute,
                                    jointInParent: Pose(position: Vector3(0.1, 0, 0)),
                                    jointToCenterOfMass: Vector3(0.2, 0, 0), axis: .unitZ, mass: linkMass,
                                    inertia: Vector3(0.001, 0.005, 0.005))]))
        func momentum() throws -> Vector3 {
            try body.baseState().linearVelocity * baseMass + body.linkState(0).linearVelocity * linkMass
        }
        let force = Vector3(0, 4, 1)
        try body.applyWrench(link: -1, force: force, duration: 0.25)
        try world.step(1000)
        let basePush = force * 0.25
        let afterBasePush = try momentum()
        assertClose(afterBasePush, basePush, within: 0.005 * basePush.length, "momentum after a base push")
        XCTAssertGreaterThan(abs(try body.jointVelocities()[0]), 0.1, "a push off the system's centre also swings the tail")

        let linkForce = Vector3(-3, 0, 0)
        try body.applyWrench(link: 0, force: linkForce, duration: 0.5)
        try world.step(1500)
        let linkPush = linkForce * 0.5
        let change = try momentum() - afterBasePush
        assertClose(change, linkPush, within: 0.005 * linkPush.length, "momentum change from a link push")
        print("articulated push at dt = 1/2400 s: base push error \((afterBasePush - basePush).length / basePush.length), "
              + "link push error \((change - linkPush).length / linkPush.length) (relative)")
    }

    // MARK: Bad input

    func testOutOfRangeLinkIndicesAreRejected() throws {
        let world = try World.make()
        let pendulum = try makePendulum(in: world, length: 0.5, mass: 1, inertia: 1e-3)
        assertThrowsPhysicsError(try pendulum.setControl(1, .torque(1)), PhysicsError.invalidArgument,
                                 mentioning: "link index 1", "0..<1")
        assertThrowsPhysicsError(try pendulum.setControl(-1, .torque(1)), PhysicsError.invalidArgument, mentioning: "link index -1")
        assertThrowsPhysicsError(try pendulum.linkState(1), PhysicsError.invalidArgument, mentioning: "link index 1")
        assertThrowsPhysicsError(try pendulum.linkState(-2), PhysicsError.invalidArgument, mentioning: "link index -2")
        assertThrowsPhysicsError(try pendulum.jointReading(5), PhysicsError.invalidArgument, mentioning: "link index 5")
        assertThrowsPhysicsError(try pendulum.jointReading(-1), PhysicsError.invalidArgument, mentioning: "link index -1")
        assertThrowsPhysicsError(try pendulum.setJointState(1, position: 0), PhysicsError.invalidArgument,
                                 mentioning: "link index 1")
        assertThrowsPhysicsError(try pendulum.applyWrench(link: 3, force: .unitX, duration: 1), PhysicsError.invalidArgument,
                                 mentioning: "link index 3")
        XCTAssertNil(pendulum.linkIndex(named: "nope"))
        XCTAssertEqual(pendulum.linkIndex(named: "bob"), 0)
    }

    func testJointStateCountsAndValuesAreChecked() throws {
        let world = try World.make()
        let pendulum = try makePendulum(in: world, length: 0.5, mass: 1, inertia: 1e-3)
        try pendulum.setJointState(0, position: 0.2, velocity: 0.1)
        let before = try world.stateHash()
        assertThrowsPhysicsError(try pendulum.setJointState(0, positions: [0.1, 0.2], velocities: [0]),
                                 PhysicsError.invalidArgument, mentioning: "joint 0", "1 positions", "1 velocities")
        assertThrowsPhysicsError(try pendulum.setJointState(0, positions: [0.1], velocities: []),
                                 PhysicsError.invalidArgument, mentioning: "joint 0")
        assertThrowsPhysicsError(try pendulum.setJointState(0, positions: [], velocities: []),
                                 PhysicsError.invalidArgument, mentioning: "joint 0")
        assertThrowsPhysicsError(try pendulum.setJointState(0, position: .nan), PhysicsError.invalidArgument,
                                 mentioning: "joint position")
        assertThrowsPhysicsError(try pendulum.setJointState(0, position: 0, velocity: .infinity), PhysicsError.invalidArgument,
                                 mentioning: "joint velocity")
        XCTAssertEqual(try world.stateHash(), before, "rejected joint states change nothing")
        XCTAssertEqual(try pendulum.jointPositions(), [0.2])
    }

    func testBadBaseStatesAreRejected() throws {
        let world = try World.make()
        let description = MultiBodyDescription(fixedBase: false, basePose: Pose(position: Vector3(0, 0, 1)), baseMass: 1,
                                               baseInertia: Vector3(0.1, 0.1, 0.1), links: [])
        let body = try world.addMultiBody(description)
        let before = try body.baseState()
        assertThrowsPhysicsError(try body.setBaseState(BodyState(pose: Pose(position: Vector3(.nan, 0, 0)))),
                                 PhysicsError.invalidArgument, mentioning: "base pose")
        assertThrowsPhysicsError(try body.setBaseState(BodyState(pose: Pose(rotation: Quaternion(x: 0, y: .infinity, z: 0, w: 1)))),
                                 PhysicsError.invalidArgument, mentioning: "base pose")
        assertThrowsPhysicsError(try body.setBaseState(BodyState(pose: .identity, linearVelocity: Vector3(0, 0, .nan))),
                                 PhysicsError.invalidArgument, mentioning: "base linear velocity")
        assertThrowsPhysicsError(try body.setBaseState(BodyState(pose: .identity, angularVelocity: Vector3(.infinity, 0, 0))),
                                 PhysicsError.invalidArgument, mentioning: "base angular velocity")
        XCTAssertEqual(try body.baseState(), before)

        var nanBase = description
        nanBase.basePose = Pose(position: Vector3(0, .infinity, 0))
        assertThrowsPhysicsError(try world.addMultiBody(nanBase), PhysicsError.invalidArgument, mentioning: "base pose")
        for mass in [0, -2, Double.nan] {
            var bad = description
            bad.baseMass = mass
            assertThrowsPhysicsError(try world.addMultiBody(bad), PhysicsError.invalidArgument, mentioning: "mass")
        }
        var badInertia = description
        badInertia.baseInertia = Vector3(0.1, 0, 0.1)
        assertThrowsPhysicsError(try world.addMultiBody(badInertia), PhysicsError.invalidArgument, mentioning: "inertia")
        var badDamping = description
        badDamping.linearDamping = -1
        assertThrowsPhysicsError(try world.addMultiBody(badDamping), PhysicsError.invalidArgument, mentioning: "damping")
    }

    func testRemovedMultiBodyIsNotFound() throws {
        let world = try World.make()
        let pendulum = try makePendulum(in: world, length: 0.5, mass: 1, inertia: 1e-3)
        try world.step(3)
        try pendulum.remove()
        assertThrowsPhysicsError(try pendulum.linkState(0), PhysicsError.notFound, mentioning: "multibody with id \(pendulum.id)")
        assertThrowsPhysicsError(try pendulum.jointPositions(), PhysicsError.notFound, mentioning: "multibody")
        assertThrowsPhysicsError(try pendulum.setControl(0, .torque(1)), PhysicsError.notFound, mentioning: "multibody")
        assertThrowsPhysicsError(try pendulum.jointReading(0), PhysicsError.notFound, mentioning: "multibody")
        assertThrowsPhysicsError(try pendulum.setJointState(0, position: 1), PhysicsError.notFound)
        assertThrowsPhysicsError(try pendulum.setJointFeedback(true), PhysicsError.notFound)
        assertThrowsPhysicsError(try pendulum.remove(), PhysicsError.notFound)
        try world.step(3)
    }
}
