import Physics
import XCTest
@testable import Scene

final class SceneFileLoaderTests: XCTestCase {
    private var directory: ScratchDirectory!

    override func setUpWithError() throws { directory = try ScratchDirectory() }
    override func tearDown() { directory = nil }

    private var dir: String { directory.path }

    /// A base file with world, robot, two parts and task parameters.
    private let baseScene = """
        format: 1
        name: base
        world:
          time_step: 0.01
          solver_iterations: 40
        robot:
          position: [0, -1, 0]
          fixed_base: true
        parts:
          - name: a
            shape: box
            size: [0.1, 0.1, 0.1]
            mass: 1
            position: [0, 0, 1]
          - name: b
            shape: sphere
            size: [0.05]
            mass: 2
            position: [1, 0, 1]
        task:
          name: reach
          episode_seconds: 8
          params:
            part: a
            tolerance: 0.05
        """

    // MARK: Loading

    func testLoadsARepresentativeScene() throws {
        let path = try directory.write("scene.yaml", representativeScene)
        let spec = try SceneFileLoader.load(path: path)
        XCTAssertEqual(spec.sourceFile, path)
        XCTAssertEqual(spec.name, "sort_parts")
        XCTAssertEqual(spec.fixtures[1].params["feeds"], .strings(["red", "blue"]))
        XCTAssertEqual(spec.fixtures[1].line, lineNumber(of: "  - type: conveyor", in: representativeScene))
    }

    func testSourceFileIsAbsoluteAndStandardised() throws {
        try directory.write("scene.yaml", minimalScene)
        try directory.write("sub/other.yaml", minimalScene)
        let spec = try SceneFileLoader.load(path: dir + "/sub/./../scene.yaml")
        XCTAssertEqual(spec.sourceFile, dir + "/scene.yaml")
    }

    func testMissingFile() {
        assertSceneError("\(dir)/nope.yaml:0: cannot read the scene file: no such file") {
            try SceneFileLoader.load(path: dir + "/nope.yaml")
        }
        assertSceneError("\(dir):0: cannot read the scene file: it is a folder, not a file") {
            try SceneFileLoader.load(path: dir)
        }
    }

    func testDecodeFromText() throws {
        let spec = try SceneFileLoader.decode(yaml: minimalScene, file: "inline.yaml")
        XCTAssertEqual(spec.sourceFile, "inline.yaml")
        assertSceneError("inline.yaml:2: name: expected a string, got a mapping") {
            try SceneFileLoader.decode(yaml: "format: 1\nname: {a: 1}\ntask:\n  name: reach\n", file: "inline.yaml")
        }
    }

    func testSceneMustBeAMapping() {
        assertSceneError("s.yaml:1: a scene file is a mapping of keys (format, name, task, …), got a list") {
            try SceneFileLoader.decode(yaml: "- a\n- b\n", file: "s.yaml")
        }
    }

    // MARK: Format

    func testUnsupportedFormat() {
        assertSceneError("s.yaml:2: format: unsupported scene format 2 (this build reads 1)") {
            try SceneFileLoader.decode(yaml: "name: x\nformat: 2\ntask:\n  name: reach\n", file: "s.yaml")
        }
        assertSceneError("s.yaml:1: format: unsupported scene format 2 (this build reads 1)") {
            try SceneFileLoader.decode(yaml: "format: 2.0\nname: x\ntask:\n  name: reach\n", file: "s.yaml")
        }
        assertSceneError("s.yaml:1: format: expected a whole number, got \"one\"") {
            try SceneFileLoader.decode(yaml: "format: one\nname: x\ntask:\n  name: reach\n", file: "s.yaml")
        }
        assertSceneError("s.yaml:1: missing required key 'format'") {
            try SceneFileLoader.decode(yaml: "name: x\ntask:\n  name: reach\n", file: "s.yaml")
        }
    }

    // MARK: Base files

