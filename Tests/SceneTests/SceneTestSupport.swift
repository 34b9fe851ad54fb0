// Helpers shared by the scene tests: a representative scene, a scratch directory, and an
// assertion that a call fails with exactly one `file:line: key.path: message`.
import Foundation
import XCTest
@testable import Scene

/// The smallest scene that decodes; tests add one mistake at a time.
let minimalScene = """
    format: 1
    name: minimal
    task:
      name: reach
    """

/// A scene using every section, with fixture and task parameters.
let representativeScene = """
    format: 1
    name: sort_parts
    description: Sort coloured blocks into bins.
    world:
      time_step: 0.005
      solver_iterations: 60
      gravity: [0, 0, -9.81]
    robot:
      file: builtin:tg_humanoid
      position: [0, -0.6, 0]
      yaw: 1.5708
      fixed_base: false
      pose: standing
      position_gain: 0.3
    fixtures:
      - type: table
        name: work_table
        position: [0.6, 0, 0]
        size: [1.2, 0.8, 0.75]
        finish: "oak"
      - type: conveyor
        position: [1.5, 0, 0]
        yaw: 0.5
        speed: 0.2
        length: 2
        running: true
        feeds: [red, blue]
    parts:
      - name: red_block
        shape: box
        size: [0.05, 0.05, 0.05]
        mass: 0.2
        label: red
        position: [0.5, 0.1, 0.8]
      - name: blue_cylinder
        shape: cylinder
        size: [0.03, 0.08]
        mass: 0.15
        friction: 0.6
        color: [0.1, 0.2, 0.9, 1]
        position: [0.5, -0.1, 0.8]
        yaw: 0.3
    goals:
      - name: red_bin
        position: [0.8, 0.3, 0.75]
        size: [0.2, 0.2, 0.1]
    cameras:
      - name: overhead
        position: [0.6, 0, 2]
        look_at: [0.6, 0, 0.75]
        fov_degrees: 60
        width: 320
        height: 240
        rate_hz: 30
    lights:
      - direction: [0.3, 0.2, -1]
        intensity: 0.9
    task:
      name: sort_by_label
      episode_seconds: 20
      control_hz: 60
      params:
        part: red_block
        bins: [red_bin, blue_bin]
        tolerance: 0.02
        strict: true
        weights: [1, 0.5]
    randomization:
      part_position: [0.02, 0.02, 0]
      part_yaw: 0.2
      part_mass_scale: [0.9, 1.1]
      part_friction: [0.5, 1.0]
      joint_noise: 0.01
      conveyor_speed: [0.1, 0.3]
      control_latency_steps: [0, 2]
      sensor_noise: 0.001
    """

/// The 1-based line of the first line of `text` that starts with `prefix`.
func lineNumber(of prefix: String, in text: String) -> Int {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    return (lines.firstIndex { $0.hasPrefix(prefix) } ?? -1) + 1
}

/// Asserts that `body` throws a SceneError printing exactly `expected`.
func assertSceneError<T>(_ expected: String, file: StaticString = #filePath, line: UInt = #line,
                         _ body: () throws -> T) {
    do {
        let value = try body()
        XCTFail("expected the error \(expected), got \(value)", file: file, line: line)
    } catch let error as SceneError {
        XCTAssertEqual(error.description, expected, file: file, line: line)
    } catch {
        XCTFail("expected a SceneError, got \(error)", file: file, line: line)
    }
}

/// A fresh directory for scene files, removed when the test ends.
final class ScratchDirectory {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("scene-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = SceneFileLoader.absolutePath(url.path)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `name` inside the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        let directory = (file as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}
