// URDFImporter on small URDFs written by the tests: every joint type, mimic, the world link,
// links without <inertial>, materials, file references and the notes for what is ignored.
import Foundation
import Physics
import XCTest
@testable import Robot

final class URDFImporterFeatureTests: XCTestCase {
    private typealias F = URDFFixtures
    private let stl = "solid empty\nendsolid empty\n"

    // MARK: Joints

    func testJointKindsAxesLimitsAndDynamics() throws {
        let urdf = F.robot(F.link("base") + F.link("wheel") + F.link("slider") + F.link("puck") + F.link("free")
            + F.link("arm")
            + "<joint name=\"spin\" type=\"continuous\"><parent link=\"base\"/><child link=\"wheel\"/>"
            + "<axis xyz=\"0 0 2\"/><limit lower=\"-1\" upper=\"1\" effort=\"3\" velocity=\"4\"/>"
            + "<dynamics damping=\"0.5\" friction=\"0.25\"/></joint>\n"
            + "<joint name=\"slide\" type=\"prismatic\"><parent link=\"base\"/><child link=\"slider\"/>"
            + "<axis xyz=\"0 1 0\"/><limit lower=\"0\" upper=\"0.3\" effort=\"100\" velocity=\"0.5\"/></joint>\n"
            + "<joint name=\"plane\" type=\"planar\"><parent link=\"base\"/><child link=\"puck\"/>"
            + "<axis xyz=\"0 0 1\"/></joint>\n"
            + "<joint name=\"loose\" type=\"floating\"><parent link=\"base\"/><child link=\"free\"/>"
            + "<axis xyz=\"0 0 0\"/></joint>\n"
            + "<joint name=\"elbow\" type=\"revolute\"><parent link=\"base\"/><child link=\"arm\"/></joint>\n")
        let model = try loadScratchURDF(urdf)
        let spin = try XCTUnwrap(model.joint(named: "spin"))
        XCTAssertEqual(spin.kind, .continuous)
        XCTAssertEqual(spin.axis, .unitZ, "normalized")
        XCTAssertEqual(spin.limits, JointLimits(lower: nil, upper: nil, effort: 3, velocity: 4))
        XCTAssertEqual(spin.damping, 0.5)
        XCTAssertEqual(spin.friction, 0.25)
        let slide = try XCTUnwrap(model.joint(named: "slide"))
        XCTAssertEqual(slide.kind, .prismatic)
        XCTAssertEqual(slide.limits, JointLimits(lower: 0, upper: 0.3, effort: 100, velocity: 0.5))
        let plane = try XCTUnwrap(model.joint(named: "plane"))
        XCTAssertEqual(plane.kind, .planar)
        XCTAssertEqual(plane.axis, .unitZ, "a planar joint's axis is the plane normal")
        XCTAssertEqual(model.joint(named: "loose")?.kind, .floating, "a zero axis is ignored where there is no axis")
        XCTAssertEqual(model.jointDegreesOfFreedom, 1 + 1 + 3 + 6 + 1)
        // A revolute joint without <limit>: noted, unlimited, effort unknown, default axis +x.
        let elbow = try XCTUnwrap(model.joint(named: "elbow"))
        XCTAssertNil(elbow.limits)
        XCTAssertEqual(elbow.axis, .unitX)
        XCTAssertTrue(model.notes.contains { $0.line == 12 && $0.message.contains("joint[elbow]") && $0.message.contains("no <limit>") },
                      "\(model.notes)")
        XCTAssertFalse(model.floatingBase)
    }

