// RobotBuilder: a model built in code becomes a multibody whose frames, masses and joints
// match the model.
import Foundation
import XCTest
import Physics
@testable import Robot

final class RobotBuilderTests: XCTestCase {
    /// base — (revolute about y, 0.5 m up) → arm — (fixed, 0.4 m along the arm) → tool (with
    /// its own mass) — (fixed) → tip frame (massless). The arm's inertial is offset and turned.
    private func armModel() -> RobotModel {
        let base = RobotLink(name: "base", inertial: Inertial(mass: 2, inertia: .diagonal(Vector3(0.01, 0.01, 0.01))),
                             collisions: [RobotGeometry(shape: .box(size: Vector3(0.2, 0.2, 0.1)))])
        let arm = RobotLink(name: "arm", inertial: Inertial(
            mass: 1, origin: Pose(position: Vector3(0, 0, 0.2), rotation: Quaternion(axis: .unitX, angle: 0.3)),
            inertia: InertiaTensor(ixx: 0.02, ixy: 0.001, iyy: 0.03, izz: 0.004)),
            collisions: [RobotGeometry(origin: Pose(position: Vector3(0, 0, 0.2)), shape: .capsule(radius: 0.03, length: 0.3))])
        let tool = RobotLink(name: "tool", inertial: Inertial(mass: 0.5, inertia: .diagonal(Vector3(1e-3, 1e-3, 1e-3))),
                             collisions: [RobotGeometry(shape: .sphere(radius: 0.04))])
        let tip = RobotLink(name: "tip")
        return RobotModel(name: "arm", rootLink: "base", links: [base, arm, tool, tip], joints: [
            RobotJoint(name: "shoulder", kind: .revolute, parent: "base", child: "arm",
                       origin: Pose(position: Vector3(0, 0, 0.5)), axis: .unitY,
                       limits: JointLimits(lower: -2, upper: 2, effort: 50)),
            RobotJoint(name: "tool_mount", kind: .fixed, parent: "arm", child: "tool",
                       origin: Pose(position: Vector3(0, 0, 0.4))),
            RobotJoint(name: "tip_mount", kind: .fixed, parent: "tool", child: "tip",
                       origin: Pose(position: Vector3(0, 0, 0.05))),
        ])
    }

    func testFixedJointsMergeAndFramesFollowTheJoint() throws {
        var settings = WorldSettings()
        settings.gravity = .zero
        let world = try World(settings: settings)
        let robot = try RobotBuilder.build(armModel(), in: world, options: RobotBuildOptions(fixedBase: true))
        XCTAssertEqual(robot.body.linkCount, 1, "fixed joints merge: one moving body")
        XCTAssertEqual(robot.jointNames, ["shoulder"])
        XCTAssertEqual(Set(robot.frames.keys), ["base", "arm", "tool", "tip"])

        let angle = 0.8
        try robot.setJointPositions(["shoulder": angle])
        // By hand: the tip is 0.45 m along the arm's z, the arm turned by `angle` about y at 0.5 m.
        let rotation = Quaternion(axis: .unitY, angle: angle)
        let expectedTip = Vector3(0, 0, 0.5) + rotation.rotate(Vector3(0, 0, 0.45))
        let tip = try robot.framePose("tip")
        XCTAssertEqual(tip.position.x, expectedTip.x, accuracy: 1e-9)
        XCTAssertEqual(tip.position.y, expectedTip.y, accuracy: 1e-9)
        XCTAssertEqual(tip.position.z, expectedTip.z, accuracy: 1e-9)
        let armFrame = try robot.framePose("arm")
        XCTAssertEqual(armFrame.rotation.rotate(.unitZ).x, rotation.rotate(.unitZ).x, accuracy: 1e-9)
        XCTAssertEqual(armFrame.rotation.rotate(.unitZ).z, rotation.rotate(.unitZ).z, accuracy: 1e-9)
    }

    /// MJCF armature: the joint moves exactly `armature` more inertia. One step of a 1 N m
    /// torque without gravity gives q̇ = τ dt / I, so 1/q̇ grows by armature / (τ dt).
    func testArmatureAddsToTheInertiaTheJointMoves() throws {
        var settings = WorldSettings()
        settings.gravity = .zero
        func velocityAfterATorqueStep(armature: Double) throws -> Double {
            var model = armModel()
            model.joints[0].armature = armature
            let world = try World(settings: settings)
            let robot = try RobotBuilder.build(model, in: world, options: RobotBuildOptions(fixedBase: true))
            try robot.body.setControl(0, .torque(1))
            try world.step()
            return try robot.body.jointVelocities()[0]
        }
        let bare = try velocityAfterATorqueStep(armature: 0)
        let geared = try velocityAfterATorqueStep(armature: 0.05)
        XCTAssertEqual(1 / geared - 1 / bare, 0.05 / (1 * settings.timeStep), accuracy: 1e-6 / settings.timeStep)
    }

