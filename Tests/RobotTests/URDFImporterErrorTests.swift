// URDFImporter errors: every malformed input names the file, the right line and the key path.
import Foundation
import XCTest
@testable import Robot

final class URDFImporterErrorTests: XCTestCase {
    private typealias F = URDFFixtures

    /// A joint over several lines: <joint> on the first, then parent, child, extra lines.
    private func joint(_ name: String, _ type: String = "revolute", parent: String, child: String,
                       _ extra: String = "<limit lower=\"-1\" upper=\"1\" effort=\"5\" velocity=\"2\"/>\n") -> String {
        "<joint name=\"\(name)\" type=\"\(type)\">\n<parent link=\"\(parent)\"/>\n<child link=\"\(child)\"/>\n\(extra)</joint>\n"
    }

    // MARK: Tree

    func testJointParentLinkMissing() {
        let urdf = F.robot(F.link("a") + F.link("b") + joint("j", parent: "nope", child: "b"))
        assertURDFError(urdf, line: F.line(of: "<parent link=\"nope\"", in: urdf), ["joint[j].parent", "no link named 'nope'"])
    }

    func testJointChildLinkMissing() {
        let urdf = F.robot(F.link("a") + joint("j", parent: "a", child: "ghost"))
        assertURDFError(urdf, line: F.line(of: "<child link=\"ghost\"", in: urdf), ["joint[j].child", "no link named 'ghost'"])
    }

    func testLinkWithTwoParents() {
        let urdf = F.robot(F.link("a") + F.link("b") + F.link("c")
            + joint("j1", parent: "a", child: "c") + joint("j2", parent: "b", child: "c"))
        let secondChild = F.line(of: "<joint name=\"j2\"", in: urdf) + 2
        assertURDFError(urdf, line: secondChild, ["joint[j2].child", "'c' already has a parent", "joint[j1]"])
    }

    func testCycleWithoutRoot() {
        let urdf = F.robot(F.link("a") + F.link("b") + F.link("c")
            + joint("ab", parent: "a", child: "b") + joint("bc", parent: "b", child: "c") + joint("ca", parent: "c", child: "a"))
        assertURDFError(urdf, line: F.line(of: "<joint name=\"ab\"", in: urdf), ["cycle", "no root"])
    }

    func testCycleBesideARoot() {
        let urdf = F.robot(F.link("root") + F.link("a") + F.link("b") + F.link("c")
            + joint("root_a", parent: "root", child: "a")
            + joint("bc", parent: "b", child: "c") + joint("cb", parent: "c", child: "b"))
        assertURDFError(urdf, line: F.line(of: "<joint name=\"bc\"", in: urdf), ["joint[bc]", "cycle", "b → c → b"])
    }

    func testMoreThanOneRoot() {
        let urdf = F.robot(F.link("a") + F.link("b") + F.link("island") + joint("j", parent: "a", child: "b"))
        assertURDFError(urdf, line: F.line(of: "<link name=\"island\"", in: urdf),
                        ["more than one root", "'a' (line 2)", "'island' (line 4)"])
    }

    func testDuplicateLinkName() {
        let urdf = F.robot(F.link("a") + F.link("a"))
        assertURDFError(urdf, line: 3, ["link[a]", "already defined on line 2"])
    }

    func testDuplicateJointName() {
        let urdf = F.robot(F.link("a") + F.link("b") + F.link("c")
            + joint("j", parent: "a", child: "b") + joint("j", parent: "b", child: "c"))
        let second = F.line(of: "<child link=\"c\"", in: urdf) - 2
        assertURDFError(urdf, line: second, ["joint[j]", "already defined"])
    }

    func testNoLinks() {
        assertURDFError(F.robot(""), line: 1, ["no <link>"])
    }

    func testNotARobot() {
        assertURDFError("<sdf version=\"1.6\">\n<model name=\"m\"/>\n</sdf>\n", line: 1, ["<sdf>", "expected <robot>"])
    }

    // MARK: Joints

    func testUnknownJointType() {
        let urdf = F.robot(F.link("a") + F.link("b") + joint("j", "hinge", parent: "a", child: "b"))
        assertURDFError(urdf, line: F.line(of: "<joint name=\"j\"", in: urdf), ["joint[j].type", "unknown joint type 'hinge'"])
    }

