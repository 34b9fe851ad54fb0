// Unsupported MJCF elements: one note per kind, at the first occurrence, never an error.
import Foundation
import XCTest
@testable import Robot

final class MJCFNotesTests: XCTestCase {
    func testEachUnsupportedKindIsNotedOnceAtItsFirstLine() throws {
        let text = """
            <mujoco model="busy">
              <option timestep="0.002"/>
              <size njmax="100"/>
              <visual><global azimuth="0"/></visual>
              <statistic extent="2"/>
              <custom><numeric name="n" data="1"/></custom>
              <asset>
                <texture name="t" type="2d" builtin="checker" width="2" height="2"/>
                <material name="m" texture="t" rgba="0.1 0.2 0.3 1"/>
              </asset>
              <worldbody>
                <light pos="0 0 3"/>
                <camera name="c1"/>
                <body name="a">
                  <freejoint/>
                  <geom size="0.1" material="m" friction="1 0 0"/>
                  <site name="s1"/>
                  <site name="s2"/>
                  <camera name="c2"/>
                  <body name="b"><joint name="j"/><geom size="0.1"/></body>
                </body>
              </worldbody>
              <contact><exclude body1="a" body2="b"/></contact>
              <equality><weld body1="a"/></equality>
              <tendon><fixed name="t"><joint joint="j" coef="1"/></fixed></tendon>
              <sensor><jointpos joint="j"/></sensor>
              <unknownthing/>
            </mujoco>
            """
        let model = try MJCFFixtures.importText(text).model
        let notes = model.notes
        func note(_ prefix: String) -> ImportNote? { notes.first { $0.message.hasPrefix(prefix) } }
        let expectedLines = ["<option>": 2, "<size>": 3, "<visual>": 4, "<statistic>": 5, "<custom>": 6, "<texture>": 8,
                             "<light>": 12, "<camera>": 13, "<site>": 17, "<contact>": 23, "<equality>": 24,
                             "<tendon>": 25, "<sensor>": 26, "<unknownthing>": 27]
        for (prefix, line) in expectedLines {
            XCTAssertEqual(notes.filter { $0.message.hasPrefix(prefix) }.count, 1, prefix)
            XCTAssertEqual(note(prefix)?.line, line, prefix)
        }
        XCTAssertTrue(note("<camera>")?.message.contains("and 1 more") ?? false)
        XCTAssertTrue(note("<site>")?.message.contains("and 1 more") ?? false)
        XCTAssertTrue(notes.contains { $0.message.contains("only rgba is used") })
        XCTAssertTrue(notes.contains { $0.message.contains("contact parameters") })
        XCTAssertTrue(notes.allSatisfy { $0.file.hasSuffix("model.xml") && $0.description.contains(": note: ") })
        // Material rgba still colours the geom.
        XCTAssertEqual(model.link(named: "a")?.visuals.first?.color, [0.1, 0.2, 0.3, 1])
    }
}
