// CompoundBoxBuilder: boxes placed in one frame, turned into one compound collider plus the
// drawables that show exactly those boxes. Most fixtures are a handful of boxes; building
// them here keeps the collision geometry and what the viewer draws the same by construction.
import Physics
import Robot

/// A list of boxes in one frame (the fixture's, or a link's), with colours.
struct CompoundBoxBuilder {
    struct Box {
        /// Centre in the builder frame, m.
        var center: Vector3
        /// Full sizes x y z, m (each > 0).
        var size: Vector3
        var rotation: Quaternion
        /// RGBA in [0, 1].
        var color: [Double]
    }

    private(set) var boxes: [Box] = []

    /// Adds a box of full `size` (m) centred at `center`, optionally turned by `rotation`.
    mutating func add(center: Vector3, size: Vector3, color: [Double], rotation: Quaternion = .identity) {
        boxes.append(Box(center: center, size: size, rotation: rotation, color: color))
    }

    /// Adds the axis-aligned box spanning the corners `low` and `high` (m).
    mutating func add(from low: Vector3, to high: Vector3, color: [Double]) {
        add(center: (low + high) / 2, size: high - low, color: color)
    }

    /// Total volume, m^3 (overlaps counted twice).
    var volume: Double { boxes.reduce(0) { $0 + $1.size.x * $1.size.y * $1.size.z } }

    /// Centre of a uniform solid made of the boxes, in the builder frame (m).
    var centroid: Vector3 {
        let total = volume
        guard total > 0 else { return .zero }
        return boxes.reduce(Vector3.zero) { $0 + $1.center * ($1.size.x * $1.size.y * $1.size.z) } / total
    }

    /// Diagonal of the inertia tensor (kg m^2) about `origin`, builder axes, for `mass` kg
    /// spread uniformly over the boxes' volume. Good enough for near-symmetric fixtures.
    func inertia(mass: Double, about origin: Vector3) -> Vector3 {
        let total = volume
        guard total > 0 else { return Vector3(1e-4, 1e-4, 1e-4) }
        var sum = Vector3.zero
        for box in boxes {
            let m = mass * box.size.x * box.size.y * box.size.z / total
            let s = box.size
            let own = Vector3((s.y * s.y + s.z * s.z), (s.x * s.x + s.z * s.z), (s.x * s.x + s.y * s.y)) * (m / 12)
            // Rotate the box's principal inertia into the builder axes (diagonal terms only).
            let columns = [Vector3.unitX, .unitY, .unitZ].map { box.rotation.rotate($0) }
            let ownInBuilder = Vector3(
                columns[0].x * columns[0].x * own.x + columns[1].x * columns[1].x * own.y + columns[2].x * columns[2].x * own.z,
                columns[0].y * columns[0].y * own.x + columns[1].y * columns[1].y * own.y + columns[2].y * columns[2].y * own.z,
                columns[0].z * columns[0].z * own.x + columns[1].z * columns[1].z * own.y + columns[2].z * columns[2].z * own.z)
            // Parallel axis: distance from `origin` to the box centre.
            let d = box.center - origin
            sum = sum + ownInBuilder + Vector3(d.y * d.y + d.z * d.z, d.x * d.x + d.z * d.z, d.x * d.x + d.y * d.y) * m
        }
        return Vector3(max(sum.x, 1e-6), max(sum.y, 1e-6), max(sum.z, 1e-6))
    }

    /// One compound collider of all boxes, with child poses relative to `origin` (m, builder
    /// frame): pass the centre of mass for a dynamic body, `.zero` for a static one.
    func shape(in world: World, origin: Vector3 = .zero) throws -> Shape {
        var children: [(shape: Shape, pose: Pose)] = []
        for box in boxes {
            let child = try world.boxShape(halfExtents: box.size / 2)
            children.append((child, Pose(position: box.center - origin, rotation: box.rotation)))
        }
        return try world.compoundShape(children)
    }

    /// Drawables matching `shape(in:origin:)` for body `body` (link `link` of a multibody).
    func drawables(body: Int32, link: Int = -1, origin: Vector3 = .zero) -> [Drawable] {
        boxes.map { box in
            Drawable(body: body, link: link, localPose: Pose(position: box.center - origin, rotation: box.rotation),
                     shape: .box(size: box.size), color: box.color)
        }
    }
}

/// A body made of the builder's boxes, and its drawables.
struct CompoundBody {
    var body: RigidBody
    var drawables: [Drawable]
}

extension CompoundBoxBuilder {
    /// Adds the boxes as one rigid body whose builder frame sits at `pose` (world). With
    /// `mass` 0 the body is static; otherwise it is dynamic, with its centre of mass at the
    /// boxes' centroid and inertia from the boxes.
    func addBody(to world: World, at pose: Pose, mass: Double, material: Material) throws -> CompoundBody {
        if mass <= 0 {
            let body = try world.addBody(RigidBodyDescription(kind: .staticBody, shape: try shape(in: world), pose: pose,
                                                              material: material))
            return CompoundBody(body: body, drawables: drawables(body: body.id))
        }
        let center = centroid
        let body = try world.addBody(RigidBodyDescription(
            kind: .dynamic, shape: try shape(in: world, origin: center), mass: mass,
            inertia: inertia(mass: mass, about: center), pose: pose * Pose(position: center), material: material))
        return CompoundBody(body: body, drawables: drawables(body: body.id, origin: center))
    }
}
