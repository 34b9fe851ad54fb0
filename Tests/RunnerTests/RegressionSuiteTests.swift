// Tests of the regress suite file: what it reads, and that every mistake names the file,
// line and key path.
import Foundation
import Scene
import XCTest
@testable import Runner

final class RegressionSuiteTests: XCTestCase {
    private var scratch: String!

    override func setUp() {
        scratch = BatchTestSupport.scratchDirectory(self)
        // A scene beside the suite, found relative to it.
        try? FileManager.default.copyItem(atPath: BatchTestSupport.standPush, toPath: scratch + "/stand.yaml")
    }

    private func decode(_ yaml: String) throws -> RegressionSuite {
        try RegressionSuite.decode(yaml: yaml, file: scratch + "/suite.yaml")
    }

    /// The SceneError decoding `yaml` throws.
    private func error(_ yaml: String, file: StaticString = #filePath, line: UInt = #line) -> SceneError? {
        do {
            _ = try decode(yaml)
            XCTFail("expected an error", file: file, line: line)
        } catch let error as SceneError {
            return error
        } catch {
            XCTFail("expected a SceneError, got \(error)", file: file, line: line)
        }
        return nil
    }

    private let good = """
        format: 1
        name: core
        description: a small suite
        tasks:
          - name: stand_still
            scene: stand.yaml
            set: [task.params.first_push=100, task.episode_seconds=2]
            episodes: 8
            seed: 1
            policy: zero
            floor: 0.9
          - name: pushed
            scene: stand.yaml
            episodes: 4
            seed: 18446744073709551615
            policy: random
        """

    func testReadsTasksWithScenesRelativeToTheSuite() throws {
        let suite = try decode(good)
        XCTAssertEqual(suite.name, "core")
        XCTAssertEqual(suite.tasks.map(\.name), ["stand_still", "pushed"])
        XCTAssertEqual(suite.tasks[0].scenePath, scratch + "/stand.yaml")
        XCTAssertEqual(suite.tasks[0].overrides, ["task.params.first_push=100", "task.episode_seconds=2"])
        XCTAssertEqual(suite.tasks[0].episodes, 8)
        XCTAssertEqual(suite.tasks[0].floor, 0.9)
        XCTAssertEqual(suite.tasks[0].line, 5)
        XCTAssertEqual(suite.tasks[0].sceneLine, 6)
        XCTAssertEqual(suite.tasks[1].seed, UInt64.max)
        XCTAssertEqual(suite.tasks[1].policy, "random")
        XCTAssertNil(suite.tasks[1].floor)
        XCTAssertEqual(suite.tasks[1].overrides, [])
    }

    // The repository's own suite reads, and names only scenes that exist.
    func testRepositorySuiteReads() throws {
        let path = BatchTestSupport.repositoryRoot + "/Scenes/regress/suite.yaml"
        XCTAssertTrue(FileManager.default.fileExists(atPath: path), "the project's suite must be at Scenes/regress/suite.yaml")
        let suite = try RegressionSuite.load(path: path)
        XCTAssertFalse(suite.tasks.isEmpty)
    }

    func testUnknownSceneNamesSuiteLine() {
        let yaml = good.replacingOccurrences(of: "scene: stand.yaml\n    episodes: 4", with: "scene: no_such_scene.yaml\n    episodes: 4")
        let error = error(yaml)
        XCTAssertEqual(error?.file, scratch + "/suite.yaml")
        XCTAssertEqual(error?.line, 13)
        XCTAssertEqual(error?.keyPath, "tasks[1].scene")
        XCTAssertTrue(error?.message.contains("cannot read the scene file 'no_such_scene.yaml'") ?? false, "\(String(describing: error))")
    }

    func testUnknownKeySuggestsTheRightOne() {
        let error = error(good.replacingOccurrences(of: "floor: 0.9", with: "flor: 0.9"))
        XCTAssertEqual(error?.line, 11)
        XCTAssertEqual(error?.keyPath, "tasks[0].flor")
        XCTAssertTrue(error?.message.contains("did you mean 'floor'") ?? false, "\(String(describing: error))")
    }

    func testBadValues() {
        let cases: [(String, String, String, String)] = [
            ("policy: random", "policy: randon", "tasks[1].policy", "did you mean 'random'"),
            ("floor: 0.9", "floor: 90", "tasks[0].floor", "from 0 to 1"),
            ("episodes: 8", "episodes: 0", "tasks[0].episodes", "1 to 100000"),
            ("episodes: 8", "episodes: many", "tasks[0].episodes", "whole number"),
            ("seed: 1\n", "seed: -1\n", "tasks[0].seed", "a seed is a whole number from 0 to 18446744073709551615"),
            ("seed: 1\n", "seed: [1]\n", "tasks[0].seed", "expected a string"),
            ("name: pushed", "name: stand_still", "tasks[1].name", "duplicate task name 'stand_still' (first at line 5)"),
            ("name: pushed", "name: two words", "tasks[1].name", "letters, digits"),
            ("format: 1", "format: 2", "format", "unsupported suite format 2"),
            ("set: [task.params.first_push=100, task.episode_seconds=2]", "set: [first_push]", "tasks[0].set",
             "expected key.path=value"),
        ]
        for (old, new, keyPath, message) in cases {
            let yaml = good.replacingOccurrences(of: old, with: new)
            XCTAssertNotEqual(yaml, good, old)
            guard let error = error(yaml) else { continue }
            XCTAssertEqual(error.keyPath, keyPath, new)
            XCTAssertTrue(error.message.contains(message), "\(new): \(error)")
            XCTAssertGreaterThan(error.line, 0, new)
        }
    }

    func testMissingAndEmpty() {
        XCTAssertEqual(error("format: 1\nname: core\ntasks: []\n")?.message, "a suite needs at least one task")
        XCTAssertEqual(error("format: 1\nname: core\n")?.message, "missing required key 'tasks'")
        XCTAssertTrue(error("- just\n- a list\n")?.message.contains("mapping") ?? false)
        XCTAssertTrue(error("format: 1\nname: core\ntasks:\n  - name: a\n    scene: stand.yaml\n    episodes: 1\n    policy: zero\n")?
            .message.contains("'seed'") ?? false)
        XCTAssertThrowsError(try RegressionSuite.load(path: scratch + "/absent.yaml")) { error in
            XCTAssertTrue("\(error)".contains("cannot read the suite file"), "\(error)")
        }
    }
}
