// MeshGeometry: triangles ready for the GPU — interleaved positions and normals as floats,
// 32-bit indices — built by the tessellator or converted from a loaded mesh file.
import Physics
import Robot

/// Triangles with one normal per vertex, in the geometry's own frame (m).
struct MeshGeometry {
    /// Six floats per vertex: position x y z, then unit normal x y z.
    var vertexData: [Float] = []
    /// Three indices per triangle, counter-clockwise seen from outside.
    var indices: [UInt32] = []

    var vertexCount: Int { vertexData.count / 6 }

    /// Appends a vertex and returns its index.
    @discardableResult
    mutating func add(_ position: Vector3, normal: Vector3) -> UInt32 {
        let n = normal.normalized
        vertexData += [Float(position.x), Float(position.y), Float(position.z), Float(n.x), Float(n.y), Float(n.z)]
        return UInt32(vertexCount - 1)
    }

    mutating func triangle(_ a: UInt32, _ b: UInt32, _ c: UInt32) {
        indices += [a, b, c]
    }

    /// Distance from the frame origin to the farthest vertex (m).
    var boundingRadius: Double {
        var largest: Float = 0
        for vertex in 0..<vertexCount {
            let x = vertexData[vertex * 6], y = vertexData[vertex * 6 + 1], z = vertexData[vertex * 6 + 2]
            largest = max(largest, x * x + y * y + z * z)
        }
        return Double(largest.squareRoot())
    }

    /// The triangles of a mesh file. Its per-vertex normals are used when present;
    /// otherwise each vertex gets the area-weighted average of its triangles' normals.
    /// Indices outside the vertex list drop their triangle.
    init(_ mesh: TriangleMesh) {
        let vertexCount = mesh.vertices.count
        var normals = mesh.normals
        if normals.count != vertexCount {
            normals = Array(repeating: .zero, count: vertexCount)
            for start in stride(from: 0, to: mesh.indices.count - 2, by: 3) {
                let a = Int(mesh.indices[start]), b = Int(mesh.indices[start + 1]), c = Int(mesh.indices[start + 2])
                guard a >= 0, b >= 0, c >= 0, a < vertexCount, b < vertexCount, c < vertexCount else { continue }
                let faceNormal = (mesh.vertices[b] - mesh.vertices[a]).cross(mesh.vertices[c] - mesh.vertices[a])
                normals[a] = normals[a] + faceNormal
                normals[b] = normals[b] + faceNormal
                normals[c] = normals[c] + faceNormal
            }
        }
        vertexData.reserveCapacity(vertexCount * 6)
        for (position, normal) in zip(mesh.vertices, normals) {
            add(position, normal: normal)
        }
        indices.reserveCapacity(mesh.indices.count)
        for start in stride(from: 0, to: mesh.indices.count - 2, by: 3) {
            let triangle = mesh.indices[start..<start + 3]
            guard triangle.allSatisfy({ $0 >= 0 && Int($0) < vertexCount }) else { continue }
            indices += triangle.map { UInt32($0) }
        }
    }

    init() {}
}
