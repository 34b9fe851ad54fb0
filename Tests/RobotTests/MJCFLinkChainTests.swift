// Bodies → links and joints: one joint per link, massless intermediate links, anchors,
// fixed joints for jointless bodies, generated names, ref, and the synthetic world root.
import Foundation
import Physics
import XCTest
@testable import Robot

final class MJCFLinkChainTests: XCTestCase {
    private func model(_ body: String, sections: String = "", compiler: String = "<compiler angle=\"radian\"/>") throws -> MJCFImport {
        try MJCFFixtures.importText(MJCFFixtures.model(body, sections: sections, compiler: compiler))
    }

    func testSeveralJointsBecomeAChainThroughTheirAnchors() throws {
        let imported = try model("""
            <body name="base">
              <freejoint/>
              <geom size="0.1"/>
              <body name="arm" pos="0 0 1">
                <joint name="a" axis="1 0 0" pos="0 0 0.2" range="-1 1"/>
                <joint axis="0 1 0" pos="0 0 0.3"/>
                <joint name="c" type="slide" axis="0 0 2" pos="0 0 0.5" range="0 0.1"/>
                <inertial pos="0 0 0.6" mass="2" diaginertia="1 1 1"/>
                <geom size="0.1" pos="0 0 0.7"/>
                <body name="hand" pos="0 0 1"><geom size="0.1"/></body>
              </body>
            </body>
            """)
        let robot = imported.model
        XCTAssertEqual(robot.links.map(\.name), ["base", "arm__a", "arm__arm_joint1", "arm", "hand"])
        XCTAssertEqual(robot.joints.map(\.name), ["a", "arm_joint1", "c", "hand_fixed"])
        XCTAssertEqual(robot.joints.map(\.kind), [.revolute, .continuous, .prismatic, .fixed])
        XCTAssertEqual(robot.joints.map(\.parent), ["base", "arm__a", "arm__arm_joint1", "arm"])
        XCTAssertEqual(robot.joints.map(\.child), ["arm__a", "arm__arm_joint1", "arm", "hand"])
        // Each child frame sits at its joint's anchor.
        for (joint, z) in zip(robot.joints, [1.2, 0.1, 0.2, 0.5]) {
            XCTAssertLessThan((joint.origin.position - Vector3(0, 0, z)).length, 1e-12, joint.name)
        }
        XCTAssertEqual(robot.joint(named: "c")?.axis, .unitZ)
        // The body's own link frame is at the last anchor: content shifted by −0.5.
        let arm = try XCTUnwrap(robot.link(named: "arm"))
        XCTAssertEqual(arm.inertial?.origin.position.z ?? 0, 0.1, accuracy: 1e-12)
        XCTAssertEqual(arm.visuals.first?.origin.position.z ?? 0, 0.2, accuracy: 1e-12)
        XCTAssertNil(robot.link(named: "arm__a")?.inertial)
        XCTAssertEqual(robot.jointDegreesOfFreedom, 3)
        XCTAssertEqual(imported.counts.joints, 4)
        XCTAssertEqual(imported.counts.positions, 10)
        XCTAssertEqual(robot.notes.filter { $0.message.contains("<body>__<joint>") }.count, 1, "noted once")
    }

    func testBallJointsAndLimits() throws {
        let robot = try model("""
            <body name="base">
              <geom size="0.1"/>
              <body name="ball">
                <joint name="b" type="ball" range="0 0.5" damping="0.3"/>
                <geom size="0.1"/>
              </body>
            </body>
            """).model
        let ball = try XCTUnwrap(robot.joint(named: "b"))
        XCTAssertEqual(ball.kind, .spherical)
        XCTAssertNil(ball.limits?.lower)
        XCTAssertEqual(ball.limits?.upper, 0.5)
        XCTAssertEqual(ball.damping, 0.3)
        XCTAssertFalse(robot.floatingBase)
    }

    func testReferenceIsFoldedIntoTheOrigin() throws {
        // At q = ref the body sits where the file draws it, as in MuJoCo.
        let robot = try model("""
            <body name="base">
              <geom size="0.1"/>
              <body name="link" pos="1 0 0">
                <joint name="h" axis="0 0 1" ref="0.5"/>
                <geom size="0.1"/>
              </body>
            </body>
            """).model
        let hinge = try XCTUnwrap(robot.joint(named: "h"))
        let atReference = hinge.origin * Pose(rotation: Quaternion(axis: hinge.axis, angle: 0.5))
        assertMJCFPose(atReference, Pose(position: Vector3(1, 0, 0)))
        XCTAssertTrue(robot.notes.contains { $0.message.contains("ref") })
    }

    func testTopBodyWithJointsHangsFromAWorldLink() throws {
        let imported = try model("""
            <body name="cart" pos="0 0 1">
              <joint name="slider" type="slide" axis="1 0 0"/>
              <geom size="0.1"/>
            </body>
            """)
        let robot = imported.model
        XCTAssertEqual(robot.rootLink, "world")
        XCTAssertEqual(robot.links.map(\.name), ["world", "cart"])
        XCTAssertEqual(robot.joint(named: "slider")?.parent, "world")
        XCTAssertEqual(robot.joint(named: "slider")?.origin.position, Vector3(0, 0, 1))
        XCTAssertFalse(robot.floatingBase)
        assertMJCFPose(imported.basePose, .identity)
        XCTAssertFalse(MJCFImporter.isBodyLink("world", in: robot))
        XCTAssertTrue(MJCFImporter.isBodyLink("cart", in: robot))
    }

    func testLargestTopLevelBodyIsTheRobot() throws {
        let imported = try model("""
            <body name="box"><freejoint/><geom size="0.1"/></body>
            <body name="robot" pos="0 0 2"><freejoint/><geom size="0.1"/>
              <body name="leg"><joint name="knee"/><geom size="0.1"/></body>
            </body>
            """, sections: "<keyframe>\n<key qpos=\"1 2 3 1 0 0 0 4 5 6 0 0 0 1 0.25\"/>\n</keyframe>")
        XCTAssertEqual(imported.model.rootLink, "robot")
        XCTAssertEqual(imported.counts.bodies, 4)
        XCTAssertTrue(imported.model.notes.contains { $0.message.contains("top-level body 'box'") })
        // qpos covers the left-out body too; the robot's numbers are read after it.
        let key = try XCTUnwrap(imported.model.keyframes.first)
        assertMJCFPose(try XCTUnwrap(key.basePose), Pose(position: Vector3(4, 5, 6), rotation: Quaternion(x: 0, y: 0, z: 1, w: 0)))
        XCTAssertEqual(key.jointPositions, ["knee": 0.25])
    }

    func testUnnamedBodiesGetNames() throws {
        let robot = try model("<body>\n<geom size=\"0.1\"/>\n<body>\n<joint/>\n<geom size=\"0.1\"/>\n</body>\n</body>").model
        XCTAssertEqual(robot.links.map(\.name), ["body1", "body2"])
        XCTAssertEqual(robot.joints.map(\.name), ["body2_joint0"])
    }
}
