// Scene camera sensors rendered offscreen (OffscreenCameraProvider): a scene camera 2 m
// above the floor sees the floor at 2 m and the bodies where they are; the head camera
// turns with the neck; panel_inspect judges the line of sight from the head camera's
// picture — centred marks count, occluded ones do not. Skips when EGL has no GL 3.3.
import Foundation
import Physics
import Render
import Scene
@testable import Tasks
import XCTest

final class SceneCameraRenderTests: XCTestCase {
    private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// A provider whose EGL context exists, or a skip saying why.
    private func makeProvider() throws -> OffscreenCameraProvider {
        let provider = OffscreenCameraProvider()
        do {
            try provider.prepare()
        } catch {
            throw XCTSkip("no offscreen OpenGL: \(error) — install libegl-mesa0 and libgl1-mesa-dri (Tools/setup.sh)")
        }
        return provider
    }

    private func panelScene(_ overrides: [String] = [], blocked: Bool = false) throws -> SceneSpec {
        let path = repository + "/Scenes/panel_inspect.yaml"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        if blocked {
            // A second panel between the head and panel_center's mark.
            text = text.replacingOccurrences(of: "\ntask:\n", with: """

                  - type: inspection_panel
                    name: blocker
                    position: [0.75, 0.06, 0]
                    height: 1.25
                task:

                """)
        }
        return try SceneFileLoader.decode(yaml: text, file: path, overrides: overrides)
    }

    func testASceneCameraTwoMetresAboveTheFloorSeesItAtTwoMetresAndTheBodiesWhereTheyAre() throws {
        let provider = try makeProvider()
        let yaml = """
            format: 1
            name: overhead
            robot:
              file: builtin:tg_humanoid
              position: [6, 6, 0]
            fixtures:
              - type: floor
                name: floor
            parts:
              - name: block
                shape: box
                size: [0.3, 0.3, 0.2]
                mass: 1
                position: [0.5, 0, 0.1]
            cameras:
              - name: top
                position: [0, 0, 2]
                look_at: [0, 0, 0]
                width: 64
                height: 48
            task:
              name: stand_push
            """
        let world = try SceneWorld(spec: try SceneFileLoader.decode(yaml: yaml, file: repository + "/Scenes/overhead.yaml"),
                                   seed: 0)
        world.cameras.provider = provider
        let frame = try world.cameraFrame("top", at: 0)
        let depth = try XCTUnwrap(frame.depth), bodies = try XCTUnwrap(frame.bodyIDs), rgb = try XCTUnwrap(frame.rgb)
        XCTAssertEqual(rgb.count, 64 * 48 * 3)
        let floorID = try XCTUnwrap(world.fixtures["floor"]?.rigidBodies["floor"]).id
        let blockID = try XCTUnwrap(world.part(named: "block")).id
        // The floor straight below, and at a corner well away from the block.
        for point in [Vector3(0, 0, 0), Vector3(-0.4, 0.4, 0)] {
            let (x, y, expected) = try XCTUnwrap(frame.project(point))
            let pixel = try XCTUnwrap(frame.pixelIndex(x: x, y: y))
            XCTAssertEqual(Double(depth[pixel]), expected, accuracy: 0.01 * expected)
            XCTAssertEqual(bodies[pixel], floorID)
        }
        XCTAssertEqual(Double(depth[24 * 64 + 32]), 2, accuracy: 0.02, "2 m ±1% below the camera")
        // The block's top face, 1.8 m away along the line of sight.
        let (x, y, _) = try XCTUnwrap(frame.project(Vector3(0.5, 0, 0.2)))
        let pixel = try XCTUnwrap(frame.pixelIndex(x: x, y: y))
        XCTAssertEqual(bodies[pixel], blockID)
        XCTAssertEqual(Double(depth[pixel]), 1.8, accuracy: 0.018)
        // Every pixel shows the floor or the block (the robot is out of view).
        XCTAssertEqual(Set(bodies), [floorID, blockID])
        XCTAssertEqual(provider.renderCount, 1)
    }

    func testTheHeadCameraTurnsWithTheNeck() throws {
        let provider = try makeProvider()
        let episode = try Episode(scene: try panelScene(["randomization.control_latency_steps=[0, 0]"]), seed: 2)
        episode.cameraProvider = provider
        let panelID = try XCTUnwrap(episode.world.fixtures["panel_center"]?.rigidBodies["panel"]).id
        let mark = try XCTUnwrap(episode.world.fixtures["panel_center"]?.sites["feature"]).position
        let before = try episode.cameraFrame("head")
        let start = try XCTUnwrap(before.project(mark))
        let startPixel = try XCTUnwrap(before.pixelIndex(x: start.x, y: start.y), "the mark is in view at the start")
        XCTAssertEqual(before.bodyIDs?[startPixel], panelID, "the picture shows the panel where the mark projects")
        // Turn the head 0.3 rad to the left: the mark moves right in the picture.
        var action = [Double](repeating: 0, count: episode.actionSize)
        action[try XCTUnwrap(episode.actionNames.firstIndex(of: "neck_yaw"))] = 0.3
        for _ in 0..<60 { _ = try episode.step(action) }
        let after = try episode.cameraFrame("head")
        let end = try XCTUnwrap(after.project(mark))
        let endPixel = try XCTUnwrap(after.pixelIndex(x: end.x, y: end.y))
        XCTAssertEqual(after.bodyIDs?[endPixel], panelID)
        XCTAssertGreaterThan(end.x - start.x, 20, "0.3 rad of neck yaw is ~34 px at 128 px and 60°")
        XCTAssertEqual(end.y, start.y, accuracy: 6)
        XCTAssertNotEqual(after.rgb, before.rgb)
        // The head's own shell is left out: nothing is drawn at the lens.
        XCTAssertFalse(after.bodyIDs?.contains(episode.world.robot.body.id) ?? true,
                       "looking ahead and down at the panel, the camera sees none of the robot")
    }

