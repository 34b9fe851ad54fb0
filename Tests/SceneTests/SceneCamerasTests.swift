// SceneCameras and CameraSpec: the `cameras:` section decodes (attached, look_at, yaw/pitch,
// defaults), every mistake names file:line:key, attach frames are checked against the
// robot, the profile's head camera is there as `head`, and rates decide when a picture is due.
import Foundation
import Physics
import XCTest
@testable import Scene

final class SceneCamerasTests: XCTestCase {
    private func scene(cameras: String) -> String {
        minimalScene + "\ncameras:\n" + cameras
    }

    func testCamerasDecodeWithDefaults() throws {
        let spec = try SceneFileLoader.decode(yaml: scene(cameras: """
              - name: top
                position: [0, 0, 2]
                look_at: [0, 0, 0]
                channels: [depth, segmentation]
                rate_hz: 10
              - name: wrist
                attach: left_palm
                position: [0.05, 0, 0]
                pitch: 0.5
            """), file: "cams.yaml")
        XCTAssertEqual(spec.cameras.count, 2)
        let top = spec.cameras[0]
        XCTAssertEqual(top.channels, [.depth, .segmentation])
        XCTAssertEqual(top.rateHz, 10)
        XCTAssertEqual(top.width, CameraSpec.defaultSize)
        XCTAssertEqual(top.fovDegrees, 60)
        XCTAssertEqual(top.line, 6)
        // look_at straight down: the line of sight (+x of the camera frame) is −z.
        let sight = top.rotation.rotate(.unitX)
        XCTAssertEqual(sight.z, -1, accuracy: 1e-12)
        let wrist = spec.cameras[1]
        XCTAssertEqual(wrist.attach, "left_palm")
        XCTAssertEqual(wrist.channels, CameraChannel.allCases)
        XCTAssertEqual(wrist.localPose.rotation.rotate(.unitX).z, -sin(0.5), accuracy: 1e-12, "positive pitch looks down")
    }

    func testBadCameraKeysNameFileLineAndKey() {
        assertSceneError("cams.yaml:8: cameras[0].fov_degree: unknown key 'fov_degree' (did you mean 'fov_degrees'?)") {
            try SceneFileLoader.decode(yaml: scene(cameras: "  - name: a\n    position: [0, 0, 1]\n    fov_degree: 50\n"),
                                       file: "cams.yaml")
        }
        assertSceneError("cams.yaml:8: cameras[0].fov_degrees: must be in (0, 180) degrees, got 190.0") {
            try SceneFileLoader.decode(yaml: scene(cameras: "  - name: a\n    position: [0, 0, 1]\n    fov_degrees: 190\n"),
                                       file: "cams.yaml")
        }
        assertSceneError("cams.yaml:8: cameras[0].width: must be 1…4096 pixels, got 0") {
            try SceneFileLoader.decode(yaml: scene(cameras: "  - name: a\n    position: [0, 0, 1]\n    width: 0\n"), file: "cams.yaml")
        }
        assertSceneError("cams.yaml:8: cameras[0].channels[1]: expected one of rgb, depth, segmentation, got \"dept\" (did you mean 'depth'?)") {
            try SceneFileLoader.decode(yaml: scene(cameras: "  - name: a\n    position: [0, 0, 1]\n    channels: [rgb, dept]\n"),
                                       file: "cams.yaml")
        }
        assertSceneError("cams.yaml:6: cameras[0]: a camera needs attach (a robot frame) or a position") {
            try SceneFileLoader.decode(yaml: scene(cameras: "  - name: a\n    look_at: [0, 0, 1]\n"), file: "cams.yaml")
        }
        assertSceneError("cams.yaml:8: cameras[0].look_at: an attached camera looks along its frame; turn it with yaw and pitch") {
            try SceneFileLoader.decode(yaml: scene(cameras: "  - name: a\n    attach: head\n    look_at: [1, 0, 1]\n"),
                                       file: "cams.yaml")
        }
        assertSceneError("cams.yaml:9: cameras[0].far: must be more than near (0.5 m), got 0.1") {
            try SceneFileLoader.decode(yaml: scene(cameras: "  - name: a\n    position: [0, 0, 1]\n    near: 0.5\n    far: 0.1\n"),
                                       file: "cams.yaml")
        }
    }

