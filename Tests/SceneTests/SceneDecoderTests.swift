import Physics
import XCTest
@testable import Scene

/// Decodes `yaml` as `T` straight through SceneDecoder (no loader stages).
private func decode<T: Decodable>(_ type: T.Type, _ yaml: String, file: String = "scene.yaml") throws -> T {
    try SceneDecoder.decode(type, from: try SourceNode.parse(yaml: yaml, file: file))
}

/// Records the line SceneDecoder reports for it.
private struct LineProbe: Decodable {
    var line: Int
    var value: Double
    init(from decoder: Decoder) throws {
        line = decoder.sourceLine
        value = try decoder.container(keyedBy: AnyCodingKey.self).decode(Double.self, forKey: AnyCodingKey("value"))
    }
}

final class SceneDecoderTests: XCTestCase {
    func testRepresentativeSceneDecodes() throws {
        let spec = try decode(SceneSpec.self, representativeScene)
        XCTAssertEqual(spec.name, "sort_parts")
        XCTAssertEqual(spec.description, "Sort coloured blocks into bins.")
        XCTAssertEqual(spec.world.timeStep, 0.005)
        XCTAssertEqual(spec.world.solverIterations, 60)
        XCTAssertEqual(spec.world.gravity, Vector3(0, 0, -9.81))
        XCTAssertEqual(spec.robot.position, Vector3(0, -0.6, 0))
        XCTAssertEqual(spec.robot.positionGain, 0.3)
        XCTAssertEqual(spec.robot.velocityGain, 1.0)
        XCTAssertFalse(spec.robot.velocityLimits, "servos ignore the file's velocity limits unless asked")
        XCTAssertNil(spec.robot.profile)

        XCTAssertEqual(spec.fixtures.map(\.name), ["work_table", "conveyor"])
        XCTAssertEqual(spec.fixtures[0].params, ["size": .numbers([1.2, 0.8, 0.75]), "finish": .string("oak")])
        XCTAssertEqual(spec.fixtures[1].params, ["speed": .number(0.2), "length": .number(2), "running": .bool(true),
                                                 "feeds": .strings(["red", "blue"])])
        XCTAssertEqual(spec.fixtures[1].yaw, 0.5)
        XCTAssertEqual(spec.fixtures[0].line, lineNumber(of: "  - type: table", in: representativeScene))
        XCTAssertEqual(spec.fixtures[1].line, lineNumber(of: "  - type: conveyor", in: representativeScene))

        XCTAssertEqual(spec.parts.count, 2)
        XCTAssertEqual(spec.parts[0].shape, .box)
        XCTAssertEqual(spec.parts[0].label, "red")
        XCTAssertEqual(spec.parts[0].friction, 0.8)
        XCTAssertEqual(spec.parts[1].size, [0.03, 0.08])
        XCTAssertEqual(spec.parts[1].color, [0.1, 0.2, 0.9, 1])
        XCTAssertEqual(spec.parts[1].line, lineNumber(of: "  - name: blue_cylinder", in: representativeScene))

        XCTAssertEqual(spec.goals.first?.size, Vector3(0.2, 0.2, 0.1))
        XCTAssertEqual(spec.cameras.first?.fovDegrees, 60)
        XCTAssertEqual(spec.cameras.first?.width, 320)
        XCTAssertEqual(spec.lights.first?.intensity, 0.9)

        XCTAssertEqual(spec.task.name, "sort_by_label")
        XCTAssertEqual(spec.task.episodeSeconds, 20)
        XCTAssertEqual(spec.task.line, lineNumber(of: "  name: sort_by_label", in: representativeScene))
        XCTAssertEqual(spec.task.params["part"], .string("red_block"))
        XCTAssertEqual(spec.task.params["bins"], .strings(["red_bin", "blue_bin"]))
        XCTAssertEqual(spec.task.params["strict"], .bool(true))
        XCTAssertEqual(spec.task.params["weights"], .numbers([1, 0.5]))

        XCTAssertEqual(spec.randomization.partPosition, Vector3(0.02, 0.02, 0))
        XCTAssertEqual(spec.randomization.partMassScale, ScalarRange(0.9, 1.1))
        XCTAssertEqual(spec.randomization.controlLatencySteps, 0...2)
        XCTAssertNil(spec.randomization.pushForce)
        XCTAssertEqual(spec.randomization.sensorNoise, 0.001)
    }