    func testMalformedOriginNumbers() {
        let urdf = F.robot(F.link("a") + F.link("b")
            + joint("j", "fixed", parent: "a", child: "b", "<origin xyz=\"1 2\" rpy=\"0 0 0\"/>\n"))
        assertURDFError(urdf, line: F.line(of: "<origin xyz=\"1 2\"", in: urdf),
                        ["joint[j].origin.xyz: expected 3 numbers, got 2"])
    }

    func testNonNumericRPY() {
        let urdf = F.robot(F.link("a") + F.link("b")
            + joint("j", "fixed", parent: "a", child: "b", "<origin rpy=\"0 zero 0\"/>\n"))
        assertURDFError(urdf, line: F.line(of: "<origin rpy", in: urdf), ["joint[j].origin.rpy", "'zero' is not a number"])
    }

    func testZeroAxis() {
        let urdf = F.robot(F.link("a") + F.link("b")
            + joint("j", "continuous", parent: "a", child: "b", "<axis xyz=\"0 0 0\"/>\n"))
        assertURDFError(urdf, line: F.line(of: "<axis", in: urdf), ["joint[j].axis.xyz", "must not be zero"])
    }

    func testMissingJointTypeAndParent() {
        let noType = F.robot(F.link("a") + F.link("b") + "<joint name=\"j\">\n<parent link=\"a\"/><child link=\"b\"/></joint>\n")
        assertURDFError(noType, line: 4, ["joint[j]", "missing required attribute 'type'"])
        let noParent = F.robot(F.link("a") + F.link("b") + "<joint name=\"j\" type=\"fixed\">\n<child link=\"b\"/>\n</joint>\n")
        assertURDFError(noParent, line: 4, ["joint[j].parent", "no <parent"])
        let emptyParent = F.robot(F.link("a") + F.link("b") + joint("j", "fixed", parent: "", child: "b", ""))
        assertURDFError(emptyParent, line: 5, ["joint[j].parent", "missing required attribute 'link'"])
    }

    func testUnknownMimicTarget() {
        let urdf = F.robot(F.link("a") + F.link("b") + joint("j", "continuous", parent: "a", child: "b",
                                                             "<mimic joint=\"nobody\" multiplier=\"2\"/>\n"))
        assertURDFError(urdf, line: F.line(of: "<mimic", in: urdf), ["joint[j].mimic.joint", "no joint named 'nobody'"])
    }

    func testLowerAboveUpper() {
        let urdf = F.robot(F.link("a") + F.link("b") + joint("j", parent: "a", child: "b",
                                                             "<limit lower=\"1\" upper=\"-1\" effort=\"1\" velocity=\"1\"/>\n"))
        assertURDFError(urdf, line: F.line(of: "<limit", in: urdf), ["joint[j].limit", "greater than upper"])
    }

    func testNegativeDamping() {
        let urdf = F.robot(F.link("a") + F.link("b") + joint("j", "continuous", parent: "a", child: "b",
                                                             "<dynamics damping=\"-0.1\"/>\n"))
        assertURDFError(urdf, line: F.line(of: "<dynamics", in: urdf), ["joint[j].dynamics.damping", "negative"])
    }

    // MARK: Links

    func testNegativeMass() {
        let urdf = F.robot("<link name=\"a\">\n<inertial>\n<mass value=\"-1\"/>\n<inertia ixx=\"1\" iyy=\"1\" izz=\"1\"/>\n</inertial>\n</link>\n")
        assertURDFError(urdf, line: 4, ["link[a].inertial.mass.value", "not negative", "-1"])
    }

    func testNaNMass() {
        let urdf = F.robot("<link name=\"a\">\n<inertial>\n<mass value=\"nan\"/>\n<inertia ixx=\"1\" iyy=\"1\" izz=\"1\"/>\n</inertial>\n</link>\n")
        assertURDFError(urdf, line: 4, ["link[a].inertial.mass.value", "finite"])
    }

