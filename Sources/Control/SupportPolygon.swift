// SupportPolygon: the convex hull (world xy, m) of the points where the feet touch the
// floor — from contact points, or from the sole outlines of the feet in contact — with the
// questions balance control asks of it: is a point inside, how far from the edge, and the
// nearest point inside.
import Foundation
import Physics
import Robot

/// A point of the floor plane (m).
public struct Point2: Sendable, Hashable, CustomStringConvertible {
    public var x: Double
    public var y: Double

    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    public static let zero = Point2(0, 0)
    public static func + (a: Point2, b: Point2) -> Point2 { Point2(a.x + b.x, a.y + b.y) }
    public static func - (a: Point2, b: Point2) -> Point2 { Point2(a.x - b.x, a.y - b.y) }
    public static func * (a: Point2, s: Double) -> Point2 { Point2(a.x * s, a.y * s) }
    public static func * (s: Double, a: Point2) -> Point2 { Point2(a.x * s, a.y * s) }
    public var length: Double { (x * x + y * y).squareRoot() }
    public func dot(_ o: Point2) -> Double { x * o.x + y * o.y }
    /// z of the 3-D cross product.
    public func cross(_ o: Point2) -> Double { x * o.y - y * o.x }
    /// Rotated by `angle` rad counter-clockwise.
    public func rotated(_ angle: Double) -> Point2 {
        Point2(cos(angle) * x - sin(angle) * y, sin(angle) * x + cos(angle) * y)
    }
    public var description: String { String(format: "(%.3f, %.3f)", x, y) }
}

extension Vector3 {
    /// The horizontal part.
    public var xy: Point2 { Point2(x, y) }
}

public struct SupportPolygon: Sendable, Equatable {
    /// Hull vertices, counter-clockwise, no three collinear. May be empty (no contact), one
    /// point or a segment.
    public let vertices: [Point2]

    /// The convex hull of `points` (Andrew's monotone chain).
    public init(points: [Point2]) {
        let sorted = Array(Set(points.filter { $0.x.isFinite && $0.y.isFinite })).sorted { ($0.x, $0.y) < ($1.x, $1.y) }
        guard sorted.count > 2 else {
            vertices = sorted
            return
        }
        var lower: [Point2] = []
        for p in sorted {
            while lower.count >= 2, (lower[lower.count - 1] - lower[lower.count - 2]).cross(p - lower[lower.count - 2]) <= 1e-15 {
                lower.removeLast()
            }
            lower.append(p)
        }
        var upper: [Point2] = []
        for p in sorted.reversed() {
            while upper.count >= 2, (upper[upper.count - 1] - upper[upper.count - 2]).cross(p - upper[upper.count - 2]) <= 1e-15 {
                upper.removeLast()
            }
            upper.append(p)
        }
        vertices = Array(lower.dropLast() + upper.dropLast())
    }

    /// The hull of contact points (world, m): e.g. the contacts of the feet with the floor.
    public init(contacts: [Vector3]) { self.init(points: contacts.map(\.xy)) }

    /// The hull of the sole outlines of the feet in contact, each placed at its foot's world pose.
    public init(feet: [(pose: Pose, sole: SoleOutline)]) {
        self.init(points: feet.flatMap { foot in foot.sole.corners.map { foot.pose.transform($0).xy } })
    }

    public var isEmpty: Bool { vertices.isEmpty }

    /// Area (m²), 0 for fewer than three vertices.
    public var area: Double {
        guard vertices.count > 2 else { return 0 }
        var sum = 0.0
        for i in vertices.indices { sum += vertices[i].cross(vertices[(i + 1) % vertices.count]) }
        return sum / 2
    }

    /// The vertices' mean (m): a point inside.
    public var center: Point2 {
        guard !vertices.isEmpty else { return .zero }
        return vertices.reduce(.zero, +) * (1 / Double(vertices.count))
    }