    func testMergedMassActsAtTheCombinedCentreOfMass() throws {
        // With gravity and the joint passive, the arm's static torque when held horizontal is
        // g * (1 kg * 0.2 m + 0.5 kg * 0.4 m): the builder must place the merged COM right.
        let world = try World()
        let robot = try RobotBuilder.build(armModel(), in: world, options: RobotBuildOptions(fixedBase: true))
        try robot.setJointPositions(["shoulder": Double.pi / 2])
        try robot.body.setControl(0, .position(target: Double.pi / 2, positionGain: 0.2, velocityGain: 1))
        try world.step(240)
        let torque = try robot.body.jointReading(0).appliedTorque
        XCTAssertEqual(abs(torque), 9.81 * (1 * 0.2 + 0.5 * 0.4), accuracy: 0.02)
    }

    /// Servo gains are fractions per 1/240 s wherever the robot layer sets a servo: at
    /// 1/120 s, `hold` and the build's initial hold apply 0.2 per 1/240 s as 0.36 per step
    /// (two 1/240 s steps leave 0.8² of the error). An unloaded joint without gravity, its
    /// velocity error removed each step (velocity gain 1), moves by exactly the position
    /// gain's share of its error in one step; a path that set the gains unrestated moves it
    /// by 0.2 of it.
    func testServoGainsAreRestatedForTheWorldsStep() throws {
        var settings = WorldSettings()
        settings.gravity = .zero
        settings.timeStep = 1.0 / 120.0
        let error = 0.01
        // Through `hold`.
        do {
            let world = try World(settings: settings)
            let robot = try RobotBuilder.build(armModel(), in: world, options: RobotBuildOptions(fixedBase: true))
            try robot.hold(["shoulder": error], positionGain: 0.2, velocityGain: 1)
            try world.step()
            let moved = try XCTUnwrap(try robot.jointPositions()["shoulder"])
            XCTAssertEqual(moved, 0.36 * error, accuracy: 1e-9, "hold at 1/120 s")
        }
        // Through the build options (every actuated joint held at 0 from the start).
        do {
            let world = try World(settings: settings)
            let robot = try RobotBuilder.build(armModel(), in: world, options: RobotBuildOptions(
                fixedBase: true, positionGain: 0.2, velocityGain: 1))
            try robot.setJointPositions(["shoulder": error])
            try world.step()
            let left = try XCTUnwrap(try robot.jointPositions()["shoulder"])
            XCTAssertEqual(left, (1 - 0.36) * error, accuracy: 1e-9, "initial hold at 1/120 s")
        }
        // At the reference step the gains go to Bullet as they are.
        settings.timeStep = StepFraction.referenceStep
        let world = try World(settings: settings)
        let robot = try RobotBuilder.build(armModel(), in: world, options: RobotBuildOptions(fixedBase: true))
        try robot.hold(["shoulder": error], positionGain: 0.2, velocityGain: 1)
        try world.step()
        XCTAssertEqual(try XCTUnwrap(try robot.jointPositions()["shoulder"]), 0.2 * error, accuracy: 1e-9, "hold at 1/240 s")
    }

    /// The servos keep to the URDF's `<limit velocity>`: a joint held 2 rad away turns at
    /// 1.5 rad/s (the file's value, reached but never passed); a joint whose file says 0
    /// (unknown) and every joint built with `servoVelocityLimits: false` turn far faster
    /// (0.2 of the 2 rad error per 1/240 s is 96 rad/s).
    func testServosKeepToTheURDFVelocityLimit() throws {
        let urdf = URDFFixtures.robot(URDFFixtures.link("base") + URDFFixtures.link("limited") + URDFFixtures.link("unknown") + """
            <joint name="limited_joint" type="revolute"><parent link="base"/><child link="limited"/><axis xyz="0 0 1"/>
              <limit lower="-3" upper="3" effort="1000" velocity="1.5"/></joint>
            <joint name="unknown_joint" type="revolute"><parent link="base"/><child link="unknown"/><axis xyz="0 0 1"/>
              <limit lower="-3" upper="3" effort="1000" velocity="0"/></joint>

            """)
        let model = try loadScratchURDF(urdf)
        func fastest(limits: Bool) throws -> [String: Double] {
            let world = try World()
            let robot = try RobotBuilder.build(model, in: world, options: RobotBuildOptions(
                fixedBase: true, servoVelocityLimits: limits))
            try robot.hold(["limited_joint": 2, "unknown_joint": 2])
            var fastest: [String: Double] = [:]
            for _ in 0..<480 {
                try world.step()
                for (index, velocity) in try robot.body.jointVelocities().enumerated() {
                    fastest[robot.jointNames[index], default: 0] = max(fastest[robot.jointNames[index], default: 0], abs(velocity))
                }
            }
            XCTAssertEqual(try XCTUnwrap(try robot.jointPositions()["limited_joint"]), 2, accuracy: 1e-3, "gets there")
            return fastest
        }
        let limited = try fastest(limits: true)
        let limitedSpeed = try XCTUnwrap(limited["limited_joint"])
        XCTAssertLessThanOrEqual(limitedSpeed, 1.5 * (1 + 1e-9), "no faster than the file's limit")
        XCTAssertGreaterThan(limitedSpeed, 0.999 * 1.5, "and at the limit on the way")
        XCTAssertGreaterThan(try XCTUnwrap(limited["unknown_joint"]), 20, "velocity 0 in the file: unlimited")
        XCTAssertGreaterThan(try XCTUnwrap(try fastest(limits: false)["limited_joint"]), 20, "limits off: unlimited")
    }

