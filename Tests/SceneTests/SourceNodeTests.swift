import XCTest
@testable import Scene

final class SourceNodeTests: XCTestCase {
    func testNodesCarryFileAndLine() throws {
        let yaml = """
            world:
              gravity: [0, 0,
                -9.81]
            parts:
              - name: a
                mass: 1
            """
        let root = try SourceNode.parse(yaml: yaml, file: "scene.yaml")
        XCTAssertEqual(root.location, SourceLocation(file: "scene.yaml", line: 1))
        XCTAssertEqual(root.entries?.map(\.key), ["world", "parts"])
        XCTAssertEqual(root["world"]?["gravity"]?.line, 2)
        XCTAssertEqual(root["world"]?["gravity"]?.items?.map(\.line), [2, 2, 3])
        let part = try XCTUnwrap(root["parts"]?.items?.first)
        XCTAssertEqual(part.line, 5)
        XCTAssertEqual(part.entry("mass")?.keyLocation.line, 6)
        XCTAssertEqual(part["mass"]?.scalar, SourceScalar("1"))
    }

    func testKeysKeepFileOrder() throws {
        let root = try SourceNode.parse(yaml: "zeta: 1\nalpha: 2\nmid: 3\n", file: "f.yaml")
        XCTAssertEqual(root.entries?.map(\.key), ["zeta", "alpha", "mid"])
    }

    func testScalarsRememberQuoting() throws {
        let root = try SourceNode.parse(yaml: "a: 1\nb: '1'\nc: \"x\"\nd:\ne: ~\nf: ''\n", file: "f.yaml")
        XCTAssertEqual(root["a"]?.scalar?.isPlain, true)
        XCTAssertEqual(root["b"]?.scalar?.isPlain, false)
        XCTAssertEqual(root["c"]?.scalar?.isPlain, false)
        XCTAssertEqual(root["d"]?.isNull, true)
        XCTAssertEqual(root["e"]?.isNull, true)
        XCTAssertEqual(root["f"]?.isNull, false)
    }

    func testSyntaxErrorNamesItsLine() {
        assertSceneError("scene.yaml:3: YAML syntax: mapping values are not allowed in this context") {
            try SourceNode.parse(yaml: "name: a\ntask:\n  name: b: c\n", file: "scene.yaml")
        }
        assertSceneError("scene.yaml:3: YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence at line 2)") {
            try SourceNode.parse(yaml: "name: a\nsize: [1, 2\nmass: 3\n", file: "scene.yaml")
        }
    }

    func testTabIndentationIsNamed() {
        assertSceneError("scene.yaml:3: YAML syntax: tab character in indentation (indent with spaces)") {
            try SourceNode.parse(yaml: "task:\n  name: a\n\tparams: 1\n", file: "scene.yaml")
        }
    }

    func testTabAfterAColonIsFine() throws {
        let root = try SourceNode.parse(yaml: "a:\t1\n", file: "f.yaml")
        XCTAssertEqual(root["a"]?.scalar?.text, "1")
    }

    func testDuplicateKeyNamesBothLines() {
        let yaml = """
            parts:
              - name: a
                mass: 1
                size: [1, 1, 1]
                mass: 2
            """
        assertSceneError("scene.yaml:5: parts[0].mass: duplicate key 'mass' (first at line 3)") {
            try SourceNode.parse(yaml: yaml, file: "scene.yaml")
        }
    }

    func testEmptyFileIsAnError() {
        assertSceneError("scene.yaml:1: the file is empty (expected a mapping of keys)") {
            try SourceNode.parse(yaml: "", file: "scene.yaml")
        }
        assertSceneError("scene.yaml:1: the file is empty (expected a mapping of keys)") {
            try SourceNode.parse(yaml: "# only a comment\n\n", file: "scene.yaml")
        }
    }

    func testSecondDocumentIsAnError() {
        assertSceneError("scene.yaml:2: YAML syntax: expected a single document in the stream, but found another document") {
            try SourceNode.parse(yaml: "a: 1\n---\nb: 2\n", file: "scene.yaml")
        }
    }

    func testNonScalarKeyIsAnError() {
        assertSceneError("scene.yaml:2: task: a mapping key must be a name, got a list") {
            try SourceNode.parse(yaml: "task:\n  ? [a, b]\n  : 1\n", file: "scene.yaml")
        }
    }

    func testUndefinedAliasIsASyntaxError() {
        assertSceneError("scene.yaml:1: YAML syntax: found undefined alias") {
            try SourceNode.parse(yaml: "a: *nowhere\n", file: "scene.yaml")
        }
    }

    func testMergeKeysBringInAnchoredEntries() throws {
        let yaml = """
            defaults: &block {shape: box, mass: 0.2}
            part:
              <<: *block
              mass: 0.5
            """
        let part = try XCTUnwrap(try SourceNode.parse(yaml: yaml, file: "f.yaml")["part"])
        XCTAssertEqual(part.entries?.map(\.key), ["mass", "shape"])
        XCTAssertEqual(part["mass"]?.scalar?.text, "0.5")
        XCTAssertEqual(part["shape"]?.line, 1)
    }

    func testMergedOverKeepsEachNodesFile() throws {
        let base = try SourceNode.parse(yaml: "world:\n  time_step: 0.01\n  gravity: [0, 0, -9.81]\nparts: [a, b]\n",
                                        file: "base.yaml")
        let scene = try SourceNode.parse(yaml: "world:\n  time_step: 0.002\nparts: [c]\nname: x\n", file: "scene.yaml")
        let merged = scene.merged(over: base)
        XCTAssertEqual(merged.entries?.map(\.key), ["world", "parts", "name"])
        XCTAssertEqual(merged["world"]?["time_step"]?.location, SourceLocation(file: "scene.yaml", line: 2))
        XCTAssertEqual(merged["world"]?["gravity"]?.location, SourceLocation(file: "base.yaml", line: 3))
        XCTAssertEqual(merged["parts"]?.items?.map { $0.scalar?.text }, ["c"])
    }

    func testSettingCreatesKeysAndChecksIndices() throws {
        let root = try SourceNode.parse(yaml: "parts:\n  - mass: 1\nworld:\n", file: "f.yaml")
        let value = SourceNode(.scalar(SourceScalar("2")), location: SourceLocation(file: "--set", line: 0))
        let set = try root.setting(value, at: [.key("parts"), .index(0), .key("mass")])
        XCTAssertEqual(set["parts"]?.items?.first?["mass"]?.scalar?.text, "2")
        let created = try root.setting(value, at: [.key("world"), .key("physics"), .key("substeps")])
        XCTAssertEqual(created["world"]?["physics"]?["substeps"]?.location.file, "--set")
        XCTAssertThrowsError(try root.setting(value, at: [.key("parts"), .index(3)])) { error in
            XCTAssertEqual((error as? SourceEditError)?.message, "index 3 is out of range: 'parts' has 1 item")
        }
        XCTAssertThrowsError(try root.setting(value, at: [.key("parts"), .index(0), .key("mass"), .key("x")])) { error in
            XCTAssertEqual((error as? SourceEditError)?.message, "cannot set 'x': 'parts[0].mass' is \"1\", not a mapping")
        }
    }
}