    func testMimicDefaultsAndForwardReference() throws {
        let urdf = F.robot(F.link("palm") + F.link("left") + F.link("right")
            + "<joint name=\"right_finger\" type=\"prismatic\"><parent link=\"palm\"/><child link=\"right\"/>"
            + "<limit lower=\"0\" upper=\"0.04\" effort=\"10\" velocity=\"1\"/><mimic joint=\"left_finger\"/></joint>\n"
            + "<joint name=\"left_finger\" type=\"prismatic\"><parent link=\"palm\"/><child link=\"left\"/>"
            + "<limit lower=\"0\" upper=\"0.04\" effort=\"10\" velocity=\"1\"/>"
            + "<mimic joint=\"right_finger\" multiplier=\"-2\" offset=\"0.01\"/></joint>\n")
        let model = try loadScratchURDF(urdf)
        XCTAssertEqual(model.joint(named: "right_finger")?.mimic, Mimic(joint: "left_finger", multiplier: 1, offset: 0))
        XCTAssertEqual(model.joint(named: "left_finger")?.mimic, Mimic(joint: "right_finger", multiplier: -2, offset: 0.01))
    }

    func testOriginRPYIsFixedAxisRollPitchYaw() throws {
        // R = Rz(yaw) Ry(pitch) Rx(roll): with roll = pitch = 90°, x → -z and y → x.
        let urdf = F.robot(F.link("a") + F.link("b") + F.link("c")
            + "<joint name=\"j\" type=\"fixed\"><origin xyz=\"1 2 3\" rpy=\"1.5707963267948966 1.5707963267948966 0\"/>"
            + "<parent link=\"a\"/><child link=\"b\"/></joint>\n"
            + "<joint name=\"k\" type=\"fixed\"><origin rpy=\"0.3 -0.4 1.1\"/><parent link=\"b\"/><child link=\"c\"/></joint>\n")
        let model = try loadScratchURDF(urdf)
        let origin = try XCTUnwrap(model.joint(named: "j")?.origin)
        XCTAssertEqual(origin.position, Vector3(1, 2, 3))
        assertClose(origin.rotation.rotate(.unitX), -.unitZ)
        assertClose(origin.rotation.rotate(.unitY), .unitX)
        assertClose(origin.rotation.rotate(.unitZ), -.unitY)
        // Arbitrary angles against the matrix product written out.
        let rotation = try XCTUnwrap(model.joint(named: "k")?.origin.rotation)
        let (roll, pitch, yaw) = (0.3, -0.4, 1.1)
        func rx(_ v: Vector3) -> Vector3 { Vector3(v.x, cos(roll) * v.y - sin(roll) * v.z, sin(roll) * v.y + cos(roll) * v.z) }
        func ry(_ v: Vector3) -> Vector3 { Vector3(cos(pitch) * v.x + sin(pitch) * v.z, v.y, -sin(pitch) * v.x + cos(pitch) * v.z) }
        func rz(_ v: Vector3) -> Vector3 { Vector3(cos(yaw) * v.x - sin(yaw) * v.y, sin(yaw) * v.x + cos(yaw) * v.y, v.z) }
        for v in [Vector3.unitX, .unitY, .unitZ, Vector3(0.2, -0.7, 0.5)] {
            assertClose(rotation.rotate(v), rz(ry(rx(v))))
        }
    }

    func testDepthFirstOrderWhateverTheFileOrder() throws {
        let urdf = F.robot(F.link("hand") + F.link("forearm") + F.link("torso") + F.link("head") + F.link("upperarm")
            + "<joint name=\"wrist\" type=\"fixed\"><parent link=\"forearm\"/><child link=\"hand\"/></joint>\n"
            + "<joint name=\"neck\" type=\"fixed\"><parent link=\"torso\"/><child link=\"head\"/></joint>\n"
            + "<joint name=\"elbow\" type=\"fixed\"><parent link=\"upperarm\"/><child link=\"forearm\"/></joint>\n"
            + "<joint name=\"shoulder\" type=\"fixed\"><parent link=\"torso\"/><child link=\"upperarm\"/></joint>\n")
        let model = try loadScratchURDF(urdf)
        XCTAssertEqual(model.rootLink, "torso")
        XCTAssertEqual(model.joints.map(\.name), ["neck", "shoulder", "elbow", "wrist"])
        XCTAssertEqual(model.links.map(\.name), ["torso", "head", "upperarm", "forearm", "hand"])
    }

    // MARK: The world link

