// Actuators: motor, position (kp, kv, inheritrange), velocity; others noted.
import Foundation
import XCTest
@testable import Robot

final class MJCFActuatorsTests: XCTestCase {
    private let body = """
        <body name="base">
          <freejoint/>
          <geom size="0.1"/>
          <body name="a"><joint name="ja" range="-60 30"/><geom size="0.1"/></body>
          <body name="b"><joint name="jb" type="slide" range="0 0.2" actuatorfrcrange="-30 30"/><geom size="0.1"/></body>
          <body name="c"><joint name="jc" type="ball"/><geom size="0.1"/></body>
        </body>
        """

    private func imported(_ actuators: String) throws -> RobotModel {
        try MJCFFixtures.importText(MJCFFixtures.model(body, sections: "<actuator>\n\(actuators)\n</actuator>")).model
    }

    func testMotorPositionVelocity() throws {
        let model = try imported("""
            <motor name="m" joint="ja" gear="50 0 0 0 0 0" ctrlrange="-1 1" forcerange="-40 40"/>
            <position name="p" joint="ja" kp="80" kv="4" ctrlrange="-0.5 0.5"/>
            <velocity name="v" joint="jb" kv="9"/>
            <position name="q" joint="jb"/>
            """)
        XCTAssertEqual(model.actuators.map(\.name), ["m", "p", "v", "q"])
        XCTAssertEqual(model.actuators[0], RobotActuator(name: "m", joint: "ja", kind: .motor, gear: 50,
                                                         controlRange: -1...1, forceRange: -40...40))
        XCTAssertEqual(model.actuators[1].kind, .position)
        XCTAssertEqual(model.actuators[1].kp, 80)
        XCTAssertEqual(model.actuators[1].kv, 4)
        XCTAssertEqual(model.actuators[1].controlRange, -0.5...0.5, "ctrlrange is not angle-converted (MuJoCo)")
        XCTAssertEqual(model.actuators[2].kind, .velocity)
        XCTAssertEqual(model.actuators[2].kv, 9)
        XCTAssertEqual(model.actuators[3].kp, 1, "MuJoCo's default kp")
        XCTAssertNil(model.actuators[3].controlRange)
        // Effort limits: actuatorfrcrange first, else the actuator's force range.
        XCTAssertEqual(model.joint(named: "jb")?.limits?.effort, 30)
        XCTAssertEqual(model.joint(named: "ja")?.limits?.effort, 40)
    }

    func testInheritRangeScalesTheJointRangeAboutItsCentre() throws {
        // ja: -60..30 degrees → centre −15°, half-width 45°.
        let model = try imported("<position joint=\"ja\" inheritrange=\"0.5\"/>")
        let range = try XCTUnwrap(model.actuators.first?.controlRange)
        XCTAssertEqual(range.lowerBound, (-15 - 22.5) * Double.pi / 180, accuracy: 1e-12)
        XCTAssertEqual(range.upperBound, (-15 + 22.5) * Double.pi / 180, accuracy: 1e-12)
        XCTAssertEqual(model.actuators.first?.name, "ja", "unnamed actuators take their joint's name")
    }

    func testOtherKindsAndTransmissionsAreNoted() throws {
        let model = try imported("""
            <general joint="ja"/>
            <muscle joint="ja"/>
            <motor tendon="t"/>
            <motor joint="jc"/>
            <motor joint="ja"/>
            """)
        XCTAssertEqual(model.actuators.map(\.joint), ["ja"])
        let messages = model.notes.map(\.message)
        XCTAssertTrue(messages.contains { $0.hasPrefix("<general>") })
        XCTAssertTrue(messages.contains { $0.hasPrefix("<muscle>") })
        XCTAssertTrue(messages.contains { $0.contains("tendon transmission") })
        XCTAssertTrue(messages.contains { $0.contains("ball joints") })
        let imported = try MJCFFixtures.importText(MJCFFixtures.model(body, sections: "<actuator>\n<general joint=\"ja\"/>\n<motor joint=\"ja\"/>\n</actuator>"))
        XCTAssertEqual(imported.counts.actuators, 2, "nu counts every actuator element")
    }

    func testPositionWithCtrlrangeAndInheritrangeIsAnError() {
        assertMJCFError(line: 4, contains: "ctrlrange or inheritrange") {
            try self.imported("<position joint=\"ja\" ctrlrange=\"0 1\" inheritrange=\"1\"/>")
        }
    }
}
