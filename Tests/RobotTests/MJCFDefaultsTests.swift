// Default classes: nesting, childclass inheritance, and which value wins.
import Foundation
import XCTest
@testable import Robot

final class MJCFDefaultsTests: XCTestCase {
    private let defaults = """
        <default>
          <joint damping="1"/>
          <geom rgba="0 0 1 1"/>
          <motor ctrlrange="-1 1"/>
          <default class="arm">
            <joint damping="2" stiffness="5"/>
            <position kp="50"/>
            <default class="hand">
              <joint damping="3"/>
              <geom rgba="1 0 0 1"/>
            </default>
          </default>
          <default class="leg">
            <joint damping="4"/>
          </default>
        </default>
        """

    private let bodies = """
        <body name="root">
          <freejoint/>
          <geom size=".1"/>
          <body name="a" childclass="arm">
            <joint name="ja"/>
            <geom name="ga" size=".1"/>
            <body name="b">
              <joint name="jb"/>
              <joint name="jb_hand" class="hand"/>
              <joint name="jb_main" class="main"/>
              <joint name="jb_own" class="hand" damping="9"/>
              <geom name="gb" size=".1" class="hand"/>
              <body name="c" childclass="leg">
                <joint name="jc"/>
                <geom size=".1"/>
              </body>
              <frame pos="0 0 1" childclass="hand">
                <body name="d">
                  <joint name="jd"/>
                  <geom name="gd" size=".1"/>
                </body>
              </frame>
            </body>
          </body>
          <body name="e">
            <joint name="je"/>
            <geom size=".1"/>
          </body>
        </body>
        """

    private func imported() throws -> RobotModel {
        let actuators = """
            <actuator>
              <motor joint="je"/>
              <position joint="ja" class="arm"/>
              <position joint="jb" class="arm" kp="7"/>
            </actuator>
            """
        return try MJCFFixtures.importText(MJCFFixtures.model(bodies, sections: defaults + actuators)).model
    }

    func testChildclassAndClassPrecedence() throws {
        let model = try imported()
        func damping(_ name: String) -> Double? { model.joint(named: name)?.damping }
        XCTAssertEqual(damping("ja"), 2, "the body's childclass applies to its own joints")
        XCTAssertEqual(damping("jb"), 2, "childclass reaches descendants")
        XCTAssertEqual(damping("jb_hand"), 3, "an element's class beats the childclass")
        XCTAssertEqual(model.joint(named: "jb_hand")?.stiffness, 5, "a nested class inherits its parent's values")
        XCTAssertEqual(damping("jb_main"), 1, "class=\"main\" is the top-level default")
        XCTAssertEqual(model.joint(named: "jb_main")?.stiffness, 0)
        XCTAssertEqual(damping("jb_own"), 9, "the element's own attribute beats every class")
        XCTAssertEqual(damping("jc"), 4, "the nearest childclass wins")
        XCTAssertEqual(model.joint(named: "jc")?.stiffness, 0, "leg inherits from main, not from arm")
        XCTAssertEqual(damping("jd"), 3, "a frame's childclass applies inside it")
        XCTAssertEqual(damping("je"), 1, "without any class: main")
    }

    func testGeomDefaults() throws {
        let model = try imported()
        XCTAssertEqual(model.link(named: "a")?.visuals.first?.color, [0, 0, 1, 1])
        XCTAssertEqual(model.link(named: "b")?.visuals.first?.color, [1, 0, 0, 1])
        XCTAssertEqual(model.link(named: "d")?.visuals.first?.color, [1, 0, 0, 1])
    }

    func testActuatorDefaultsAreShared() throws {
        let model = try imported()
        let motor = try XCTUnwrap(model.actuators.first { $0.joint == "je" })
        XCTAssertEqual(motor.controlRange, -1...1)
        let position = try XCTUnwrap(model.actuators.first { $0.joint == "ja" })
        XCTAssertEqual(position.kp, 50)
        XCTAssertEqual(position.controlRange, -1...1, "a <motor> default reaches <position> actuators, as in MuJoCo")
        XCTAssertEqual(model.actuators.first { $0.joint == "jb" }?.kp, 7)
    }

    func testAttributeLocationsPointAtTheDefault() throws {
        let folder = try MJCFFixtures.folder(["d.xml": "<mujoco>\n<default>\n<default class=\"x\">\n<geom size=\"2\"/>\n</default>\n</default>\n</mujoco>\n"])
        let root = try MJCFIncludes.load(path: (folder as NSString).appendingPathComponent("d.xml"))
        let defaults = try MJCFDefaults(sections: root.children(named: "default"))
        XCTAssertEqual(defaults.classNames, ["main", "x"])
        let geom = MJCFElement(name: "geom", attributes: ["name": "g"], location: MJCFLocation(file: "m.xml", line: 9))
        let attributes = try defaults.attributes(of: geom, childclass: "x")
        XCTAssertEqual(attributes["size"], "2")
        XCTAssertEqual(attributes.location(of: "size").line, 4)
        XCTAssertEqual(attributes.location(of: "name").line, 9)
    }

    func testDuplicateClassIsAnError() {
        let text = MJCFFixtures.model("<body name=\"a\">\n<geom size=\"1\"/>\n</body>",
                                      sections: "<default>\n<default class=\"x\"/>\n<default class=\"x\"/>\n</default>")
        assertMJCFError(line: 5, contains: "class 'x' is defined twice") { try MJCFFixtures.importText(text) }
    }
}