    /// Signed distance (m) from `point` to the boundary: positive inside, negative outside.
    /// `-infinity` for an empty polygon.
    public func signedDistance(_ point: Point2) -> Double {
        guard !vertices.isEmpty else { return -.infinity }
        let outside = (point - closestBoundaryPoint(point)).length
        guard vertices.count > 2 else { return -outside }
        var inside = Double.infinity
        for i in vertices.indices {
            let a = vertices[i], b = vertices[(i + 1) % vertices.count]
            let edge = b - a
            let d = edge.cross(point - a) / edge.length
            inside = min(inside, d)
        }
        return inside >= 0 ? inside : -outside
    }

    public func contains(_ point: Point2, margin: Double = 0) -> Bool { signedDistance(point) >= margin }

    /// The point of the polygon (boundary included) nearest to `point`: `point` itself when inside.
    public func closestPoint(_ point: Point2) -> Point2 {
        if vertices.count > 2, signedDistance(point) >= 0 { return point }
        return closestBoundaryPoint(point)
    }

    private func closestBoundaryPoint(_ point: Point2) -> Point2 {
        guard vertices.count > 1 else { return vertices.first ?? point }
        var best = vertices[0]
        var bestDistance = Double.infinity
        let count = vertices.count == 2 ? 1 : vertices.count
        for i in 0..<count {
            let a = vertices[i], b = vertices[(i + 1) % vertices.count]
            let edge = b - a
            let t = max(0, min(1, (point - a).dot(edge) / max(edge.dot(edge), 1e-18)))
            let candidate = a + edge * t
            let distance = (point - candidate).length
            if distance < bestDistance {
                best = candidate
                bestDistance = distance
            }
        }
        return best
    }
}

/// The corners of a foot's sole in the foot link's frame (m): the lowest points of its
/// collision shapes (box corners, sphere bottoms…), read from the robot model.
public struct SoleOutline: Sendable, Equatable {
    public var corners: [Vector3]

    public init(corners: [Vector3]) { self.corners = corners }

    /// The sole of `link`: collision points within `tolerance` m of the lowest one along the
    /// link's −z. Nil when the link has no usable collision shapes.
    public init?(model: RobotModel, link: String, tolerance: Double = 0.01) {
        guard let foot = model.link(named: link) else { return nil }
        var points: [Vector3] = []
        for geometry in foot.collisions {
            let o = geometry.origin
            switch geometry.shape {
            case let .box(size):
                for sx in [-0.5, 0.5] { for sy in [-0.5, 0.5] { for sz in [-0.5, 0.5] {
                    points.append(o.transform(Vector3(sx * size.x, sy * size.y, sz * size.z)))
                } } }
            case let .sphere(radius):
                points.append(o.position - Vector3(0, 0, radius))
            case let .cylinder(radius, length), let .capsule(radius, length):
                let cap: Double
                if case .capsule = geometry.shape { cap = radius } else { cap = 0 }
                for end in [-0.5, 0.5] {
                    let c = o.transform(Vector3(0, 0, end * length))
                    for k in 0..<8 {
                        let a = Double(k) * Double.pi / 4
                        points.append(c + o.rotation.rotate(Vector3(radius * cos(a), radius * sin(a), 0)) - Vector3(0, 0, cap))
                    }
                }
            case let .ellipsoid(radii):
                points.append(o.position - Vector3(0, 0, radii.z))
            case .mesh, .plane:
                continue
            }
        }
        guard let lowest = points.map(\.z).min() else { return nil }
        let sole = points.filter { $0.z <= lowest + tolerance }.map { Vector3($0.x, $0.y, lowest) }
        let hull = SupportPolygon(points: sole.map(\.xy)).vertices
        guard !hull.isEmpty else { return nil }
        corners = hull.map { Vector3($0.x, $0.y, lowest) }
    }

    /// Sole centre in the foot frame (m).
    public var center: Vector3 {
        guard !corners.isEmpty else { return .zero }
        return corners.reduce(Vector3.zero, +) / Double(corners.count)
    }

    /// Half extents along the foot's x and y (m), from the centre.
    public var halfExtents: (x: Double, y: Double) {
        let c = center
        return (corners.map { abs($0.x - c.x) }.max() ?? 0, corners.map { abs($0.y - c.y) }.max() ?? 0)
    }
}
