// GeometryCache: the GPU meshes behind every GeometryShape — unit primitives tessellated
// once per level of detail, capsules once per size and level, mesh files uploaded once per
// path — and the scale that turns each into the shape asked for.
import Physics
import Robot

/// A shape ready to draw: the GPU mesh and the per-axis scale to put in the model matrix.
struct ResolvedGeometry {
    let mesh: GPUMesh
    let scale: Vector3
    /// The shape's bounding radius about its frame origin after scaling (m); infinite for planes.
    let boundingRadius: Double
}

/// GPU meshes for shapes, created on first use and kept until `release()`. Lives with
/// one GL context. Mesh files that fail to load are reported once in `warnings` and then
/// skipped, so one bad file never stops a frame.
final class GeometryCache {
    private enum Key: Hashable {
        case box, plane
        case sphere(segments: Int)
        case cylinder(segments: Int)
        case capsule(radius: Double, length: Double, segments: Int)
        case mesh(path: String)
    }

    private var meshes: [Key: GPUMesh] = [:]
    private var failedPaths: Set<String> = []
    /// One line per mesh file that could not be loaded, oldest first.
    private(set) var warnings: [String] = []

    /// The mesh and scale for `shape`; nil for a mesh file that cannot be loaded.
    /// Planes are drawn as squares `planeHalfExtent` metres from their origin to each side.
    /// Round shapes get just enough segments for their size on screen, where one metre at
    /// the shape spans `pixelsPerMetre` pixels (infinite: the finest level).
    func resolve(_ shape: GeometryShape, planeHalfExtent: Double, pixelsPerMetre: Double) -> ResolvedGeometry? {
        func segments(_ radius: Double) -> Int {
            PrimitiveTessellator.segments(forRadiusInPixels: abs(radius) * pixelsPerMetre)
        }
        switch shape {
        case .box(let size):
            let mesh = cached(.box) { PrimitiveTessellator.unitBox() }
            return ResolvedGeometry(mesh: mesh, scale: size, boundingRadius: size.length / 2)
        case .sphere(let radius):
            let level = segments(radius)
            let mesh = cached(.sphere(segments: level)) { PrimitiveTessellator.unitSphere(segments: level) }
            return ResolvedGeometry(mesh: mesh, scale: Vector3(radius, radius, radius), boundingRadius: abs(radius))
        case .ellipsoid(let radii):
            let largest = max(abs(radii.x), abs(radii.y), abs(radii.z))
            let level = segments(largest)
            let mesh = cached(.sphere(segments: level)) { PrimitiveTessellator.unitSphere(segments: level) }
            return ResolvedGeometry(mesh: mesh, scale: radii, boundingRadius: largest)
        case .cylinder(let radius, let length):
            let level = segments(radius)
            let mesh = cached(.cylinder(segments: level)) { PrimitiveTessellator.unitCylinder(segments: level) }
            return ResolvedGeometry(mesh: mesh, scale: Vector3(radius, radius, length),
                                    boundingRadius: (radius * radius + length * length / 4).squareRoot())
        case .capsule(let radius, let length):
            let level = segments(radius)
            let mesh = cached(.capsule(radius: radius, length: length, segments: level)) {
                PrimitiveTessellator.capsule(radius: radius, length: length, segments: level)
            }
            return ResolvedGeometry(mesh: mesh, scale: Vector3(1, 1, 1), boundingRadius: abs(radius) + abs(length) / 2)
        case .plane:
            let mesh = cached(.plane) { PrimitiveTessellator.unitPlane() }
            return ResolvedGeometry(mesh: mesh, scale: Vector3(planeHalfExtent, planeHalfExtent, 1), boundingRadius: .infinity)
        case .mesh(let path, let scale):
            guard let mesh = meshFile(path) else { return nil }
            let largest = max(abs(scale.x), abs(scale.y), abs(scale.z))
            return ResolvedGeometry(mesh: mesh, scale: scale, boundingRadius: mesh.boundingRadius * largest)
        }
    }

    /// Frees every GPU mesh (the owning context must be current).
    func release() {
        meshes.values.forEach { $0.release() }
        meshes.removeAll()
    }

    // The mesh file at `path` through MeshCache.shared, uploaded on first use.
    private func meshFile(_ path: String) -> GPUMesh? {
        if let known = meshes[.mesh(path: path)] { return known }
        guard !failedPaths.contains(path) else { return nil }
        do {
            let loaded = try MeshCache.shared.mesh(at: path)
            let mesh = GPUMesh(MeshGeometry(loaded.mesh))
            meshes[.mesh(path: path)] = mesh
            return mesh
        } catch {
            failedPaths.insert(path)
            warnings.append("mesh \(path) not drawn: \(error)")
            return nil
        }
    }

    private func cached(_ key: Key, _ build: () -> MeshGeometry) -> GPUMesh {
        if let known = meshes[key] { return known }
        let mesh = GPUMesh(build())
        meshes[key] = mesh
        return mesh
    }
}