    func testBaseIsMergedUnderTheScene() throws {
        try directory.write("base.yaml", baseScene)
        let path = try directory.write("scene.yaml", """
            base: base.yaml
            name: derived
            world:
              time_step: 0.002
            parts:
              - name: c
                shape: cylinder
                size: [0.02, 0.1]
                mass: 0.5
                position: [0, 1, 1]
            task:
              params:
                part: c
            """)
        let spec = try SceneFileLoader.load(path: path)
        XCTAssertEqual(spec.name, "derived")
        XCTAssertEqual(spec.format, 1)
        XCTAssertEqual(spec.world.timeStep, 0.002)          // scene wins
        XCTAssertEqual(spec.world.solverIterations, 40)      // merged from base
        XCTAssertEqual(spec.robot.fixedBase, true)           // only in base
        XCTAssertEqual(spec.parts.map(\.name), ["c"])        // lists replace
        XCTAssertEqual(spec.parts[0].line, 6)
        XCTAssertEqual(spec.task.name, "reach")
        XCTAssertEqual(spec.task.episodeSeconds, 8)
        XCTAssertEqual(spec.task.params, ["part": .string("c"), "tolerance": .number(0.05)])
    }

    func testOverridesWinOverSceneAndBase() throws {
        try directory.write("base.yaml", baseScene)
        let path = try directory.write("scene.yaml", "base: base.yaml\nworld:\n  time_step: 0.002\n")
        let spec = try SceneFileLoader.load(path: path, overrides: [
            "world.time_step=0.004", "task.episode_seconds=5", "robot.position=[0, 1, 0]", "parts[0].mass=0.3",
            "task.params.part=b", "randomization.part_mass_scale=[0.5, 2]", "robot.profile=",
        ])
        XCTAssertEqual(spec.world.timeStep, 0.004)
        XCTAssertEqual(spec.task.episodeSeconds, 5)
        XCTAssertEqual(spec.robot.position, Vector3(0, 1, 0))
        XCTAssertEqual(spec.parts[0].mass, 0.3)
        XCTAssertEqual(spec.parts[1].mass, 2)
        XCTAssertEqual(spec.task.params["part"], .string("b"))
        XCTAssertEqual(spec.randomization.partMassScale, ScalarRange(0.5, 2))
        XCTAssertNil(spec.robot.profile)
    }

    func testBasesChainRelativeToTheIncludingFile() throws {
        try directory.write("common/root.yaml", baseScene)
        try directory.write("common/mid.yaml", "base: root.yaml\nworld:\n  solver_iterations: 80\n")
        let path = try directory.write("scenes/scene.yaml", "base: ../common/mid.yaml\nname: leaf\n")
        let spec = try SceneFileLoader.load(path: path)
        XCTAssertEqual(spec.name, "leaf")
        XCTAssertEqual(spec.world.solverIterations, 80)
        XCTAssertEqual(spec.world.timeStep, 0.01)
        XCTAssertEqual(spec.sourceFile, dir + "/scenes/scene.yaml")
    }

    func testErrorsInABaseNameTheBaseFile() throws {
        try directory.write("base.yaml", baseScene.replacingOccurrences(of: "mass: 2", with: "mass: heavy"))
        let path = try directory.write("scene.yaml", "base: base.yaml\nname: derived\n")
        assertSceneError("\(dir)/base.yaml:18: parts[1].mass: expected a number, got \"heavy\"") {
            try SceneFileLoader.load(path: path)
        }
        try directory.write("base.yaml", baseScene.replacingOccurrences(of: "  solver_iterations", with: "  solver_iteration"))
        assertSceneError("\(dir)/base.yaml:5: world.solver_iteration: unknown key 'solver_iteration' (did you mean 'solver_iterations'?)") {
            try SceneFileLoader.load(path: path)
        }
    }

    func testUnsupportedFormatInABase() throws {
        try directory.write("base.yaml", baseScene.replacingOccurrences(of: "format: 1", with: "format: 3"))
        let path = try directory.write("scene.yaml", "base: base.yaml\nformat: 1\n")
        assertSceneError("\(dir)/base.yaml:1: format: unsupported scene format 3 (this build reads 1)") {
            try SceneFileLoader.load(path: path)
        }
    }

