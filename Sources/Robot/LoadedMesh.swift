// LoadedMesh: one mesh file as read by MeshLoader — its triangles merged into one
// TriangleMesh, plus what each part of it is drawn with (colour, textures).
import Foundation
import Physics

/// A mesh file's geometry and materials. Value type: safe to share across threads and to
/// keep in caches.
///
/// Units and frame: metres in the file's own frame. Node transforms are baked in;
/// Collada `<unit meter>` is applied; Collada `<up_axis>` is *not* applied (robot
/// description files treat mesh coordinates as link-frame coordinates, as rviz and
/// Gazebo do). STL and OBJ carry no units and are taken as metres. glTF is kept as
/// written (its Y-up convention is not turned into Z up).
public struct LoadedMesh: Sendable, Hashable {
    /// Absolute path of the mesh file.
    public var sourceFile: String
    /// Every triangle of the file, merged. `normals` always has one entry per vertex;
    /// `textureCoordinates` has one `[u, v]` per vertex (v up, OpenGL convention) when any
    /// part of the file has texture coordinates (parts without get `[0, 0]`), else none.
    public var mesh: TriangleMesh
    /// The parts of `mesh` that share one material, in file order; their index ranges
    /// tile `mesh.indices`.
    public var submeshes: [Submesh]
    /// What the loader skipped (point and line primitives) and, when the mesh came through
    /// MeshCache, what was wrong with its cache file on this load: one note each, line 0.
    /// Missing textures are in `missingTextureNotes` (they depend on other files).
    public var notes: [ImportNote]

    public init(sourceFile: String, mesh: TriangleMesh, submeshes: [Submesh], notes: [ImportNote] = []) {
        self.sourceFile = sourceFile
        self.mesh = mesh
        self.submeshes = submeshes
        self.notes = notes
    }

    /// Axis-aligned bounds of all vertices in metres; nil for a mesh without vertices.
    public var boundingBox: (minimum: Vector3, maximum: Vector3)? {
        guard var low = mesh.vertices.first else { return nil }
        var high = low
        for vertex in mesh.vertices {
            low = Vector3(min(low.x, vertex.x), min(low.y, vertex.y), min(low.z, vertex.z))
            high = Vector3(max(high.x, vertex.x), max(high.y, vertex.y), max(high.z, vertex.z))
        }
        return (low, high)
    }

    /// One note per referenced texture file that does not exist.
    public var missingTextureNotes: [ImportNote] {
        textures.filter { !$0.exists }.map {
            ImportNote(file: sourceFile, line: 0, message: "\($0.role.rawValue) texture not found: \($0.path)")
        }
    }

    /// `notes` followed by `missingTextureNotes`: everything an importer should pass on.
    public var allNotes: [ImportNote] { notes + missingTextureNotes }

    /// This mesh with every texture's `exists` checked against the file system now.
    func checkingTextureFiles() -> LoadedMesh {
        var checked = self
        for submeshIndex in checked.submeshes.indices {
            for textureIndex in checked.submeshes[submeshIndex].material.textures.indices {
                let texture = checked.submeshes[submeshIndex].material.textures[textureIndex]
                guard !texture.isEmbedded else { continue }
                checked.submeshes[submeshIndex].material.textures[textureIndex].exists =
                    FileManager.default.fileExists(atPath: texture.path)
            }
        }
        return checked
    }

    /// Every texture any submesh references, each once, in submesh order.
    public var textures: [MeshTexture] {
        var seen = Set<String>()
        var result: [MeshTexture] = []
        for texture in submeshes.flatMap(\.material.textures) where seen.insert(texture.reference).inserted {
            result.append(texture)
        }
        return result
    }
}

/// A run of triangles drawn with one material: indices `firstIndex ..< firstIndex +
/// indexCount` of the merged `TriangleMesh.indices` (a multiple of 3).
public struct Submesh: Sendable, Hashable {
    /// The part's name in the file ("" when it has none).
    public var name: String
    public var firstIndex: Int
    public var indexCount: Int
    public var material: MeshMaterial

    public init(name: String, firstIndex: Int, indexCount: Int, material: MeshMaterial) {
        self.name = name
        self.firstIndex = firstIndex
        self.indexCount = indexCount
        self.material = material
    }

    public var triangleCount: Int { indexCount / 3 }
}

/// How a submesh looks, as the file describes it.
public struct MeshMaterial: Sendable, Hashable {
    /// The material's name in the file.
    public var name: String
    /// Diffuse (glTF: base) colour, RGBA in [0, 1]; alpha is the material's opacity.
    public var diffuseColor: [Double]
    /// True when the file defines no material and assimp made its grey default (STL, or
    /// OBJ without MTL): an importer should prefer the robot file's colour then.
    public var isDefault: Bool
    /// Images the material references, each once, diffuse first.
    public var textures: [MeshTexture]

    public init(name: String, diffuseColor: [Double], isDefault: Bool = false, textures: [MeshTexture] = []) {
        self.name = name
        self.diffuseColor = diffuseColor
        self.isDefault = isDefault
        self.textures = textures
    }

    /// The image the surface colour comes from (diffuse, or glTF base colour), if any.
    public var diffuseTexture: MeshTexture? {
        textures.first { $0.role == .diffuse || $0.role == .baseColor }
    }
}

/// An image a material references.
public struct MeshTexture: Sendable, Hashable {
    /// What the image is for. assimp reports a Collada `<ambient>` texture as `lightmap`.
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        case diffuse, baseColor, ambient, lightmap, specular, emissive, normals, height, opacity, other
    }

    public var role: Role
    /// The reference exactly as the file writes it (e.g. `../materials/textures/a.png`;
    /// `*0` for an image embedded in the file).
    public var reference: String
    /// Absolute path, resolved relative to the mesh file's folder; "" for embedded images.
    public var path: String
    /// True when `path` names an existing file, or the image is embedded in the mesh file.
    public var exists: Bool

    public init(role: Role, reference: String, path: String, exists: Bool) {
        self.role = role
        self.reference = reference
        self.path = path
        self.exists = exists
    }

    /// True for images stored inside the mesh file (glTF/GLB, FBX) rather than beside it.
    public var isEmbedded: Bool { path.isEmpty }
}