    func testMinimalSceneTakesDefaults() throws {
        let spec = try decode(SceneSpec.self, minimalScene)
        XCTAssertEqual(spec.world, WorldSpec())
        XCTAssertEqual(spec.robot, RobotSpec())
        XCTAssertEqual(spec.task.episodeSeconds, 10)
        XCTAssertTrue(spec.parts.isEmpty)
    }

    func testNullSectionsTakeDefaults() throws {
        let spec = try decode(SceneSpec.self, minimalScene + "\ndescription: ~\nworld:\nparts:\nrobot: null\n")
        XCTAssertEqual(spec.description, "")
        XCTAssertEqual(spec.world, WorldSpec())
        XCTAssertEqual(spec.robot, RobotSpec())
    }

    // MARK: Unknown keys

    func testUnknownKeyWithSuggestion() {
        let yaml = minimalScene + """

            parts:
              - name: block
                shape: box
                sise: [1, 1, 1]
            """
        assertSceneError("scene.yaml:8: parts[0].sise: unknown key 'sise' (did you mean 'size'?)") {
            try decode(SceneSpec.self, yaml)
        }
    }

    func testUnknownKeyWithoutCloseMatch() {
        assertSceneError("scene.yaml:6: world.flux_capacitor: unknown key 'flux_capacitor'") {
            try decode(SceneSpec.self, minimalScene + "\nworld:\n  flux_capacitor: 1\n")
        }
    }

    func testUnknownTopLevelKey() {
        assertSceneError("scene.yaml:2: taks: unknown key 'taks' (did you mean 'task'?)") {
            try decode(SceneSpec.self, "format: 1\ntaks:\n  name: reach\nname: x\n")
        }
    }

    func testFreeFormKeysAreAllAccepted() throws {
        let yaml = minimalScene + "\n  params:\n    anything_goes: 1\n    '3': three\n"
        let spec = try decode(SceneSpec.self, yaml)
        XCTAssertEqual(spec.task.params, ["anything_goes": .number(1), "3": .string("three")])
    }

    // MARK: Types

    func testWrongTypeNamesExpectedAndFound() {
        let yaml = minimalScene + "\nparts:\n  - name: a\n    shape: box\n    size: [1, 1, 1]\n    mass: heavy\n"
        assertSceneError("scene.yaml:9: parts[0].mass: expected a number, got \"heavy\"") {
            try decode(SceneSpec.self, yaml)
        }
    }

    func testVectorWithTwoNumbers() {
        let yaml = minimalScene + "\ngoals:\n  - name: bin\n    position: [1, 2]\n    size: [1, 1, 1]\n"
        assertSceneError("scene.yaml:7: goals[0].position: expected 3 numbers, got 2") {
            try decode(SceneSpec.self, yaml)
        }
    }

    func testVectorItemThatIsNotANumber() {
        assertSceneError("scene.yaml:6: robot.position[1]: expected a number, got \"up\"") {
            try decode(SceneSpec.self, minimalScene + "\nrobot:\n  position: [0, up, 1]\n")
        }
    }

    func testEmptyRandomisationRange() {
        assertSceneError(
            "scene.yaml:7: randomization.part_mass_scale: empty range [1.0, 0.0]: low must be <= high and both finite"
        ) {
            try decode(SceneSpec.self, minimalScene + "\nrandomization:\n  part_yaw: 0.1\n  part_mass_scale: [1, 0]\n")
        }
    }

