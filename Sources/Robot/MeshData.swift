// Triangle meshes read from files (STL, OBJ, DAE): what colliders and the renderer use.
import Physics

/// A triangle mesh in its file's units (metres unless the format says otherwise).
public struct TriangleMesh: Sendable, Hashable {
    public var vertices: [Vector3]
    /// Three indices per triangle into `vertices`.
    public var indices: [Int32]
    /// Per-vertex normals when the file has them (same count as vertices), else empty.
    public var normals: [Vector3]
    /// Per-vertex texture coordinates when present, else empty.
    public var textureCoordinates: [[Double]]

    public init(vertices: [Vector3], indices: [Int32], normals: [Vector3] = [], textureCoordinates: [[Double]] = []) {
        self.vertices = vertices
        self.indices = indices
        self.normals = normals
        self.textureCoordinates = textureCoordinates
    }

    public var triangleCount: Int { indices.count / 3 }
}
