// SupportPolygon: hulls, inside/outside distances and nearest points; sole outlines read
// from collision shapes.
import Foundation
import XCTest
import Physics
import Robot
@testable import Control

final class SupportPolygonTests: XCTestCase {
    func testHullOfASquareWithInnerPoints() {
        let polygon = SupportPolygon(points: [Point2(0, 0), Point2(1, 0), Point2(1, 1), Point2(0, 1), Point2(0.5, 0.5),
                                              Point2(0.2, 0.7), Point2(1, 0.5)])
        XCTAssertEqual(polygon.vertices.count, 4)
        XCTAssertEqual(polygon.area, 1, accuracy: 1e-12)
        XCTAssertEqual(polygon.signedDistance(Point2(0.5, 0.5)), 0.5, accuracy: 1e-12)
        XCTAssertEqual(polygon.signedDistance(Point2(0.9, 0.5)), 0.1, accuracy: 1e-12)
        XCTAssertEqual(polygon.signedDistance(Point2(2, 0.5)), -1, accuracy: 1e-12)
        XCTAssertEqual(polygon.signedDistance(Point2(2, 2)), -2.squareRoot(), accuracy: 1e-12)
        XCTAssertTrue(polygon.contains(Point2(0.5, 0.5), margin: 0.4))
        XCTAssertFalse(polygon.contains(Point2(0.5, 0.95), margin: 0.1))
        XCTAssertEqual(polygon.closestPoint(Point2(3, 0.25)), Point2(1, 0.25))
        XCTAssertEqual(polygon.closestPoint(Point2(0.3, 0.3)), Point2(0.3, 0.3))
    }

    func testDegenerateHulls() {
        XCTAssertTrue(SupportPolygon(points: []).isEmpty)
        XCTAssertEqual(SupportPolygon(points: []).signedDistance(.zero), -.infinity)
        let point = SupportPolygon(points: [Point2(1, 1), Point2(1, 1)])
        XCTAssertEqual(point.vertices.count, 1)
        XCTAssertEqual(point.signedDistance(Point2(1, 2)), -1, accuracy: 1e-12)
        let segment = SupportPolygon(points: [Point2(0, 0), Point2(2, 0), Point2(1, 0)])
        XCTAssertEqual(segment.vertices.count, 2)
        XCTAssertEqual(segment.signedDistance(Point2(1, 0.5)), -0.5, accuracy: 1e-12)
        XCTAssertEqual(segment.closestPoint(Point2(1, 0.5)), Point2(1, 0))
        // NaN points are ignored.
        XCTAssertEqual(SupportPolygon(points: [Point2(.nan, 0), Point2(0, 0)]).vertices.count, 1)
    }

    func testSoleOutlinesFromCollisionShapes() throws {
        let model = try ControlTestSupport.humanoid()
        let sole = try XCTUnwrap(SoleOutline(model: model, link: "left_foot"))
        // A 0.24 × 0.11 box centred 0.035 m ahead of the ankle, its bottom 0.07 m down.
        XCTAssertEqual(sole.corners.count, 4)
        XCTAssertEqual(sole.center.x, 0.035, accuracy: 1e-9)
        XCTAssertEqual(sole.center.z, -0.07, accuracy: 1e-9)
        XCTAssertEqual(sole.halfExtents.x, 0.12, accuracy: 1e-9)
        XCTAssertEqual(sole.halfExtents.y, 0.055, accuracy: 1e-9)
        XCTAssertNil(SoleOutline(model: model, link: "imu"), "a link without shapes has no sole")
    }

    func testTwoFeetMakeOneHull() throws {
        let model = try ControlTestSupport.humanoid()
        let profile = try RobotProfile.load(path: ControlTestSupport.profilePath)
        let layout = try LegLayout(model: model, profile: profile, nominal: profile.standingPose)
        let left = FootPlacement(position: Point2(0, 0.1), yaw: 0)
        let right = FootPlacement(position: Point2(0, -0.1), yaw: 0)
        let both = layout.supportPolygon([(.left, left), (.right, right)])
        XCTAssertEqual(both.vertices.count, 4)
        XCTAssertEqual(both.area, 0.24 * 0.31, accuracy: 1e-9)
        XCTAssertEqual(both.signedDistance(.zero), 0.12, accuracy: 1e-9)
        let one = layout.supportPolygon([(.left, left)])
        XCTAssertFalse(one.contains(.zero))
        XCTAssertEqual(one.signedDistance(.zero), -0.045, accuracy: 1e-9)
        // A turned foot turns its sole.
        let turned = layout.supportPolygon([(.left, FootPlacement(position: .zero, yaw: Double.pi / 2))])
        XCTAssertEqual(turned.signedDistance(Point2(0.05, 0)), 0.005, accuracy: 1e-9)
    }
}
