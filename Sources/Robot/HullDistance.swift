// HullDistance: how far points lie outside a small convex hull — the measure of how much
// ConvexHullApproximation shrinks a mesh.
import Physics

extension ConvexHullApproximation {
    /// The largest distance from any of `points` to the convex hull of `hull`, in the
    /// points' units: 0 when every point is inside. For `hull` an inner approximation of
    /// the points' hull, this is how far the approximation shrinks the shape (the one-sided
    /// Hausdorff distance). Meant for small hulls: it finds their faces by brute force, in time growing with
    /// the fourth power of their size (64 points: well under a second).
    public static func maximumDistanceOutside(of points: [Vector3], hull: [Vector3]) -> Double {
        guard !hull.isEmpty else { return .infinity }
        let facets = HullFacets(points: hull)
        var worst = 0.0
        for point in points where point.isFinite {
            worst = max(worst, facets.distance(from: point))
        }
        return worst
    }
}

/// The triangular faces of the convex hull of a small point set, found by brute force
/// (every triple whose plane has all points on one side). Coplanar points give several
/// overlapping triangles per face, which is harmless for distances.
private struct HullFacets {
    struct Facet {
        var a: Vector3, b: Vector3, c: Vector3
        var normal: Vector3
        var offset: Double
    }

    var facets: [Facet] = []
    var tolerance: Double
    /// True when the hull has no volume (all points on a plane, a line or a point).
    var isFlat: Bool

    init(points: [Vector3]) {
        let unique = Array(Set(points)).sorted { ($0.x, $0.y, $0.z) < ($1.x, $1.y, $1.z) }
        let extent = unique.reduce(0.0) { max($0, abs($1.x), abs($1.y), abs($1.z)) }
        tolerance = max(extent, 1e-9) * 1e-9
        var flat = true
        for i in unique.indices {
            for j in (i + 1)..<unique.count {
                for k in (j + 1)..<unique.count {
                    let (a, b, c) = (unique[i], unique[j], unique[k])
                    let normal = (b - a).cross(c - a)
                    guard normal.length > tolerance * tolerance else { continue }
                    let unit = normal.normalized
                    let offset = unit.dot(a)
                    var above = false, below = false
                    for point in unique {
                        let side = unit.dot(point) - offset
                        if side > tolerance { above = true } else if side < -tolerance { below = true }
                        if above && below { break }
                    }
                    if above && below { continue }
                    if above || below { flat = false }
                    if !above { facets.append(Facet(a: a, b: b, c: c, normal: unit, offset: offset)) }
                    if !below { facets.append(Facet(a: a, b: b, c: c, normal: -unit, offset: -offset)) }
                }
            }
        }
        isFlat = flat
        // Fewer than three distinct points, or all collinear: keep degenerate triangles.
        if facets.isEmpty {
            let first = unique.first ?? .zero, last = unique.last ?? .zero
            facets = [Facet(a: first, b: last, c: last, normal: .zero, offset: 0)]
            isFlat = true
        }
    }

    // 0 inside; else the distance to the nearest hull triangle.
    func distance(from point: Vector3) -> Double {
        if !isFlat, facets.allSatisfy({ $0.normal.dot(point) - $0.offset <= tolerance }) { return 0 }
        var nearest = Double.infinity
        for facet in facets {
            nearest = min(nearest, (point - closestPoint(on: facet, to: point)).length)
        }
        return nearest
    }

    // Closest point on triangle abc to p (Ericson, Real-Time Collision Detection, 5.1.5);
    // degenerate (collinear) triangles reduce to the segment a–c.
    private func closestPoint(on facet: Facet, to p: Vector3) -> Vector3 {
        let (a, b, c) = (facet.a, facet.b, facet.c)
        let ab = b - a, ac = c - a, ap = p - a
        if ab.cross(ac).length <= tolerance * tolerance {
            return closestPointOnSegment(a, c, to: p)
        }
        let d1 = ab.dot(ap), d2 = ac.dot(ap)
        if d1 <= 0 && d2 <= 0 { return a }
        let bp = p - b
        let d3 = ab.dot(bp), d4 = ac.dot(bp)
        if d3 >= 0 && d4 <= d3 { return b }
        let vc = d1 * d4 - d3 * d2
        if vc <= 0 && d1 >= 0 && d3 <= 0 { return a + ab * (d1 / (d1 - d3)) }
        let cp = p - c
        let d5 = ab.dot(cp), d6 = ac.dot(cp)
        if d6 >= 0 && d5 <= d6 { return c }
        let vb = d5 * d2 - d1 * d6
        if vb <= 0 && d2 >= 0 && d6 <= 0 { return a + ac * (d2 / (d2 - d6)) }
        let va = d3 * d6 - d5 * d4
        if va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0 {
            return b + (c - b) * ((d4 - d3) / ((d4 - d3) + (d5 - d6)))
        }
        let denominator = 1 / (va + vb + vc)
        return a + ab * (vb * denominator) + ac * (vc * denominator)
    }

    private func closestPointOnSegment(_ a: Vector3, _ b: Vector3, to p: Vector3) -> Vector3 {
        let ab = b - a
        let lengthSquared = ab.dot(ab)
        guard lengthSquared > 0 else { return a }
        let t = min(max((p - a).dot(ab) / lengthSquared, 0), 1)
        return a + ab * t
    }
}
