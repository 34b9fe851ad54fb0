// CameraSensor: mounting, rate, and the pictures it captures.
import Foundation
import Physics
import Render
import Scene
import XCTest

final class CameraSensorTests: XCTestCase {
    func testBodyMountFollowsTheBody() {
        let offset = Pose(position: Vector3(0.1, 0, 0.2))
        let sensor = CameraSensor(name: "head", mount: .body(4, link: 2, offset: offset))
        XCTAssertEqual(sensor.mountBody?.body, 4)
        XCTAssertEqual(sensor.mountBody?.link, 2)
        let bodyPose = Pose(position: Vector3(1, 2, 1), rotation: Quaternion(axis: .unitZ, angle: .pi / 2))
        let pose = sensor.pose(mountPose: bodyPose)
        XCTAssertEqual(pose.position.x, 1, accuracy: 1e-9)
        XCTAssertEqual(pose.position.y, 2.1, accuracy: 1e-9)
        XCTAssertEqual(pose.position.z, 1.2, accuracy: 1e-9)
        XCTAssertEqual(sensor.camera(mountPose: bodyPose).forward.y, 1, accuracy: 1e-9)
        XCTAssertNil(CameraSensor(name: "fixed", mount: .world(.identity)).mountBody)
    }

    func testRateDecidesWhenAPictureIsDue() {
        let sensor = CameraSensor(name: "c", mount: .world(.identity), rate: 10)
        XCTAssertTrue(sensor.isDue(at: 0, lastCapture: nil))
        XCTAssertFalse(sensor.isDue(at: 0.05, lastCapture: 0))
        XCTAssertTrue(sensor.isDue(at: 0.1, lastCapture: 0))
        var everyStep = sensor
        everyStep.rate = 0
        XCTAssertTrue(everyStep.isDue(at: 0, lastCapture: 0))
    }

    // A world-fixed camera 2 m above the floor, looking down (camera frame pitched 90°).
    func testCaptureProducesEachRequestedPictureAtTheSensorSize() throws {
        let offscreen = try makeOffscreenRenderer()
        let lookingDown = Pose(position: Vector3(0, 0, 2), rotation: Quaternion(axis: .unitY, angle: .pi / 2))
        var sensor = CameraSensor(name: "overhead", mount: .world(lookingDown), width: 40, height: 30)
        let frame = scene([(Drawable(body: 2, shape: .plane, color: [0.7, 0.7, 0.7, 1]), .identity)])
        let images = try sensor.capture(frame, using: offscreen)
        let depth = try XCTUnwrap(images.depth)
        XCTAssertEqual(depth.width, 40)
        XCTAssertEqual(depth.height, 30)
        XCTAssertEqual(Double(depth[20, 15]), 2, accuracy: 0.02)
        XCTAssertTrue(try XCTUnwrap(images.segmentation).bodyIDs.allSatisfy { $0 == 2 })
        XCTAssertEqual(try XCTUnwrap(images.rgb).pixels.count, 40 * 30 * 3)

        sensor.outputs = [.depth]
        let depthOnly = try sensor.capture(frame, using: offscreen)
        XCTAssertNil(depthOnly.rgb)
        XCTAssertNotNil(depthOnly.depth)
    }
}
