// <include>: relative to the including file, recursive, cycle-safe, locations kept.
import Foundation
import XCTest
@testable import Robot

final class MJCFIncludesTests: XCTestCase {
    func testNestedIncludesResolveAgainstTheIncludingFile() throws {
        let folder = try MJCFFixtures.folder([
            "robot.xml": "<mujoco>\n<include file=\"parts/defaults.xml\"/>\n<worldbody>\n<include file=\"parts/body.xml\"/>\n</worldbody>\n</mujoco>\n",
            "parts/defaults.xml": "<mujoco>\n<default>\n<joint damping=\"7\"/>\n</default>\n</mujoco>\n",
            "parts/body.xml": "<mujoco>\n<body name=\"a\">\n<freejoint/>\n<geom size=\"1\"/>\n<include file=\"arm/arm.xml\"/>\n</body>\n</mujoco>\n",
            "parts/arm/arm.xml": "<mujoco>\n\n<body name=\"arm\">\n<joint name=\"j\"/>\n<geom size=\"1\"/>\n</body>\n</mujoco>\n",
        ])
        let path = (folder as NSString).appendingPathComponent("robot.xml")
        let root = try MJCFIncludes.load(path: path)
        XCTAssertEqual(root.children.map(\.name), ["default", "worldbody"])
        let arm = try XCTUnwrap(root.descendants(named: "body").first { $0["name"] == "arm" })
        XCTAssertTrue(arm.location.file.hasSuffix("parts/arm/arm.xml"))
        XCTAssertEqual(arm.location.line, 3)

        let model = try MJCFImporter.load(path: path)
        XCTAssertEqual(model.joint(named: "j")?.damping, 7)
        XCTAssertEqual(model.sourceFile, (path as NSString).standardizingPath)
    }

    func testIncludeFallsBackToTheMainFolder() throws {
        // MuJoCo resolves includes against the main file's folder.
        let folder = try MJCFFixtures.folder([
            "robot.xml": "<mujoco>\n<include file=\"parts/a.xml\"/>\n</mujoco>\n",
            "parts/a.xml": "<mujoco>\n<include file=\"shared.xml\"/>\n</mujoco>\n",
            "shared.xml": "<mujoco>\n<worldbody>\n<body name=\"s\">\n<geom size=\"1\"/>\n</body>\n</worldbody>\n</mujoco>\n",
        ])
        let model = try MJCFImporter.load(path: (folder as NSString).appendingPathComponent("robot.xml"))
        XCTAssertEqual(model.rootLink, "s")
    }

    func testSelfIncludeIsACycle() {
        let text = "<mujoco>\n<include file=\"model.xml\"/>\n</mujoco>\n"
        assertMJCFError(line: 2, contains: "include cycle: model.xml -> model.xml") { try MJCFFixtures.importText(text) }
    }

    func testIncludeNeedsAFileAttribute() {
        assertMJCFError(line: 2, contains: "file attribute is required") {
            try MJCFFixtures.importText("<mujoco>\n<include/>\n</mujoco>\n")
        }
    }
}