    // World settings the physics cannot run with are errors naming their line and key.
    func testWorldSettingsOutOfRangeAreErrors() {
        assertSceneError("scene.yaml:7: world.time_step: must be > 0 and at most 0.1 s, got -1.0") {
            try decode(SceneSpec.self, minimalScene + "\nworld:\n  gravity: [0, 0, -9.81]\n  time_step: -1\n")
        }
        assertSceneError("scene.yaml:6: world.time_step: must be > 0 and at most 0.1 s, got nan") {
            try decode(SceneSpec.self, minimalScene + "\nworld:\n  time_step: .nan\n")
        }
        assertSceneError("scene.yaml:6: world.solver_iterations: must be 1…10000, got 0") {
            try decode(SceneSpec.self, minimalScene + "\nworld:\n  solver_iterations: 0\n")
        }
        assertSceneError("scene.yaml:6: world.solver_residual_threshold: must be >= 0 (m/s)^2, got -1.0") {
            try decode(SceneSpec.self, minimalScene + "\nworld:\n  solver_residual_threshold: -1\n")
        }
        assertSceneError("scene.yaml:6: world.joint_warm_start: must be a fraction in [0, 1], got 1.5") {
            try decode(SceneSpec.self, minimalScene + "\nworld:\n  joint_warm_start: 1.5\n")
        }
        XCTAssertEqual(try decode(SceneSpec.self, minimalScene + "\nworld:\n  joint_warm_start: 0.85\n").world.jointWarmStart, 0.85)
        XCTAssertEqual(try decode(SceneSpec.self, minimalScene + "\nworld:\n  joint_warm_start_rows: geared\n").world.jointWarmStartRows,
                       .geared)
        XCTAssertThrowsError(try decode(SceneSpec.self, minimalScene + "\nworld:\n  joint_warm_start_rows: fingers\n"))
        assertSceneError("scene.yaml:6: world.gravity: expected finite numbers, got [0.0, 0.0, inf]") {
            try decode(SceneSpec.self, minimalScene + "\nworld:\n  gravity: [0, 0, .inf]\n")
        }
        XCTAssertEqual(try decode(SceneSpec.self, minimalScene + "\nworld:\n  time_step: 0.002\n").world.timeStep, 0.002)
    }

    func testWholeNumbersRejectFractions() {
        assertSceneError("scene.yaml:6: world.solver_iterations: expected a whole number, got \"1.5\"") {
            try decode(SceneSpec.self, minimalScene + "\nworld:\n  solver_iterations: 1.5\n")
        }
        XCTAssertEqual(try decode(Int.self, "2.0"), 2)
        XCTAssertEqual(try decode(Int.self, "0x1F"), 31)
        XCTAssertEqual(try decode(UInt8.self, "200"), 200)
        assertSceneError("scene.yaml:1: 300 is out of range for UInt8") { try decode(UInt8.self, "300") }
    }

    func testIntegersDecodeAsDoubles() throws {
        XCTAssertEqual(try decode(Double.self, "3"), 3)
        XCTAssertEqual(try decode([Double].self, "[1, -2, 3.5, 1e-3, .5, -.inf]"), [1, -2, 3.5, 0.001, 0.5, -.infinity])
        XCTAssertEqual(try decode(Float.self, "0.25"), 0.25)
    }

    func testBooleansAreTrueOrFalseOnly() {
        XCTAssertEqual(try decode([Bool].self, "[true, false, True, FALSE]"), [true, false, true, false])
        assertSceneError("scene.yaml:6: robot.fixed_base: expected true or false, got \"yes\"") {
            try decode(SceneSpec.self, minimalScene + "\nrobot:\n  fixed_base: yes\n")
        }
    }

    func testNumberLookingScalarsDecodeAsStrings() throws {
        let spec = try decode(SceneSpec.self, "format: 1\nname: 42\ntask:\n  name: 007\n")
        XCTAssertEqual(spec.name, "42")
        XCTAssertEqual(spec.task.name, "007")
        XCTAssertEqual(try decode(String.self, "'quoted: yes'"), "quoted: yes")
    }

    func testQuotedNumbersAreStrings() {
        assertSceneError("scene.yaml:6: world.time_step: expected a number, got the quoted string \"0.01\"") {
            try decode(SceneSpec.self, minimalScene + "\nworld:\n  time_step: \"0.01\"\n")
        }
    }

