// Malformed or inconsistent MJCF must fail with file:line: message, never crash or guess.
import Foundation
import XCTest
@testable import Robot

final class MJCFErrorTests: XCTestCase {
    private func load(_ text: String, extra: [String: String] = [:]) throws -> Any {
        try MJCFFixtures.importText(text, extra: extra)
    }

    func testMalformedXML() {
        let text = "<mujoco>\n<worldbody>\n<body name=\"a\">\n</worldbody>\n</mujoco>\n"
        assertMJCFError(contains: "XML syntax") { try self.load(text) }
    }

    func testRootMustBeMujoco() {
        assertMJCFError(line: 1, contains: "expected <mujoco>") { try self.load("<robot name=\"r\"/>\n") }
    }

    func testNoBodies() {
        assertMJCFError(line: 1, contains: "no bodies") { try self.load("<mujoco>\n<worldbody/>\n</mujoco>\n") }
    }

    func testUnknownJointType() {
        let text = MJCFFixtures.model("<body name=\"a\">\n<joint type=\"hinged\"/>\n<geom size=\"1\"/>\n</body>")
        assertMJCFError(line: 6, contains: "joint type 'hinged' is unknown") { try self.load(text) }
    }

    func testUnknownGeomType() {
        let text = MJCFFixtures.model("<body name=\"a\">\n<geom type=\"cube\" size=\"1 1 1\"/>\n</body>")
        assertMJCFError(line: 6, contains: "geom type 'cube' is unknown") { try self.load(text) }
    }

    func testNegativeMass() {
        let inertial = MJCFFixtures.model("<body name=\"a\">\n<inertial pos=\"0 0 0\" mass=\"-1\" diaginertia=\"1 1 1\"/>\n</body>")
        assertMJCFError(line: 6, contains: "mass: -1.0 is negative") { try self.load(inertial) }
        let geom = MJCFFixtures.model("<body name=\"a\">\n<geom size=\"1\" mass=\"-2\"/>\n</body>")
        assertMJCFError(line: 6, contains: "mass: -2.0 is negative") { try self.load(geom) }
        let density = MJCFFixtures.model("<body name=\"a\">\n<geom size=\"1\" density=\"-5\"/>\n</body>")
        assertMJCFError(line: 6, contains: "density: -5.0 is negative") { try self.load(density) }
    }

    func testBadNumbers() {
        let box = MJCFFixtures.model("<body name=\"a\">\n<geom type=\"box\" size=\"1 2\"/>\n</body>")
        assertMJCFError(line: 6, contains: "size: expected 3 numbers, got 2") { try self.load(box) }
        let word = MJCFFixtures.model("<body name=\"a\" pos=\"0 0 one\">\n<geom size=\"1\"/>\n</body>")
        assertMJCFError(line: 5, contains: "pos: 'one' is not a number") { try self.load(word) }
        let short = MJCFFixtures.model("<body name=\"a\" pos=\"0 0\">\n<geom size=\"1\"/>\n</body>")
        assertMJCFError(line: 5, contains: "pos: expected 3 numbers, got 2") { try self.load(short) }
        let range = MJCFFixtures.model("<body name=\"a\">\n<joint range=\"1 -1\"/>\n<geom size=\"1\"/>\n</body>")
        assertMJCFError(line: 6, contains: "range: lower bound") { try self.load(range) }
        let quat = MJCFFixtures.model("<body name=\"a\" quat=\"0 0 0 0\">\n<geom size=\"1\"/>\n</body>")
        assertMJCFError(line: 5, contains: "quaternion is zero") { try self.load(quat) }
    }

    /// A bad value written in a <default> is reported where it was written.
    func testBadNumberInDefaultPointsAtTheDefault() {
        let text = MJCFFixtures.model("<body name=\"a\">\n<geom/>\n</body>",
                                      sections: "<default>\n<geom size=\"0.1 x\"/>\n</default>")
        assertMJCFError(line: 4, contains: "size: 'x' is not a number") { try self.load(text) }
    }

    func testMissingIncludeFile() {
        let text = "<mujoco>\n<include file=\"parts/missing.xml\"/>\n</mujoco>\n"
        assertMJCFError(line: 2, contains: "include: file not found") { try self.load(text) }
    }

    func testIncludeCycle() {
        let main = "<mujoco>\n<include file=\"b.xml\"/>\n</mujoco>\n"
        let b = "<mujoco>\n\n<include file=\"model.xml\"/>\n</mujoco>\n"
        assertMJCFError("b.xml", line: 3, contains: "include cycle: model.xml -> b.xml -> model.xml") {
            try self.load(main, extra: ["b.xml": b])
        }
    }

