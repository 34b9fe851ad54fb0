// Collision shapes. A shape belongs to one world and may be used by many bodies there.
import BulletShim

/// A collision shape owned by a world. Capsules and cylinders run along their local z.
public final class Shape {
    public let world: World
    /// World-local id; never reused.
    public let id: Int32

    init(world: World, id: Int32) {
        self.world = world
        self.id = id
    }

    /// Principal inertia (kg m^2) of a solid of this shape with `mass` kg.
    public func inertia(mass: Double) throws -> Vector3 {
        try world.withHandle("shape \(id)") { handle in
            var inertia = tgb_vec3()
            try check(tgb_shape_inertia(handle, id, mass, &inertia))
            return Vector3(inertia)
        }
    }
}

extension World {
    private func makeShape(_ what: String, _ create: (OpaquePointer, UnsafeMutablePointer<Int32>) -> Int32) throws -> Shape {
        try withHandle(what) { handle in
            var id: Int32 = 0
            try check(create(handle, &id))
            return Shape(world: self, id: id)
        }
    }

    /// An infinite static plane of points p with dot(normal, p) = offset (m).
    public func planeShape(normal: Vector3 = .unitZ, offset: Double = 0) throws -> Shape {
        try makeShape("plane shape") { tgb_shape_plane($0, normal.shim, offset, $1) }
    }

    /// A box with the given half extents (m), centred on its frame.
    public func boxShape(halfExtents: Vector3) throws -> Shape {
        try makeShape("box shape") { tgb_shape_box($0, halfExtents.shim, $1) }
    }

    public func sphereShape(radius: Double) throws -> Shape {
        try makeShape("sphere shape") { tgb_shape_sphere($0, radius, $1) }
    }

    /// A capsule along local z: `length` is the cylindrical part between the two caps (m).
    public func capsuleShape(radius: Double, length: Double) throws -> Shape {
        try makeShape("capsule shape") { tgb_shape_capsule($0, radius, length, $1) }
    }

    /// A cylinder along local z, `length` m long in total.
    public func cylinderShape(radius: Double, length: Double) throws -> Shape {
        try makeShape("cylinder shape") { tgb_shape_cylinder($0, radius, length, $1) }
    }

    /// The convex hull of `points` (m, shape frame); at least 4 non-coplanar points.
    public func convexHullShape(points: [Vector3]) throws -> Shape {
        let flat = points.flatMap { [$0.x, $0.y, $0.z] }
        return try makeShape("convex hull shape") { handle, out in
            flat.withUnsafeBufferPointer { tgb_shape_convex_hull(handle, $0.baseAddress, Int32(clamping: points.count), out) }
        }
    }

    /// A static triangle mesh (for static bodies only): three indices per triangle.
    public func triangleMeshShape(vertices: [Vector3], indices: [Int32]) throws -> Shape {
        let flat = vertices.flatMap { [$0.x, $0.y, $0.z] }
        return try makeShape("triangle mesh shape") { handle, out in
            flat.withUnsafeBufferPointer { v in
                indices.withUnsafeBufferPointer { i in
                    tgb_shape_triangle_mesh(handle, v.baseAddress, Int32(clamping: vertices.count), i.baseAddress,
                                            Int32(clamping: indices.count), out)
                }
            }
        }
    }

    /// Several shapes of this world placed at poses in one frame.
    public func compoundShape(_ children: [(shape: Shape, pose: Pose)]) throws -> Shape {
        for child in children where child.shape.world !== self {
            throw PhysicsError.invalidArgument("compound child shape \(child.shape.id) belongs to another world")
        }
        let ids = children.map { $0.shape.id }
        let poses = children.map { $0.pose.shim }
        return try makeShape("compound shape") { handle, out in
            ids.withUnsafeBufferPointer { i in
                poses.withUnsafeBufferPointer { p in
                    tgb_shape_compound(handle, i.baseAddress, p.baseAddress, Int32(clamping: children.count), out)
                }
            }
        }
    }
}
