// Camera: projection, rays, depth linearisation and the viewer's moves (pure math, no GL).
import Foundation
import Physics
import Render
import XCTest

final class CameraTests: XCTestCase {
    let camera = Camera(position: Vector3(2, -1, 1.5), target: Vector3(0, 0, 0.5), near: 0.05, far: 30)

    func testTargetProjectsToThePictureCentreAtItsDistance() throws {
        let projected = try XCTUnwrap(camera.project(camera.target, width: 200, height: 100))
        XCTAssertEqual(projected.x, 100, accuracy: 1e-9)
        XCTAssertEqual(projected.y, 50, accuracy: 1e-9)
        XCTAssertEqual(projected.depth, camera.distance, accuracy: 1e-9)
        XCTAssertNil(camera.project(camera.position - camera.forward, width: 200, height: 100), "behind the eye")
    }

    func testRayThroughAProjectedPointHitsIt() throws {
        let point = Vector3(0.3, 0.4, 0.2)
        let projected = try XCTUnwrap(camera.project(point, width: 320, height: 240))
        let ray = camera.ray(x: projected.x, y: projected.y, width: 320, height: 240)
        let toPoint = (point - ray.origin).normalized
        XCTAssertEqual(toPoint.dot(ray.direction), 1, accuracy: 1e-9)
    }

    func testUpInTheWorldIsUpInThePicture() throws {
        let above = try XCTUnwrap(camera.project(camera.target + Vector3(0, 0, 0.1), width: 100, height: 100))
        XCTAssertLessThan(above.y, 50, "rows count down from the top")
    }

    func testLinearDepthInvertsTheProjection() {
        let projection = camera.projectionMatrix(aspect: 1.5)
        for distance in [0.05, 0.3, 2, 17, 29.9] {
            let clip = projection * SIMD4(0, 0, -distance, 1)
            let windowDepth = (clip.z / clip.w + 1) / 2
            XCTAssertEqual(camera.linearDepth(windowDepth: windowDepth), distance, accuracy: distance * 1e-9)
        }
        XCTAssertEqual(camera.linearDepth(windowDepth: 1), .infinity)
    }

    func testOrbitKeepsTheDistanceAndClampsElevation() {
        var moved = camera
        moved.orbit(azimuth: 0.7, elevation: 0.2)
        XCTAssertEqual(moved.distance, camera.distance, accuracy: 1e-9)
        XCTAssertEqual(moved.target, camera.target)
        moved.orbit(azimuth: 0, elevation: 10)
        let elevation = asin((moved.position.z - moved.target.z) / moved.distance)
        XCTAssertEqual(elevation, 89 * .pi / 180, accuracy: 1e-9)
    }

    func testPanMovesEyeAndTargetTogetherAndZoomScalesDistance() {
        var moved = camera
        moved.pan(right: 0.5, up: 0.25)
        XCTAssertEqual((moved.position - moved.target).length, camera.distance, accuracy: 1e-9)
        XCTAssertEqual((moved.target - camera.target).length, (0.5 * 0.5 + 0.25 * 0.25).squareRoot(), accuracy: 1e-9)
        moved.zoom(0.5)
        XCTAssertEqual(moved.distance, camera.distance / 2, accuracy: 1e-9)
        moved.zoom(1e-9)
        XCTAssertEqual(moved.distance, 0.05, accuracy: 1e-9)
        moved.follow(Vector3(1, 1, 1))
        XCTAssertEqual(moved.target, Vector3(1, 1, 1))
    }

    func testCameraFromPoseLooksAlongItsXAxisWithZUp() throws {
        let pose = Pose(position: Vector3(0, 0, 1), rotation: Quaternion(axis: .unitZ, angle: .pi / 2))
        let sensorCamera = Camera(pose: pose)
        XCTAssertEqual(sensorCamera.forward.y, 1, accuracy: 1e-9)
        let ahead = try XCTUnwrap(sensorCamera.project(Vector3(0, 3, 1.2), width: 100, height: 100))
        XCTAssertEqual(ahead.x, 50, accuracy: 1e-6)
        XCTAssertLessThan(ahead.y, 50)
        let left = try XCTUnwrap(sensorCamera.project(Vector3(-0.5, 3, 1), width: 100, height: 100))
        XCTAssertLessThan(left.x, 50, "the frame's +y (world −x here) is on the left")
    }
}