    /// Servos the neck onto `panel`'s mark (the command moves by the mark's bearing in the
    /// head camera frame each step) for `seconds`; the last step's result.
    private func look(at panel: String, for seconds: Double, in episode: Episode,
                      neck: inout (yaw: Double, pitch: Double), gain: Double = 0.5) throws -> StepResult? {
        let feature = try XCTUnwrap(episode.world.fixtures[panel]?.sites["feature"]).position
        let yawIndex = try XCTUnwrap(episode.actionNames.firstIndex(of: "neck_yaw"))
        let pitchIndex = try XCTUnwrap(episode.actionNames.firstIndex(of: "neck_pitch"))
        var last: StepResult?
        for _ in 0..<Int((seconds * 60).rounded()) {
            let camera = try episode.world.robot.framePose("head_camera")
            let local = camera.rotation.conjugate.rotate(feature - camera.position)
            neck.yaw = min(max(neck.yaw + gain * atan2(local.y, local.x), -1.2), 1.2)
            neck.pitch = min(max(neck.pitch + gain * atan2(-local.z, (local.x * local.x + local.y * local.y).squareRoot()), -0.6), 0.9)
            var action = [Double](repeating: 0, count: episode.actionSize)
            action[yawIndex] = neck.yaw
            action[pitchIndex] = neck.pitch
            let result = try episode.step(action)
            last = result
            if result.terminated || result.truncated { break }
        }
        return last
    }

    func testPanelInspectWithThePictureCheckSucceedsWhenTheMarksAreCentred() throws {
        let provider = try makeProvider()
        let episode = try Episode(scene: try panelScene(), seed: 2)
        episode.cameraProvider = provider
        var neck = (yaw: 0.0, pitch: 0.0)
        var result: StepResult?
        for panel in ["panel_left", "panel_center", "panel_right"] {
            result = try look(at: panel, for: 1.5, in: episode, neck: &neck)
            XCTAssertEqual(result?.metrics["image_check"], 1, "the head camera's picture judged the line of sight")
            // The task counts a hold done at hold_seconds less 1e-9: held time is a sum of
            // physics steps (60 steps of 1/120 s come to 0.4999999999999982).
            XCTAssertGreaterThanOrEqual(result?.metrics["held_\(panel)"] ?? 0, 0.5 - 1e-9, "\(result?.metrics ?? [:])")
        }
        XCTAssertEqual(result?.success, true, "\(result?.metrics ?? [:])")
        XCTAssertGreaterThan(episode.world.cameras.renderCounts["head"] ?? 0, 60)
    }

    func testPanelInspectWithThePictureCheckFailsWhenTheMarkIsOccluded() throws {
        let provider = try makeProvider()
        // Without control latency and with a gentler servo, which settles on this mark.
        let steady = "randomization.control_latency_steps=[0, 0]"
        let blocked = try Episode(scene: try panelScene([steady], blocked: true), seed: 2)
        blocked.cameraProvider = provider
        var neck = (yaw: 0.0, pitch: 0.0)
        let result = try XCTUnwrap(look(at: "panel_center", for: 1.5, in: blocked, neck: &neck, gain: 0.2))
        XCTAssertEqual(result.metrics["image_check"], 1)
        XCTAssertEqual(result.metrics["held_panel_center"], 0, "the blocker hides the mark in the picture")
        // The aim itself was right: without a line-of-sight test the same looking counts.
        let blind = try Episode(scene: try panelScene([steady, "task.params.line_of_sight=false"], blocked: true), seed: 2)
        blind.cameraProvider = provider
        var neck2 = (yaw: 0.0, pitch: 0.0)
        let unchecked = try XCTUnwrap(look(at: "panel_center", for: 1.5, in: blind, neck: &neck2, gain: 0.2))
        XCTAssertEqual(unchecked.metrics["image_check"], 0)
        XCTAssertGreaterThanOrEqual(unchecked.metrics["held_panel_center"] ?? 0, 0.5)
        // Without a renderer the geometric check (a ray) is used, and it agrees.
        let geometric = try Episode(scene: try panelScene([steady], blocked: true), seed: 2)
        var neck3 = (yaw: 0.0, pitch: 0.0)
        let ray = try XCTUnwrap(look(at: "panel_center", for: 1.5, in: geometric, neck: &neck3, gain: 0.2))
        XCTAssertEqual(ray.metrics["image_check"], 0)
        XCTAssertEqual(ray.metrics["held_panel_center"], 0)
    }
}
