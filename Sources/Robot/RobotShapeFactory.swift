// RobotShapeFactory: collision geometry of a model link → one Physics shape (a compound
// when there are several pieces or an offset). Meshes become bounded convex hulls.
import Foundation
import Physics

struct RobotShapeFactory {
    let world: World
    let model: RobotModel
    let maxHullVertices: Int
    let meshCache: MeshCache

    /// The collider for geometry placed in a body's link frame, expressed in the body's
    /// centre-of-mass frame `centerOfMass`; nil when there is nothing to collide with.
    /// `isStatic`: the body never moves (a welded base), so collision meshes stay exact
    /// triangle meshes instead of convex hulls.
    func collider(for geometries: [RobotGeometry], centerOfMass: Pose = .identity, isStatic: Bool = false,
                  notes: inout [ImportNote]) throws -> Shape? {
        var pieces: [(shape: Shape, pose: Pose)] = []
        for geometry in geometries {
            guard let shape = try primitive(geometry.shape, isStatic: isStatic, notes: &notes) else { continue }
            pieces.append((shape, centerOfMass.inverse * geometry.origin))
        }
        if pieces.isEmpty { return nil }
        if pieces.count == 1, pieces[0].pose == .identity { return pieces[0].shape }
        return try world.compoundShape(pieces)
    }

    private func primitive(_ shape: GeometryShape, isStatic: Bool, notes: inout [ImportNote]) throws -> Shape? {
        switch shape {
        case .box(let size):
            return try world.boxShape(halfExtents: size / 2)
        case .sphere(let radius):
            return try world.sphereShape(radius: radius)
        case .cylinder(let radius, let length):
            return try world.cylinderShape(radius: radius, length: length)
        case .capsule(let radius, let length):
            return length > 0 ? try world.capsuleShape(radius: radius, length: length) : try world.sphereShape(radius: radius)
        case .ellipsoid(let radii):
            return try world.convexHullShape(points: Self.ellipsoidPoints(radii))
        case .plane:
            notes.append(ImportNote(file: model.sourceFile, line: 0,
                                    message: "a plane in a robot's collision geometry is left out (floors belong to scenes)"))
            return nil
        case .mesh(let path, let scale) where isStatic:
            let mesh = try meshCache.mesh(at: path).mesh
            let vertices = mesh.vertices.map { Vector3($0.x * scale.x, $0.y * scale.y, $0.z * scale.z) }
            return try world.triangleMeshShape(vertices: vertices, indices: mesh.indices)
        case .mesh(let path, let scale):
            let points = try meshCache.collisionHull(at: path, scale: scale, maxVertices: maxHullVertices)
            return try world.convexHullShape(points: points)
        }
    }

    /// Points on an ellipsoid's surface (a latitude-longitude grid) whose hull stands in
    /// for the ellipsoid; an inner approximation within 4% of its radii.
    static func ellipsoidPoints(_ radii: Vector3) -> [Vector3] {
        var points: [Vector3] = [Vector3(0, 0, radii.z), Vector3(0, 0, -radii.z)]
        let rings = 7, segments = 12
        for ring in 1..<rings {
            let polar = Double.pi * Double(ring) / Double(rings)
            for segment in 0..<segments {
                let azimuth = 2 * Double.pi * Double(segment) / Double(segments)
                points.append(Vector3(radii.x * sin(polar) * cos(azimuth), radii.y * sin(polar) * sin(azimuth),
                                      radii.z * cos(polar)))
            }
        }
        return points
    }
}