    func testContainerTypeMismatch() {
        assertSceneError("scene.yaml:6: parts: expected a list, got a mapping") {
            try decode(SceneSpec.self, minimalScene + "\nparts:\n  name: a\n")
        }
        assertSceneError("scene.yaml:5: world: expected a mapping, got \"fast\"") {
            try decode(SceneSpec.self, minimalScene + "\nworld: fast\n")
        }
        assertSceneError("scene.yaml:1: name: expected a string, got a list") {
            try decode(SceneSpec.self, "name: [a]\nformat: 1\ntask:\n  name: reach\n")
        }
    }

    func testEnumCaseWithSuggestion() {
        let yaml = minimalScene + "\nparts:\n  - name: a\n    shape: sphre\n    size: [1]\n    mass: 1\n    position: [0, 0, 0]\n"
        assertSceneError("scene.yaml:7: parts[0].shape: expected one of box, cylinder, sphere, mesh, got \"sphre\" (did you mean 'sphere'?)") {
            try decode(SceneSpec.self, yaml)
        }
    }

    func testReversedIntegerRangeNamesItsKey() {
        do {
            _ = try decode(SceneSpec.self, minimalScene + "\nrandomization:\n  control_latency_steps: [3, 1]\n")
            XCTFail("expected an error")
        } catch let error as SceneError {
            XCTAssertEqual(error.file, "scene.yaml")
            XCTAssertEqual(error.line, 6)
            XCTAssertEqual(error.keyPath, "randomization.control_latency_steps")
        } catch {
            XCTFail("\(error)")
        }
    }

    func testBadFixtureParameter() {
        let yaml = minimalScene + "\nfixtures:\n  - type: bin\n    walls: {left: 1}\n"
        assertSceneError("scene.yaml:7: fixtures[0].walls: expected a number, a string, a boolean, or a list of numbers or of strings") {
            try decode(SceneSpec.self, yaml)
        }
    }

    // MARK: Missing keys

    func testMissingRequiredKeyAtTheMappingsLine() {
        let yaml = minimalScene + "\nparts:\n  - shape: box\n    size: [1, 1, 1]\n    mass: 1\n    position: [0, 0, 0]\n"
        assertSceneError("scene.yaml:6: parts[0]: missing required key 'name'") { try decode(SceneSpec.self, yaml) }
        assertSceneError("scene.yaml:1: missing required key 'task'") {
            try decode(SceneSpec.self, "format: 1\nname: x\n")
        }
        assertSceneError("scene.yaml:6: fixtures[0]: missing required key 'type'") {
            try decode(SceneSpec.self, minimalScene + "\nfixtures:\n  - name: table\n")
        }
    }

    func testNullForARequiredValue() {
        assertSceneError("scene.yaml:2: name: expected a string, got nothing (null)") {
            try decode(SceneSpec.self, "format: 1\nname:\ntask:\n  name: reach\n")
        }
    }

    // MARK: Lines

    func testCurrentLineIsTheNodeBeingDecoded() throws {
        let probes = try decode([LineProbe].self, "- value: 1\n\n- value: 2\n-\n  value: 3\n")
        XCTAssertEqual(probes.map(\.line), [1, 3, 5])
        XCTAssertEqual(probes.map(\.value), [1, 2, 3])
    }

    func testDecodingErrorsFromATypePointAtTheirNode() {
        // Vector3 throws DecodingError.dataCorrupted; it lands on the vector's own line and file.
        let yaml = "format: 1\nname: x\ntask:\n  name: reach\nworld:\n  gravity:\n    - 0\n    - 1\n"
        assertSceneError("other.yaml:7: world.gravity: expected 3 numbers, got 2") {
            try decode(SceneSpec.self, yaml, file: "other.yaml")
        }
    }

    func testUnkeyedPastTheEnd() {
        struct Pair: Decodable {
            init(from decoder: Decoder) throws {
                var c = try decoder.unkeyedContainer()
                _ = try c.decode(Double.self)
                _ = try c.decode(Double.self)
            }
        }
        assertSceneError("scene.yaml:1: pair: expected at least 2 items, got 1") {
            try decode([String: Pair].self, "pair: [1]")
        }
    }

    func testNilInsideLists() throws {
        XCTAssertEqual(try decode([Double?].self, "[1, ~, 3]"), [1, nil, 3])
    }
}