    func testFloatingJointToWorldFreesTheBase() throws {
        let urdf = F.robot("<link name=\"world\"/>\n" + F.link("pelvis") + F.link("thigh")
            + "<joint name=\"float\" type=\"floating\"><parent link=\"world\"/><child link=\"pelvis\"/></joint>\n"
            + "<joint name=\"hip\" type=\"continuous\"><parent link=\"pelvis\"/><child link=\"thigh\"/></joint>\n")
        let model = try loadScratchURDF(urdf)
        XCTAssertTrue(model.floatingBase)
        XCTAssertEqual(model.rootLink, "pelvis")
        XCTAssertEqual(model.links.map(\.name), ["pelvis", "thigh"])
        XCTAssertEqual(model.joints.map(\.name), ["hip"])
        XCTAssertTrue(model.notes.contains { $0.line == 5 && $0.message.contains("floatingBase is true") }, "\(model.notes)")
    }

    func testFixedJointToWorldWeldsTheRobot() throws {
        let urdf = F.robot("<link name=\"world\"/>\n" + F.link("base") + F.link("link1")
            + "<joint name=\"weld\" type=\"fixed\"><origin xyz=\"0 0 0.5\"/><parent link=\"world\"/><child link=\"base\"/></joint>\n"
            + "<joint name=\"j1\" type=\"revolute\"><parent link=\"base\"/><child link=\"link1\"/>"
            + "<limit lower=\"-1\" upper=\"1\" effort=\"1\" velocity=\"1\"/></joint>\n")
        let model = try loadScratchURDF(urdf)
        XCTAssertFalse(model.floatingBase)
        XCTAssertEqual(model.rootLink, "base")
        XCTAssertNil(model.link(named: "world"))
        XCTAssertEqual(model.joints.map(\.name), ["j1"])
        XCTAssertTrue(model.notes.contains { $0.message.contains("welds 'base' to the world") && $0.message.contains("origin") },
                      "\(model.notes)")
    }

    func testRevoluteJointToWorldKeepsTheWorldLink() throws {
        let urdf = F.robot("<link name=\"world\"/>\n" + F.link("pendulum")
            + "<joint name=\"pivot\" type=\"continuous\"><parent link=\"world\"/><child link=\"pendulum\"/></joint>\n")
        let model = try loadScratchURDF(urdf)
        XCTAssertEqual(model.rootLink, "world")
        XCTAssertNil(model.link(named: "world")?.inertial)
        XCTAssertEqual(model.joints.map(\.name), ["pivot"])
        XCTAssertFalse(model.floatingBase)
    }

    // MARK: Links without <inertial>

    func testLinksWithoutInertial() throws {
        let urdf = F.robot("<link name=\"base\"/>\n" + "<link name=\"camera\"/>\n" + "<link name=\"finger\"/>\n"
            + "<joint name=\"mount\" type=\"fixed\"><parent link=\"base\"/><child link=\"camera\"/></joint>\n"
            + "<joint name=\"knuckle\" type=\"continuous\"><parent link=\"base\"/><child link=\"finger\"/></joint>\n")
        let model = try loadScratchURDF(urdf)
        XCTAssertNil(model.link(named: "base")?.inertial, "a fixed root stays massless")
        XCTAssertNil(model.link(named: "camera")?.inertial, "a frame on a fixed joint is massless")
        let finger = try XCTUnwrap(model.link(named: "finger")?.inertial)
        XCTAssertEqual(finger.mass, URDFImporter.defaultMass)
        XCTAssertEqual(finger.mass, 1e-3)
        XCTAssertEqual(finger.inertia, .diagonal(Vector3(1e-6, 1e-6, 1e-6)))
        XCTAssertEqual(finger.origin, .identity)
        XCTAssertTrue(model.notes.contains { $0.line == 2 && $0.message.contains("link[base] is the root") })
        XCTAssertTrue(model.notes.contains { $0.line == 3 && $0.message.contains("massless frame on fixed joint[mount]") })
        XCTAssertTrue(model.notes.contains { $0.line == 4 && $0.message.hasPrefix("warning: link[finger]") })
    }