    func testAttachFramesAreCheckedAndTheHeadCameraIsThereByDefault() throws {
        let robotScene = """
            format: 1
            name: cams
            robot:
              file: builtin:tg_humanoid
            fixtures:
              - type: floor
                name: floor
            task:
              name: stand_push
            cameras:
            """
        let file = FileManager.default.currentDirectoryPath + "/Scenes/cams.yaml"
        assertSceneError("\(file):11: cameras[0].attach: robot tg_humanoid has no frame or link named 'head_camra' (did you mean 'head_camera'?)") {
            try SceneWorld(spec: try SceneFileLoader.decode(yaml: robotScene + "\n  - name: a\n    attach: head_camra\n", file: file),
                           seed: 0)
        }
        assertSceneError("\(file):13: cameras[1].name: a camera named 'a' already exists") {
            try SceneWorld(spec: try SceneFileLoader.decode(
                yaml: robotScene + "\n  - name: a\n    position: [0, 0, 1]\n  - name: a\n    position: [0, 0, 2]\n", file: file), seed: 0)
        }
        let world = try SceneWorld(spec: try SceneFileLoader.decode(
            yaml: robotScene + "\n  - name: top\n    position: [0, 0, 3]\n    yaw: 0\n    pitch: 1.5707963267948966\n", file: file),
            seed: 0)
        XCTAssertEqual(world.cameras.names, ["top", "head"])
        let head = try XCTUnwrap(world.cameras.camera(named: "head"))
        XCTAssertTrue(head.isDefault)
        XCTAssertEqual(head.spec.attach, "head_camera")
        XCTAssertEqual(head.housing?.body, world.robot.body.id)
        let headPose = try head.pose(in: world)
        let framePose = try world.robot.framePose("head_camera")
        XCTAssertEqual((headPose.position - framePose.position).length, 0, accuracy: 1e-12)
        XCTAssertFalse(world.cameras.canRender)
        XCTAssertThrowsError(try world.cameraFrame("head", at: 0)) { error in
            XCTAssertEqual(error as? CameraError, .noRenderer(camera: "head"))
        }
        XCTAssertThrowsError(try world.cameraFrame("nope", at: 0)) { error in
            XCTAssertEqual("\(error)", "no camera named 'nope' (cameras: top, head)")
        }
        // A scene camera named `head` replaces the default one.
        let replaced = try SceneWorld(spec: try SceneFileLoader.decode(
            yaml: robotScene + "\n  - name: head\n    attach: torso\n", file: file), seed: 0)
        XCTAssertEqual(replaced.cameras.names, ["head"])
        XCTAssertEqual(replaced.cameras.camera(named: "head")?.isDefault, false)
    }

    func testRateSlotsDecideWhenAPictureIsDue() {
        var camera = SceneCamera(spec: CameraSpec(name: "c", position: .zero, rateHz: 20), isDefault: false)
        XCTAssertTrue(camera.isDue(at: 0, last: nil))
        XCTAssertFalse(camera.isDue(at: 0, last: 0), "the same instant never renders twice")
        XCTAssertFalse(camera.isDue(at: 1.0 / 60, last: 0))
        XCTAssertFalse(camera.isDue(at: 2.0 / 60, last: 0))
        XCTAssertTrue(camera.isDue(at: 3.0 / 60, last: 0))
        XCTAssertFalse(camera.isDue(at: 5.0 / 60, last: 4.0 / 60))
        XCTAssertTrue(camera.isDue(at: 6.0 / 60, last: 5.0 / 60))
        camera.spec.rateHz = 0
        XCTAssertTrue(camera.isDue(at: 1.0 / 60, last: 0), "rate 0: every new time")
    }
}
