// LegClearance: how far apart (m) the two legs' collision shapes are, for checking that
// stepping keeps the legs apart — and, with self-collision off (robot.self_collision:
// false), for seeing how far the simulator let them pass through each other.
//
// Every collision shape of a leg link (the links below the hip joints) is approximated by a
// capsule: a cylinder or capsule by itself, a sphere by a point with its radius, a box by a
// capsule along its longest axis with the radius of half its middle extent (a foot box's
// rounded edges stand in for its corners); other shapes (meshes, ellipsoids) are left out.
// The clearance is the least surface distance
// between a left-leg capsule and a right-leg capsule (negative: overlapping).
import Foundation
import Physics
import Robot

public struct LegClearance: Sendable {
    struct Capsule: Sendable {
        var link: String
        var a: Vector3, b: Vector3  // segment ends in the link frame (m)
        var radius: Double
    }

    let kinematics: KinematicModel
    let capsules: [[Capsule]]  // per FootSide

    public init(layout: LegLayout) {
        kinematics = layout.kinematics
        let model = layout.kinematics.model
        capsules = layout.legJoints.map { joints in
            let links = joints.compactMap { model.joint(named: $0)?.child }
            return links.flatMap { name -> [Capsule] in
                guard let link = model.link(named: name) else { return [] }
                return link.collisions.compactMap { Self.capsule(link: name, geometry: $0) }
            }
        }
    }

    static func capsule(link: String, geometry: RobotGeometry) -> Capsule? {
        let o = geometry.origin
        switch geometry.shape {
        case let .cylinder(radius, length), let .capsule(radius, length):
            return Capsule(link: link, a: o.transform(Vector3(0, 0, -length / 2)), b: o.transform(Vector3(0, 0, length / 2)),
                           radius: radius)
        case let .sphere(radius):
            return Capsule(link: link, a: o.position, b: o.position, radius: radius)
        case let .box(size):
            let extents = [size.x, size.y, size.z]
            let order = extents.indices.sorted { extents[$0] > extents[$1] }
            let radius = extents[order[1]] / 2
            let half = max(0, extents[order[0]] / 2 - radius)
            var axis = [0.0, 0.0, 0.0]
            axis[order[0]] = half
            let direction = Vector3(axis[0], axis[1], axis[2])
            return Capsule(link: link, a: o.transform(direction * -1), b: o.transform(direction), radius: radius)
        default:
            return nil
        }
    }

    /// Least distance (m) between the legs' shapes at joint coordinates `q` (the layout's IK
    /// coordinates; the base pose does not matter).
    public func clearance(q: [Double]) -> Double { closest(q: q).distance }

    /// The least distance and the two links (left leg, right leg) it is between.
    public func closest(q: [Double]) -> (distance: Double, left: String, right: String) {
        let poses = kinematics.linkPoses(q: q, base: .identity)
        func world(_ side: Int) -> [(Vector3, Vector3, Double, String)] {
            capsules[side].compactMap { c in
                poses[c.link].map { ($0.transform(c.a), $0.transform(c.b), c.radius, c.link) }
            }
        }
        let left = world(0), right = world(1)
        var least = (distance: Double.infinity, left: "", right: "")
        for l in left {
            for r in right {
                let distance = Self.segmentDistance(l.0, l.1, r.0, r.1) - l.2 - r.2
                if distance < least.distance { least = (distance, l.3, r.3) }
            }
        }
        return least
    }

    /// Least distance between segments p1–q1 and p2–q2 (closest points by clamped
    /// parameters, as in Ericson's Real-Time Collision Detection, 5.1.9).
    static func segmentDistance(_ p1: Vector3, _ q1: Vector3, _ p2: Vector3, _ q2: Vector3) -> Double {
        let d1 = q1 - p1, d2 = q2 - p2, r = p1 - p2
        let a = d1.dot(d1), e = d2.dot(d2), f = d2.dot(r)
        var s = 0.0, t = 0.0
        if a <= 1e-12 && e <= 1e-12 {
            return r.length
        }
        if a <= 1e-12 {
            t = min(max(f / e, 0), 1)
        } else {
            let c = d1.dot(r)
            if e <= 1e-12 {
                s = min(max(-c / a, 0), 1)
            } else {
                let b = d1.dot(d2)
                let denominator = a * e - b * b
                s = denominator > 1e-12 ? min(max((b * f - c * e) / denominator, 0), 1) : 0
                t = (b * s + f) / e
                if t < 0 {
                    t = 0
                    s = min(max(-c / a, 0), 1)
                } else if t > 1 {
                    t = 1
                    s = min(max((b - c) / a, 0), 1)
                }
            }
        }
        return ((p1 + d1 * s) - (p2 + d2 * t)).length
    }
}
