// <asset> sections: mesh files (found through the compiler's meshdir, checked to exist)
// and material colours. Textures, height fields and skins are noted, not imported.
import Foundation
import Physics

struct MJCFAssets {
    struct Mesh {
        var name: String
        /// Absolute path; nil for meshes given inline (vertex=…), which are not imported.
        var path: String?
        var scale: Vector3
        var location: MJCFLocation
    }

    struct Material {
        var name: String
        /// RGBA in [0, 1]; MuJoCo's default is opaque white.
        var rgba: [Double]
    }

    private(set) var meshes: [String: Mesh] = [:]
    private(set) var materials: [String: Material] = [:]
    /// Number of <mesh> assets (MuJoCo's nmesh).
    private(set) var meshCount = 0

    /// Material attributes that only change rendering beyond colour.
    private static let materialExtras = ["texture", "specular", "shininess", "reflectance", "emission", "metallic",
                                         "roughness", "texrepeat", "texuniform"]

    init(sections: [MJCFElement], defaults: MJCFDefaults, compiler: MJCFCompiler, notes: inout MJCFNotes) throws {
        for section in sections {
            for element in section.children {
                switch element.name {
                case "mesh": try readMesh(element, defaults: defaults, compiler: compiler, notes: &notes)
                case "material": try readMaterial(element, defaults: defaults, notes: &notes)
                case "texture": notes.unsupported(element, "textures are not applied; materials give colour only")
                case "hfield": notes.unsupported(element, "height fields are not supported; geoms using them are skipped")
                case "skin": notes.unsupported(element, "skins are not supported")
                default: notes.unsupported(element, "unknown or unsupported asset kind")
                }
            }
        }
    }

    private mutating func readMesh(_ element: MJCFElement, defaults: MJCFDefaults, compiler: MJCFCompiler,
                                   notes: inout MJCFNotes) throws {
        meshCount += 1
        let attributes = try defaults.attributes(of: element, childclass: nil)
        let file = attributes["file"]
        let fileStem = file.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
        guard let name = attributes["name"] ?? fileStem else {
            throw element.location.error("mesh: needs a name or a file")
        }
        if meshes[name] != nil {
            throw element.location.error("mesh: the name '\(name)' is used twice")
        }
        let scale = try attributes.vector("scale") ?? Vector3(1, 1, 1)
        var path: String?
        if let file {
            let resolved = compiler.resolve(file: file, in: compiler.meshFolder)
            guard FileManager.default.fileExists(atPath: resolved) else {
                throw attributes.location(of: "file").error("mesh '\(name)': file not found: \(resolved)")
            }
            path = resolved
        } else {
            notes.once("mesh.inline", at: element.location,
                       "mesh '\(name)' has no file (inline vertex data): not imported; geoms using it are skipped")
        }
        if attributes.has("refpos") || attributes.has("refquat") {
            notes.once("mesh.ref", at: element.location, "mesh refpos/refquat are ignored: mesh vertices are used as written")
        }
        meshes[name] = Mesh(name: name, path: path, scale: scale, location: element.location)
    }

    private mutating func readMaterial(_ element: MJCFElement, defaults: MJCFDefaults, notes: inout MJCFNotes) throws {
        let attributes = try defaults.attributes(of: element, childclass: nil)
        let name = try attributes.required("name")
        let rgba = try attributes.numbers("rgba", count: 4) ?? [1, 1, 1, 1]
        if Self.materialExtras.contains(where: { attributes.has($0) }) {
            notes.once("material.extras", at: element.location,
                       "material textures and surface properties (texture, specular, reflectance, …) are "
                           + "ignored: only rgba is used")
        }
        materials[name] = Material(name: name, rgba: rgba)
    }
}