    func testZeroMassOnAMovingLinkIsAWarning() throws {
        let urdf = F.robot("<link name=\"base\"><inertial><mass value=\"0\"/><inertia ixx=\"0\" iyy=\"0\" izz=\"0\"/></inertial></link>\n"
            + "<link name=\"arm\"><inertial><mass value=\"0\"/><inertia ixx=\"0\" iyy=\"0\" izz=\"0\"/></inertial></link>\n"
            + "<joint name=\"j\" type=\"continuous\"><parent link=\"base\"/><child link=\"arm\"/></joint>\n")
        let model = try loadScratchURDF(urdf)
        XCTAssertEqual(model.notes.map(\.line), [3], "\(model.notes)")
        XCTAssertTrue(model.notes[0].message.contains("link[arm] has zero mass"))
    }

    // MARK: Geometry and materials

    func testGeometryKindsMaterialsAndTextures() throws {
        let urdf = F.robot("<material name=\"steel\"><color rgba=\"0.5 0.5 0.6 1\"/></material>\n"
            + "<link name=\"a\">\n"
            + "<visual name=\"shell\"><origin xyz=\"0 0 0.1\"/><geometry><mesh filename=\"meshes/shell.stl\" scale=\"2 2 2\"/></geometry>"
            + "<material name=\"steel\"/></visual>\n"
            + "<visual><geometry><box size=\"1 2 3\"/></geometry><material name=\"red\"><color rgba=\"1 0 0 1\"/></material></visual>\n"
            + "<visual><geometry><sphere radius=\"0.5\"/></geometry><material name=\"red\"/></visual>\n"
            + "<visual><geometry><cylinder radius=\"0.1\" length=\"0.4\"/></geometry>"
            + "<material name=\"skin\"><texture filename=\"textures/skin.png\"/></material></visual>\n"
            + "<visual><geometry><capsule radius=\"0.1\" length=\"0.2\"/></geometry>"
            + "<material name=\"ghost\"><texture filename=\"textures/missing.png\"/></material></visual>\n"
            + "<visual><geometry><sphere radius=\"1\"/></geometry><material name=\"late\"/></visual>\n"
            + "<collision name=\"hull\"><geometry><mesh filename=\"meshes/shell.stl\" scale=\"0.5\"/></geometry></collision>\n"
            + "<collision><geometry><box size=\"0.1 0.1 0.1\"/></geometry></collision>\n"
            + "</link>\n"
            + "<material name=\"late\"><color rgba=\"0 1 0 1\"/></material>\n")
        var directory = ""
        let model = try loadScratchURDF(urdf, files: ["meshes/shell.stl": stl, "textures/skin.png": "png"]) { directory = $0 }
        let link = try XCTUnwrap(model.link(named: "a"))
        XCTAssertEqual(link.visuals.count, 6)
        XCTAssertEqual(link.collisions.count, 2)
        XCTAssertEqual(link.visuals[0].name, "shell")
        XCTAssertEqual(link.visuals[0].origin.position, Vector3(0, 0, 0.1))
        XCTAssertEqual(link.visuals[0].shape, .mesh(path: directory + "/meshes/shell.stl", scale: Vector3(2, 2, 2)))
        XCTAssertEqual(link.visuals[0].color, [0.5, 0.5, 0.6, 1], "robot-level material by name")
        XCTAssertEqual(link.visuals[1].shape, .box(size: Vector3(1, 2, 3)))
        XCTAssertEqual(link.visuals[1].color, [1, 0, 0, 1], "inline colour")
        XCTAssertEqual(link.visuals[2].color, [1, 0, 0, 1], "an inline named material is reusable by name")
        XCTAssertEqual(link.visuals[3].shape, .cylinder(radius: 0.1, length: 0.4))
        XCTAssertEqual(link.visuals[3].texture, directory + "/textures/skin.png")
        XCTAssertEqual(link.visuals[4].shape, .capsule(radius: 0.1, length: 0.2))
        XCTAssertEqual(link.visuals[4].texture, directory + "/textures/missing.png", "kept, with a note")
        XCTAssertEqual(link.visuals[5].color, [0, 1, 0, 1], "robot-level materials may come after their use")
        XCTAssertEqual(link.collisions[0].name, "hull")
        XCTAssertEqual(link.collisions[0].shape, .mesh(path: directory + "/meshes/shell.stl", scale: Vector3(0.5, 0.5, 0.5)))
        let textureNotes = model.notes.filter { $0.message.contains("texture") }
        XCTAssertEqual(textureNotes.count, 1, "\(model.notes)")
        XCTAssertEqual(textureNotes.first?.line, 8)
        XCTAssertTrue(textureNotes.first?.message.contains(directory + "/textures/missing.png") ?? false)
    }