    func testErrorInsideAnIncludedFileNamesThatFile() {
        let main = "<mujoco>\n<worldbody>\n<include file=\"parts/arm.xml\"/>\n</worldbody>\n</mujoco>\n"
        let arm = "<mujoco>\n<body name=\"arm\">\n<joint type=\"twist\"/>\n</body>\n</mujoco>\n"
        assertMJCFError("parts/arm.xml", line: 3, contains: "joint type 'twist'") {
            try self.load(main, extra: ["parts/arm.xml": arm])
        }
    }

    func testMalformedIncludedFile() {
        let main = "<mujoco>\n<include file=\"bad.xml\"/>\n</mujoco>\n"
        assertMJCFError("bad.xml", contains: "XML syntax") { try self.load(main, extra: ["bad.xml": "<mujoco>\n<asset>\n</mujoco>\n"]) }
    }

    func testMissingMeshFile() {
        let text = MJCFFixtures.model("<body name=\"a\">\n<geom type=\"mesh\" mesh=\"part\"/>\n</body>",
                                      sections: "<asset>\n<mesh name=\"part\" file=\"part.stl\"/>\n</asset>",
                                      compiler: "<compiler meshdir=\"meshes\"/>")
        assertMJCFError(line: 4, contains: "file not found") { try self.load(text) }
        assertMJCFError(line: 4, contains: "meshes/part.stl") { try self.load(text) }
    }

    func testUndefinedReferences() {
        let mesh = MJCFFixtures.model("<body name=\"a\">\n<geom type=\"mesh\" mesh=\"nothing\"/>\n</body>")
        assertMJCFError(line: 6, contains: "mesh 'nothing' is not defined") { try self.load(mesh) }
        let material = MJCFFixtures.model("<body name=\"a\">\n<geom size=\"1\" material=\"paint\"/>\n</body>")
        assertMJCFError(line: 6, contains: "material 'paint' is not defined") { try self.load(material) }
        let geomClass = MJCFFixtures.model("<body name=\"a\">\n<geom size=\"1\" class=\"nope\"/>\n</body>")
        assertMJCFError(line: 6, contains: "class 'nope' is not defined") { try self.load(geomClass) }
        let childclass = MJCFFixtures.model("<body name=\"a\" childclass=\"nope\">\n<geom size=\"1\"/>\n</body>")
        assertMJCFError(line: 5, contains: "class 'nope' is not defined") { try self.load(childclass) }
        let actuator = MJCFFixtures.model("<body name=\"a\">\n<joint name=\"j\"/>\n<geom size=\"1\"/>\n</body>",
                                          sections: "<actuator>\n<motor joint=\"k\"/>\n</actuator>")
        assertMJCFError(line: 4, contains: "joint 'k' is not defined") { try self.load(actuator) }
    }

    func testKeyframeWithWrongQposSize() {
        let text = MJCFFixtures.model("<body name=\"a\">\n<freejoint/>\n<geom size=\"1\"/>\n</body>",
                                      sections: "<keyframe>\n<key qpos=\"0 0 1 1 0 0\"/>\n</keyframe>")
        assertMJCFError(line: 4, contains: "qpos: expected 7 numbers, got 6") { try self.load(text) }
    }

    func testInheritRangeNeedsALimitedJoint() {
        let text = MJCFFixtures.model("<body name=\"a\">\n<joint name=\"j\"/>\n<geom size=\"1\"/>\n</body>",
                                      sections: "<actuator>\n<position joint=\"j\" inheritrange=\"1\"/>\n</actuator>")
        assertMJCFError(line: 4, contains: "inheritrange: joint 'j' has no range") { try self.load(text) }
    }

    func testTwoOrientationsOnOneElement() {
        let text = MJCFFixtures.model("<body name=\"a\" quat=\"1 0 0 0\" euler=\"0 0 90\">\n<geom size=\"1\"/>\n</body>")
        assertMJCFError(line: 5, contains: "orientation given twice") { try self.load(text) }
    }

    func testFreeJointBelowTheTop() {
        let text = MJCFFixtures.model("<body name=\"a\">\n<geom size=\"1\"/>\n<body name=\"b\">\n<freejoint/>\n<geom size=\"1\"/>\n</body>\n</body>")
        assertMJCFError(line: 8, contains: "only a top-level body may float") { try self.load(text) }
    }

    func testFullInertiaWithOrientation() {
        let text = MJCFFixtures.model(
            "<body name=\"a\">\n<inertial pos=\"0 0 0\" euler=\"0 0 1\" mass=\"1\" fullinertia=\"1 1 1 0 0 0\"/>\n</body>")
        assertMJCFError(line: 6, contains: "fullinertia and an orientation") { try self.load(text) }
    }
}