    /// Holding by Bullet link (the control loops' way, names looked up once) sets the same
    /// servos as holding by name: the same trajectory bit for bit. Bad input is named.
    func testHoldByLinkMatchesHoldByName() throws {
        func swing(byLink: Bool) throws -> [Double] {
            let world = try World()
            let robot = try RobotBuilder.build(armModel(), in: world, options: RobotBuildOptions(fixedBase: true))
            let shoulder = try XCTUnwrap(robot.jointIndex(named: "shoulder"))
            var positions: [Double] = []
            for step in 0..<40 {
                let target = step < 20 ? 0.4 : -0.2
                if byLink {
                    try robot.hold(links: [shoulder], targets: [target], positionGain: 0.1, velocityGain: 0.8)
                } else {
                    try robot.hold(["shoulder": target], positionGain: 0.1, velocityGain: 0.8)
                }
                try world.step()
                positions += try robot.body.jointPositions()
            }
            return positions
        }
        let byName = try swing(byLink: false)
        XCTAssertEqual(byName.map(\.bitPattern), try swing(byLink: true).map(\.bitPattern))
        XCTAssertGreaterThan(byName.max() ?? 0, 0.1, "the arm moved")

        let robot = try RobotBuilder.build(armModel(), in: try World(), options: RobotBuildOptions(fixedBase: true))
        XCTAssertThrowsError(try robot.hold(links: [0], targets: [])) { error in
            XCTAssertTrue("\(error)".contains("1 links but 0 targets"), "\(error)")
        }
        XCTAssertThrowsError(try robot.hold(["shoulder": 0.1, "elbow": 1])) { error in
            XCTAssertTrue("\(error)".contains("elbow"), "\(error)")
        }
    }

    func testMimicAndUnknownJointNamesAreChecked() throws {
        var model = armModel()
        model.links.append(RobotLink(name: "finger", inertial: Inertial(mass: 0.1, inertia: .diagonal(Vector3(1e-4, 1e-4, 1e-4)))))
        model.joints.append(RobotJoint(name: "finger_joint", kind: .prismatic, parent: "tool", child: "finger",
                                       axis: .unitX, limits: JointLimits(lower: 0, upper: 0.05, effort: 10),
                                       mimic: Mimic(joint: "nope")))
        let world = try World()
        XCTAssertThrowsError(try RobotBuilder.build(model, in: world)) { error in
            XCTAssertTrue("\(error)".contains("nope"), "\(error)")
        }
        let robot = try RobotBuilder.build(armModel(), in: try World())
        XCTAssertThrowsError(try robot.setJointPositions(["elbow": 1])) { error in
            XCTAssertTrue("\(error)".contains("elbow"), "\(error)")
        }
    }
}

/// Vendor robots build: a fixed-base arm keeps exact triangle meshes on its welded base and
/// convex hulls on moving links; a dropped ball lands on the base's mesh.
final class RobotBuilderMeshTests: XCTestCase {
    func testKukaArmBuildsWithMeshColliders() throws {
        let path = try URDFFixtures.asset("kuka_iiwa/kuka_iiwa/model.urdf")
        let model = try RobotImporter.load(path: path)
        let world = try World()
        let robot = try RobotBuilder.build(model, in: world, options: RobotBuildOptions(fixedBase: true))
        XCTAssertEqual(robot.body.linkCount, 7)
        try robot.hold(Dictionary(uniqueKeysWithValues: robot.jointNames.map { ($0, 0.3) }))
        try world.step(480)
        for (name, value) in try robot.jointPositions() {
            XCTAssertEqual(value, 0.3, accuracy: 0.01, "\(name) holds its target")
        }
        // A ball dropped onto the base's top comes to rest on it (the mesh collides).
        let base = try MeshCache.shared.mesh(at: (path as NSString).deletingLastPathComponent + "/meshes/link_0.stl")
        let bounds = try XCTUnwrap(base.boundingBox)
        let top = bounds.maximum.z
        print("kuka base mesh box", bounds)
        let ball = try world.addBody(RigidBodyDescription(
            kind: .dynamic, shape: try world.sphereShape(radius: 0.02), mass: 0.05,
            pose: Pose(position: Vector3(bounds.minimum.x + 0.025, 0, top + 0.2))))
        // Free fall would take it 0.24 m below the top in 0.3 s; the mesh stops it first.
        var touched = false
        for _ in 0..<72 {
            try world.step()
            touched = try touched || world.contacts().contains { $0.isBetween(ball.id, robot.body.id) }
        }
        let z = try ball.state().pose.position.z
        print("ball at", z, "after 0.3 s; base top", top)
        XCTAssertTrue(touched, "the ball must touch the base's mesh")
        XCTAssertGreaterThan(z, top - 0.1, "the ball must not fall through the base")
    }
}