    // MARK: Tolerance

    func testUnknownElementsGetOneNotePerKind() throws {
        let urdf = F.robot("<gazebo><plugin/></gazebo>\n"
            + "<link name=\"a\"><contact><lateral_friction value=\"1\"/></contact>"
            + "<inertial><mass value=\"1\"/><inertia ixx=\"1\" iyy=\"1\" izz=\"1\"/></inertial></link>\n"
            + "<gazebo reference=\"a\"/>\n"
            + "<transmission name=\"t\"/>\n"
            + F.link("b")
            + "<joint name=\"j\" type=\"continuous\"><parent link=\"a\"/><child link=\"b\"/><calibration rising=\"0\"/>"
            + "<safety_controller k_velocity=\"1\"/></joint>\n"
            + "<gazebo/>\n")
        let model = try loadScratchURDF(urdf)
        let ignored = model.notes.filter { $0.message.hasPrefix("ignored <") }
        XCTAssertEqual(ignored.map(\.line), [2, 3, 5, 7, 7], "\(ignored)")
        XCTAssertEqual(ignored.filter { $0.message.contains("<gazebo>") }.count, 1)
        XCTAssertTrue(ignored[0].message.contains("3 elements"), ignored[0].message)
        XCTAssertTrue(ignored.contains { $0.message.contains("<contact>") })
        XCTAssertTrue(ignored.contains { $0.message.contains("<transmission>") })
        XCTAssertTrue(ignored.contains { $0.message.contains("<calibration>") })
        XCTAssertTrue(ignored.contains { $0.message.contains("<safety_controller>") })
    }

    func testByteOrderMarkCRLFAndTrailingNul() throws {
        let text = F.robot("<mujoco/>\n" + F.link("a") + "<link name=\"b\"/>\n"
            + "<joint name=\"j\" type=\"fixed\"><parent link=\"a\"/><child link=\"b\"/></joint>\n")
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8) + [0, 0]
        let directory = try F.makeScratch()
        defer { F.removeScratch(directory) }
        let path = directory + "/crlf.urdf"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let model = try URDFImporter.load(path: path)
        XCTAssertEqual(model.links.map(\.name), ["a", "b"])
        XCTAssertEqual(model.notes.first { $0.message.contains("<mujoco>") }?.line, 2)
        XCTAssertEqual(model.notes.first { $0.message.contains("link[b]") }?.line, 4)
    }

    func testXMLDeclarationWithVersionZeroIsRead() throws {
        let model = try loadScratchURDF("<?xml version=\"0.0\" ?>\n" + F.robot(F.link("a")))
        XCTAssertEqual(model.links.count, 1)
        XCTAssertTrue(model.notes.contains { $0.line == 1 && $0.message.contains("version=\"0.0\"") })
    }

    func testMissingRobotNameFallsBackToFileName() throws {
        let model = try loadScratchURDF("<robot>\n" + F.link("a") + "</robot>\n")
        XCTAssertEqual(model.name, "robot")
        XCTAssertTrue(model.notes.contains { $0.message.contains("no name") })
    }

    // MARK: Helpers

    private func assertClose(_ a: Vector3, _ b: Vector3, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertLessThan((a - b).length, 1e-12, "\(a) != \(b)", file: file, line: line)
    }
}
