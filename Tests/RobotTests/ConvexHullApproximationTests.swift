// ConvexHullApproximation: bounded, deterministic hull vertices, and how far the bounded
// hull shrinks the real G1 meshes.
import Foundation
import Physics
import XCTest
@testable import Robot

final class ConvexHullApproximationTests: XCTestCase {
    // A reproducible cloud: points of a unit sphere (radius 1) from a fixed generator.
    private func spherePoints(_ count: Int) -> [Vector3] {
        var state: UInt64 = 42
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        return (0..<count).map { _ in
            let z = 2 * next() - 1, azimuth = 2 * Double.pi * next()
            let radius = (1 - z * z).squareRoot()
            return Vector3(radius * cos(azimuth), radius * sin(azimuth), z)
        }
    }

    func testCubeWithInteriorPointsGivesExactlyItsEightCorners() {
        var points: [Vector3] = []
        for x in [-0.1, 0.1] { for y in [-0.2, 0.2] { for z in [-0.3, 0.3] { points.append(Vector3(x, y, z)) } } }
        let corners = Set(points)
        points += spherePoints(500).map { $0 * 0.09 }
        points.append(Vector3(0.1, 0, 0))   // on a face, not a vertex
        let hull = ConvexHullApproximation.vertices(of: points)
        XCTAssertEqual(Set(hull), corners)
        XCTAssertEqual(hull.count, 8)
        XCTAssertEqual(ConvexHullApproximation.maximumDistanceOutside(of: points, hull: hull), 0, accuracy: 1e-12)
    }

    func testBoundedDeterministicAndDrawnFromTheInput() {
        let points = spherePoints(3000)
        let hull = ConvexHullApproximation.vertices(of: points, maxVertices: 64)
        XCTAssertEqual(hull.count, 64)
        XCTAssertEqual(Set(hull).count, 64)
        XCTAssertTrue(Set(points).isSuperset(of: hull))
        XCTAssertEqual(ConvexHullApproximation.vertices(of: points, maxVertices: 64), hull)
        XCTAssertEqual(ConvexHullApproximation.vertices(of: points, maxVertices: 16).count, 16)
        // The bounding-box extremes are always among them.
        for direction in (0..<6).map(ConvexHullApproximation.supportDirection) {
            XCTAssertEqual(hull.map { $0.dot(direction) }.max(), points.map { $0.dot(direction) }.max())
        }
        // 64 points of a unit sphere: the inscribed hull reaches within 0.1 of every point.
        let shrink = ConvexHullApproximation.maximumDistanceOutside(of: points, hull: hull)
        XCTAssertGreaterThan(shrink, 0)
        XCTAssertLessThan(shrink, 0.1)
        // A bigger budget hugs the sphere more closely.
        let finer = ConvexHullApproximation.vertices(of: points, maxVertices: 128)
        XCTAssertLessThan(ConvexHullApproximation.maximumDistanceOutside(of: points, hull: finer), shrink)
    }

    func testDegenerateInputs() {
        XCTAssertEqual(ConvexHullApproximation.vertices(of: []), [])
        XCTAssertEqual(ConvexHullApproximation.vertices(of: [Vector3(1, 2, 3)]), [Vector3(1, 2, 3)])
        XCTAssertEqual(ConvexHullApproximation.vertices(of: [Vector3(1, 2, 3), Vector3(.nan, 0, 0)]), [Vector3(1, 2, 3)])
        let segment = (0...10).map { Vector3(Double($0) / 10, 0, 0) }
        XCTAssertEqual(Set(ConvexHullApproximation.vertices(of: segment)), [Vector3(0, 0, 0), Vector3(1, 0, 0)])
        XCTAssertEqual(ConvexHullApproximation.vertices(of: spherePoints(100), maxVertices: 0), [])
    }