    func testIncludeCycleNamesTheChain() throws {
        let a = try directory.write("a.yaml", "base: b.yaml\nname: a\n")
        try directory.write("b.yaml", "name: b\nbase: c.yaml\n")
        try directory.write("c.yaml", "base: a.yaml\n")
        assertSceneError("\(dir)/c.yaml:1: base: include cycle: \(dir)/a.yaml -> \(dir)/b.yaml -> \(dir)/c.yaml -> \(dir)/a.yaml") {
            try SceneFileLoader.load(path: a)
        }
        let selfIncluding = try directory.write("self.yaml", "format: 1\nbase: ./self.yaml\n")
        assertSceneError("\(dir)/self.yaml:2: base: include cycle: \(dir)/self.yaml -> \(dir)/self.yaml") {
            try SceneFileLoader.load(path: selfIncluding)
        }
    }

    func testMissingOrMalformedBase() throws {
        let path = try directory.write("scene.yaml", "base: nope.yaml\n")
        assertSceneError("\(path):1: base: cannot read the base file 'nope.yaml' (looked for \(dir)/nope.yaml)") {
            try SceneFileLoader.load(path: path)
        }
        try directory.write("scene.yaml", "base: [a.yaml]\n")
        assertSceneError("\(path):1: base: expected a scene file name, got a list") {
            try SceneFileLoader.load(path: path)
        }
    }

    // MARK: Overrides

    func testParseOverride() throws {
        let (path, value) = try SceneFileLoader.parseOverride("robot.position=[0, 1, 0]")
        XCTAssertEqual(path, [.key("robot"), .key("position")])
        XCTAssertEqual(value.items?.map { $0.scalar?.text }, ["0", "1", "0"])
        XCTAssertEqual(value.location, SourceLocation(file: "--set", line: 0))
        XCTAssertEqual(value.items?.last?.location, SourceLocation(file: "--set", line: 0))
        let (partPath, mass) = try SceneFileLoader.parseOverride("parts[0].mass=0.3")
        XCTAssertEqual(partPath, [.key("parts"), .index(0), .key("mass")])
        XCTAssertEqual(mass.scalar, SourceScalar("0.3"))
        XCTAssertEqual(try SceneFileLoader.parseOverride("name=a=b").value.scalar?.text, "a=b")
    }

    func testMalformedOverrides() {
        assertSceneError("--set:0: malformed override 'task.episode_seconds': expected key.path=value") {
            try SceneFileLoader.parseOverride("task.episode_seconds")
        }
        assertSceneError("--set:0: parts[x].mass: malformed override 'parts[x].mass=1': 'parts[x].mass' is not a key path (e.g. parts[0].mass)") {
            try SceneFileLoader.parseOverride("parts[x].mass=1")
        }
        assertSceneError("--set:0: robot.position: malformed value '[0, 1': YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence at line 1)") {
            try SceneFileLoader.parseOverride("robot.position=[0, 1")
        }
    }

    func testOverrideErrorsPointAtTheOverride() throws {
        try directory.write("base.yaml", baseScene)
        let path = try directory.write("scene.yaml", "base: base.yaml\n")
        assertSceneError("--set:0: parts[5].mass: index 5 is out of range: 'parts' has 2 items") {
            try SceneFileLoader.load(path: path, overrides: ["parts[5].mass=1"])
        }
        assertSceneError("--set:0: parts[0].sise: unknown key 'sise' (did you mean 'size'?)") {
            try SceneFileLoader.load(path: path, overrides: ["parts[0].sise=1"])
        }
        assertSceneError("--set:0: task.episode_seconds: expected a number, got \"abc\"") {
            try SceneFileLoader.load(path: path, overrides: ["task.episode_seconds=abc"])
        }
        assertSceneError("--set:0: task.name.x: cannot set 'x': 'task.name' is \"reach\", not a mapping") {
            try SceneFileLoader.load(path: path, overrides: ["task.name.x=1"])
        }
        assertSceneError("--set:0: format: unsupported scene format 2 (this build reads 1)") {
            try SceneFileLoader.load(path: path, overrides: ["format=2"])
        }
    }

    func testOverrideMayAddKeysToKnownMappings() throws {
        let path = try directory.write("scene.yaml", minimalScene)
        let spec = try SceneFileLoader.load(path: path, overrides: ["randomization.part_yaw=0.25", "task.params.speed=2"])
        XCTAssertEqual(spec.randomization.partYaw, 0.25)
        XCTAssertEqual(spec.task.params["speed"], .number(2))
    }
}
