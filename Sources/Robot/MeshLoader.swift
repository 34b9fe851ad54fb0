// MeshLoader: reads one mesh file (STL binary/ASCII, OBJ+MTL, Collada DAE, glTF/GLB and
// whatever else assimp reads) into a LoadedMesh. The only code that imports CAssimp.
import CAssimp
import Foundation
import Physics

public enum MeshLoader {
    /// Reads the mesh file at `path` (absolute, or relative to the current directory).
    ///
    /// All node transforms are baked into the vertices, polygons are triangulated,
    /// identical vertices are shared, and normals are generated where the file has none
    /// (always for STL, whose facet normals are replaced by smooth ones with creases at
    /// `creaseAngleDegrees`).
    /// Collada `<unit meter>` is applied; Collada `<up_axis>` is ignored so that mesh
    /// coordinates stay link-frame coordinates (see `LoadedMesh`).
    ///
    /// Throws `ImportError` (line 0) naming the file when it is missing, unreadable,
    /// corrupt, or has no triangles; the message includes what assimp said.
    /// Thread-safe: imports are serialised (assimp keeps its last error in a global).
    public static func load(path: String) throws -> LoadedMesh {
        let file = absolutePath(path)
        try checkReadable(file)
        return try importLock.withLock {
            let properties = aiCreatePropertyStore()
            defer { aiReleasePropertyStore(properties) }
            aiSetImportPropertyInteger(properties, "IMPORT_COLLADA_IGNORE_UP_DIRECTION", 1)
            aiSetImportPropertyFloat(properties, "PP_GSN_MAX_SMOOTHING_ANGLE", Float(creaseAngleDegrees))
            aiSetImportPropertyInteger(properties, "PP_RVC_FLAGS", Int32(aiComponent_NORMALS.rawValue))
            let flags = isSTL(file) ? importFlags | aiProcess_RemoveComponent.rawValue : importFlags
            guard let scene = aiImportFileExWithProperties(file, flags, nil, properties) else {
                let reason = aiGetErrorString().map { String(cString: $0) } ?? "no reason given"
                throw ImportError(file: file, line: 0, message: "assimp could not read this mesh file: \(reason)")
            }
            defer { aiReleaseImport(scene) }
            return try convert(scene.pointee, file: file)
        }
    }

    /// Normals are generated (where missing) per corner, averaging the faces that meet at
    /// a vertex at less than this angle: sharper edges stay sharp.
    public static let creaseAngleDegrees = 30.0

    /// STL stores only facet normals, which would split every vertex three ways and make
    /// joining useless: they are dropped and regenerated with the crease angle instead.
    static func isSTL(_ file: String) -> Bool { file.lowercased().hasSuffix(".stl") }

    /// How meshes are processed, for cache keys: changes whenever the output could.
    static var processingDescription: String {
        "assimp \(assimpVersion) flags \(importFlags) crease \(creaseAngleDegrees) stl-normals-regenerated"
    }

    /// The post-processing steps every import runs, as assimp flags.
    static let importFlags: UInt32 = [
        aiProcess_Triangulate, aiProcess_JoinIdenticalVertices, aiProcess_GenSmoothNormals,
        aiProcess_PreTransformVertices, aiProcess_ValidateDataStructure,
    ].reduce(0) { $0 | $1.rawValue }

    /// assimp's version as "major.minor.patch", e.g. "5.2.5" (part of the cache key).
    public static var assimpVersion: String {
        "\(aiGetVersionMajor()).\(aiGetVersionMinor()).\(aiGetVersionPatch())"
    }

    private static let importLock = NSLock()

    // MARK: - Before assimp

    static func absolutePath(_ path: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }

    // Clear messages for the common failures, before assimp gives a vaguer one.
    private static func checkReadable(_ file: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
            throw ImportError(file: file, line: 0, message: "mesh file not found")
        }
        if isDirectory.boolValue {
            throw ImportError(file: file, line: 0, message: "mesh path is a directory, not a file")
        }
        guard FileManager.default.isReadableFile(atPath: file) else {
            throw ImportError(file: file, line: 0, message: "mesh file is not readable (permissions)")
        }
    }

    // MARK: - From an aiScene to a LoadedMesh

    private static func convert(_ scene: aiScene, file: String) throws -> LoadedMesh {
        let meshes = (0..<Int(scene.mNumMeshes)).compactMap { scene.mMeshes[$0]?.pointee }
        let directory = (file as NSString).deletingLastPathComponent
        let materials = (0..<Int(scene.mNumMaterials)).map { index -> MeshMaterial in
            guard let material = scene.mMaterials[index] else {
                return MeshMaterial(name: "", diffuseColor: [0.6, 0.6, 0.6, 1], isDefault: true)
            }
            return readMaterial(material, directory: directory, embeddedTextureCount: Int(scene.mNumTextures))
        }
        let hasTextureCoordinates = meshes.contains { $0.mTextureCoords.0 != nil }

        var vertices: [Vector3] = []
        var normals: [Vector3] = []
        var textureCoordinates: [[Double]] = []
        var indices: [Int32] = []
        var submeshes: [Submesh] = []
        var skippedPrimitives = 0
        for mesh in meshes {
            let base = vertices.count
            let count = Int(mesh.mNumVertices)
            guard base + count < Int(Int32.max) else {
                throw ImportError(file: file, line: 0, message: "mesh has more than \(Int32.max) vertices")
            }
            // Vertices, normals and texture coordinates of this part.
            for index in 0..<count {
                let point = mesh.mVertices[index]
                let vertex = Vector3(Double(point.x), Double(point.y), Double(point.z))
                guard vertex.isFinite else {
                    throw ImportError(file: file, line: 0,
                                      message: "mesh has a non-finite vertex coordinate \(vertex) (corrupt file?)")
                }
                vertices.append(vertex)
                if let normal = mesh.mNormals?[index], normal.x.isFinite, normal.y.isFinite, normal.z.isFinite {
                    normals.append(Vector3(Double(normal.x), Double(normal.y), Double(normal.z)))
                } else {
                    normals.append(.zero)
                }
                if hasTextureCoordinates {
                    let uv = mesh.mTextureCoords.0?[index]
                    textureCoordinates.append([Double(uv?.x ?? 0), Double(uv?.y ?? 0)])
                }
            }
            // Triangles only: points and lines survive triangulation and are skipped.
            let firstIndex = indices.count
            for faceIndex in 0..<Int(mesh.mNumFaces) {
                let face = mesh.mFaces[faceIndex]
                guard face.mNumIndices == 3, let corners = face.mIndices else {
                    skippedPrimitives += 1
                    continue
                }
                for corner in 0..<3 { indices.append(Int32(base + Int(corners[corner]))) }
            }
            guard indices.count > firstIndex else { continue }
            let materialIndex = Int(mesh.mMaterialIndex)
            let material = materials.indices.contains(materialIndex) ? materials[materialIndex]
                : MeshMaterial(name: "", diffuseColor: [0.6, 0.6, 0.6, 1], isDefault: true)
            submeshes.append(Submesh(name: string(mesh.mName), firstIndex: firstIndex,
                                     indexCount: indices.count - firstIndex, material: material))
        }

        guard !indices.isEmpty else {
            throw ImportError(file: file, line: 0, message: "mesh file has no triangles (\(meshes.count) meshes, "
                + "\(skippedPrimitives) point or line primitives)")
        }
        var notes: [ImportNote] = []
        if skippedPrimitives > 0 {
            notes.append(ImportNote(file: file, line: 0, message: "skipped \(skippedPrimitives) point or line primitives"))
        }
        let mesh = TriangleMesh(vertices: vertices, indices: indices, normals: normals,
                                textureCoordinates: textureCoordinates)
        return LoadedMesh(sourceFile: file, mesh: mesh, submeshes: submeshes, notes: notes)
    }

    // MARK: - Materials

    // Texture slots in the order their images are reported: the surface colour first.
    private static let textureSlots: [(aiTextureType, MeshTexture.Role)] = [
        (aiTextureType_DIFFUSE, .diffuse), (aiTextureType_BASE_COLOR, .baseColor),
        (aiTextureType_AMBIENT, .ambient), (aiTextureType_LIGHTMAP, .lightmap),
        (aiTextureType_AMBIENT_OCCLUSION, .lightmap), (aiTextureType_SPECULAR, .specular),
        (aiTextureType_EMISSIVE, .emissive), (aiTextureType_EMISSION_COLOR, .emissive),
        (aiTextureType_NORMALS, .normals), (aiTextureType_NORMAL_CAMERA, .normals),
        (aiTextureType_HEIGHT, .height), (aiTextureType_OPACITY, .opacity),
        (aiTextureType_SHININESS, .other), (aiTextureType_DISPLACEMENT, .other),
        (aiTextureType_REFLECTION, .other), (aiTextureType_METALNESS, .other),
        (aiTextureType_DIFFUSE_ROUGHNESS, .other), (aiTextureType_UNKNOWN, .other),
    ]

    private static func readMaterial(_ material: UnsafeMutablePointer<aiMaterial>, directory: String,
                                     embeddedTextureCount: Int) -> MeshMaterial {
        var name = aiString()
        let materialName = aiGetMaterialString(material, "?mat.name", 0, 0, &name) == aiReturn_SUCCESS ? string(name) : ""

        // Colour: diffuse, else glTF's base colour; alpha from the opacity when given.
        var color = aiColor4D(r: 0.6, g: 0.6, b: 0.6, a: 1)
        if aiGetMaterialColor(material, "$clr.diffuse", 0, 0, &color) != aiReturn_SUCCESS {
            _ = aiGetMaterialColor(material, "$clr.base", 0, 0, &color)
        }
        var rgba = [color.r, color.g, color.b, color.a].map(decimal)
        var opacity: ai_real = 1
        var opacityCount: UInt32 = 1
        if aiGetMaterialFloatArray(material, "$mat.opacity", 0, 0, &opacity, &opacityCount) == aiReturn_SUCCESS,
           opacityCount == 1, opacity.isFinite {
            rgba[3] = decimal(opacity)
        }

        // Textures: each referenced image once, in slot order.
        var textures: [MeshTexture] = []
        var seen = Set<String>()
        for (type, role) in textureSlots {
            for index in 0..<aiGetMaterialTextureCount(material, type) {
                var reference = aiString()
                guard aiGetMaterialTexture(material, type, index, &reference, nil, nil, nil, nil, nil, nil)
                    == aiReturn_SUCCESS else { continue }
                let text = string(reference)
                guard !text.isEmpty, seen.insert(text).inserted else { continue }
                textures.append(resolveTexture(text, role: role, directory: directory,
                                               embeddedTextureCount: embeddedTextureCount))
            }
        }
        return MeshMaterial(name: materialName, diffuseColor: rgba, isDefault: materialName == "DefaultMaterial",
                            textures: textures)
    }

    // "*N" names the N-th image embedded in the file; anything else is a file path or a
    // file:// URL, relative to the mesh file's folder unless absolute.
    static func resolveTexture(_ reference: String, role: MeshTexture.Role, directory: String,
                               embeddedTextureCount: Int) -> MeshTexture {
        if reference.hasPrefix("*") {
            let index = Int(reference.dropFirst()) ?? -1
            return MeshTexture(role: role, reference: reference, path: "",
                               exists: (0..<embeddedTextureCount).contains(index))
        }
        var relative = reference
        if relative.hasPrefix("file://") { relative = String(relative.dropFirst("file://".count)) }
        relative = relative.removingPercentEncoding ?? relative
        relative = relative.replacingOccurrences(of: "\\", with: "/")
        let url = relative.hasPrefix("/") ? URL(fileURLWithPath: relative)
            : URL(fileURLWithPath: directory, isDirectory: true).appendingPathComponent(relative)
        let path = url.standardizedFileURL.path
        return MeshTexture(role: role, reference: reference, path: path,
                           exists: FileManager.default.fileExists(atPath: path))
    }

    // A Float colour channel as the Double it was written as (0.8, not 0.800000011920929),
    // clamped to [0, 1].
    private static func decimal(_ value: Float) -> Double {
        guard value.isFinite else { return 1 }
        return min(max(Double("\(value)") ?? Double(value), 0), 1)
    }

    private static func string(_ value: aiString) -> String {
        withUnsafeBytes(of: value.data) { bytes in
            String(decoding: bytes.prefix(min(Int(value.length), bytes.count)), as: UTF8.self)
        }
    }
}