    func testNegativeInertiaDiagonal() {
        let urdf = F.robot("<link name=\"a\">\n<inertial>\n<mass value=\"1\"/>\n<inertia ixx=\"1\" iyy=\"-0.5\" izz=\"1\"/>\n</inertial>\n</link>\n")
        assertURDFError(urdf, line: 5, ["link[a].inertial.inertia.iyy", "must not be negative"])
    }

    func testInertialWithoutMassOrInertia() {
        let noMass = F.robot("<link name=\"a\">\n<inertial>\n<inertia ixx=\"1\" iyy=\"1\" izz=\"1\"/>\n</inertial>\n</link>\n")
        assertURDFError(noMass, line: 3, ["link[a].inertial.mass", "no <mass>"])
        let noIxx = F.robot("<link name=\"a\">\n<inertial>\n<mass value=\"1\"/>\n<inertia iyy=\"1\" izz=\"1\"/>\n</inertial>\n</link>\n")
        assertURDFError(noIxx, line: 5, ["link[a].inertial.inertia", "'ixx'"])
    }

    func testMissingLinkName() {
        assertURDFError(F.robot("<link>\n</link>\n"), line: 2, ["link", "missing required attribute 'name'"])
    }

    func testMalformedBoxAndMissingRadius() {
        let box = F.robot("<link name=\"a\">\n<collision>\n<geometry>\n<box size=\"1 1\"/>\n</geometry>\n</collision>\n</link>\n")
        assertURDFError(box, line: 5, ["link[a].collision[0].geometry.box.size: expected 3 numbers, got 2"])
        let sphere = F.robot("<link name=\"a\">\n<visual>\n<geometry>\n<sphere/>\n</geometry>\n</visual>\n</link>\n")
        assertURDFError(sphere, line: 5, ["link[a].visual[0].geometry.sphere", "'radius'"])
        let empty = F.robot("<link name=\"a\">\n<visual>\n<geometry>\n</geometry>\n</visual>\n</link>\n")
        assertURDFError(empty, line: 4, ["link[a].visual[0].geometry", "empty"])
        let unknown = F.robot("<link name=\"a\">\n<visual>\n<geometry>\n<torus r=\"1\"/>\n</geometry>\n</visual>\n</link>\n")
        assertURDFError(unknown, line: 5, ["unknown shape <torus>"])
    }

    func testMissingMeshFileNamesResolvedPath() throws {
        let urdf = F.robot("<link name=\"a\">\n<visual>\n<geometry>\n<mesh filename=\"meshes/missing.stl\"/>\n</geometry>\n</visual>\n</link>\n")
        XCTAssertThrowsError(try loadScratchURDF(urdf)) { error in
            guard let error = error as? ImportError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.line, 5)
            XCTAssertTrue(error.file.hasSuffix("/robot.urdf"), error.file)
            XCTAssertTrue(error.message.contains("link[a].visual[0].geometry.mesh.filename"), error.message)
            // The resolved path: the scratch directory (the URDF's) + meshes/missing.stl.
            let resolved = PackageResolver.parent(of: error.file) + "/meshes/missing.stl"
            XCTAssertTrue(error.message.contains("mesh file not found: \(resolved)"), error.message)
        }
    }

    func testMeshInUnknownPackageNamesPlacesSearched() {
        let urdf = F.robot("<link name=\"a\">\n<collision>\n<geometry>\n"
            + "<mesh filename=\"package://tg_no_such_package_x/m.stl\"/>\n</geometry>\n</collision>\n</link>\n")
        assertURDFError(urdf, line: 5, ["package://tg_no_such_package_x/m.stl", "ancestors of the file", "ROS_PACKAGE_PATH"])
    }

    func testXacroIsRejected() {
        let urdf = F.robot("<xacro:macro name=\"leg\"/>\n" + F.link("a"))
        assertURDFError(urdf, line: 2, ["xacro"])
    }

    func testMalformedXMLNamesLine() {
        let urdf = F.robot(F.link("a") + "<link name=\"b\">\n")
        XCTAssertThrowsError(try loadScratchURDF(urdf)) { error in
            guard let error = error as? ImportError else { return XCTFail("\(error)") }
            XCTAssertTrue(error.file.hasSuffix("/robot.urdf"), error.file)
            XCTAssertGreaterThan(error.line, 0)
        }
    }
}