    func testSupportDirectionsAreUnitAndStartWithTheAxes() {
        XCTAssertEqual((0..<6).map(ConvexHullApproximation.supportDirection),
                       [.unitX, -.unitX, .unitY, -.unitY, .unitZ, -.unitZ])
        for index in 6..<500 {
            XCTAssertEqual(ConvexHullApproximation.supportDirection(index).length, 1, accuracy: 1e-12)
        }
    }

    func testMaximumDistanceOutsideOfAUnitCube() {
        var cube: [Vector3] = []
        for x in [0.0, 1] { for y in [0.0, 1] { for z in [0.0, 1] { cube.append(Vector3(x, y, z)) } } }
        let distance = { ConvexHullApproximation.maximumDistanceOutside(of: [$0], hull: cube) }
        XCTAssertEqual(distance(Vector3(0.5, 0.5, 0.5)), 0)
        XCTAssertEqual(distance(Vector3(2, 0.5, 0.5)), 1, accuracy: 1e-12)       // off a face
        XCTAssertEqual(distance(Vector3(2, 2, 0.5)), 2.0.squareRoot(), accuracy: 1e-12)   // off an edge
        XCTAssertEqual(distance(Vector3(-1, -1, -1)), 3.0.squareRoot(), accuracy: 1e-12)  // off a corner
        // A flat hull (a unit square): points beside it in its plane are outside too.
        let square = cube.filter { $0.z == 0 }
        XCTAssertEqual(ConvexHullApproximation.maximumDistanceOutside(of: [Vector3(2, 0.5, 0)], hull: square), 1,
                       accuracy: 1e-12)
    }

    /// The shrink figure quoted in ConvexHullApproximation's documentation: every G1 link
    /// mesh, 64 hull points, the farthest mesh vertex from the approximate hull.
    func testShrinkOnTheG1MeshesIsAFewMillimetres() throws {
        var rows: [(name: String, vertices: Int, hull: Int, shrink: Double, diagonal: Double)] = []
        for file in try MeshTestAssets.g1Meshes() {
            let points = Array(Set(try MeshLoader.load(path: file).mesh.vertices))
            let hull = ConvexHullApproximation.vertices(of: points)
            XCTAssertEqual(hull.count, ConvexHullApproximation.defaultMaxVertices, file)
            let shrink = ConvexHullApproximation.maximumDistanceOutside(of: points, hull: hull)
            let low = points.reduce(points[0]) { Vector3(min($0.x, $1.x), min($0.y, $1.y), min($0.z, $1.z)) }
            let high = points.reduce(points[0]) { Vector3(max($0.x, $1.x), max($0.y, $1.y), max($0.z, $1.z)) }
            rows.append(((file as NSString).lastPathComponent, points.count, hull.count, shrink, (high - low).length))
            XCTAssertLessThan(shrink, 0.005, "under 5 mm: \(file)")
            XCTAssertLessThan(shrink, 0.025 * (high - low).length, "under 2.5% of the diagonal: \(file)")
        }
        let sorted = rows.map(\.shrink).sorted()
        let worst = try XCTUnwrap(rows.max { $0.shrink < $1.shrink })
        let worstRelative = try XCTUnwrap(rows.max { $0.shrink / $0.diagonal < $1.shrink / $1.diagonal })
        print("G1 hull shrink, 64 points (mesh, unique vertices, hull points, shrink mm, % of bbox diagonal):")
        for row in rows {
            print("  " + row.name.padding(toLength: 30, withPad: " ", startingAt: 0)
                + String(format: "%6d %3d %6.2f mm %5.2f %%", row.vertices, row.hull, row.shrink * 1000,
                         100 * row.shrink / row.diagonal))
        }
        print(String(format: "  worst %.2f mm (%@), median %.2f mm, worst relative %.2f %% (%@)",
                     worst.shrink * 1000, worst.name, sorted[sorted.count / 2] * 1000,
                     100 * worstRelative.shrink / worstRelative.diagonal, worstRelative.name))
    }
}
