// MeshTextureReferences: the image files a mesh file names for its materials (COLLADA
// <image><init_from>, OBJ mtllib → MTL map_* lines), found by scanning text only — the
// geometry is not read — so importers can warn about missing textures up front.
import Foundation

/// Texture (and material library) files named inside mesh files.
public enum MeshTextureReferences {
    /// A file a mesh names: the absolute path it resolves to, and how it was named.
    public struct Reference: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable {
            case texture
            case materialLibrary = "material library"
        }

        public let path: String
        public let writtenAs: String
        public let kind: Kind
    }

    /// Files that the mesh at `meshPath` (absolute) names, in the order they appear. Formats
    /// other than DAE and OBJ, and unreadable files, give none.
    public static func references(ofMesh meshPath: String) -> [Reference] {
        switch PackageResolver.lastComponent(of: meshPath).split(separator: ".").last?.lowercased() {
        case "dae": return collada(meshPath)
        case "obj": return wavefront(meshPath)
        default: return []
        }
    }

    /// The references of the mesh that do not exist on disk.
    public static func missingReferences(ofMesh meshPath: String) -> [Reference] {
        references(ofMesh: meshPath).filter { !PackageResolver.isFile($0.path) }
    }

    // COLLADA 1.4: <image ...><init_from>uri</init_from></image>; 1.5 wraps the uri in <ref>.
    // <init_from> elsewhere (surfaces) names an image id, not a file, so only <image> counts.
    private static func collada(_ meshPath: String) -> [Reference] {
        guard let text = readText(meshPath) else { return [] }
        let directory = PackageResolver.parent(of: meshPath)
        var references: [Reference] = []
        var searchStart = text.startIndex
        while let open = text.range(of: "<image", range: searchStart..<text.endIndex) {
            guard let close = text.range(of: "</image>", range: open.upperBound..<text.endIndex) else { break }
            searchStart = close.upperBound
            let body = text[open.upperBound..<close.lowerBound]
            guard let from = body.range(of: "<init_from>"),
                  let to = body.range(of: "</init_from>", range: from.upperBound..<body.endIndex) else { continue }
            var uri = String(body[from.upperBound..<to.lowerBound])
            uri = uri.replacingOccurrences(of: "<ref>", with: "").replacingOccurrences(of: "</ref>", with: "")
                .trimmingCharacters(in: .whitespacesAndNewlines)
            guard !uri.isEmpty else { continue }
            references.append(Reference(path: resolve(uri, from: directory), writtenAs: uri, kind: .texture))
        }
        return unique(references)
    }

    // OBJ: `mtllib a.mtl [b.mtl]`; MTL: `map_Kd [options] file`, also map_Ka/Ks/Ns/d/bump/disp/decal/norm.
    private static func wavefront(_ meshPath: String) -> [Reference] {
        guard let data = FileManager.default.contents(atPath: meshPath) else { return [] }
        let directory = PackageResolver.parent(of: meshPath)
        var references: [Reference] = []
        for line in linesStarting(with: "mtllib", in: [UInt8](data)) {
            for name in line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst() {
                let library = Reference(path: resolve(String(name), from: directory), writtenAs: String(name),
                                        kind: .materialLibrary)
                references.append(library)
                references += materialLibrary(library.path)
            }
        }
        return unique(references)
    }

    private static let textureStatements: Set<String> = [
        "map_ka", "map_kd", "map_ks", "map_ke", "map_ns", "map_d", "map_bump", "bump", "disp", "decal", "norm", "refl",
    ]

    private static func materialLibrary(_ path: String) -> [Reference] {
        guard let text = readText(path) else { return [] }
        let directory = PackageResolver.parent(of: path)
        var references: [Reference] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, textureStatements.contains(fields[0].lowercased()),
                  let name = fields.last else { continue }
            references.append(Reference(path: resolve(String(name), from: directory), writtenAs: String(name), kind: .texture))
        }
        return references
    }

    private static func resolve(_ uri: String, from directory: String) -> String {
        var path = uri.hasPrefix("file://") ? String(uri.dropFirst("file://".count)) : uri
        path = (path.removingPercentEncoding ?? path).replacingOccurrences(of: "\\", with: "/")
        return PackageResolver.normalize(path.hasPrefix("/") ? path : directory + "/" + path)
    }

    /// The lines of `bytes` that begin with `prefix` (a byte scan: OBJ files can be large).
    private static func linesStarting(with prefix: String, in bytes: [UInt8]) -> [String] {
        let pattern = Array(prefix.utf8)
        var lines: [String] = []
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
            if end - start >= pattern.count, Array(bytes[start..<(start + pattern.count)]) == pattern {
                lines.append(String(decoding: bytes[start..<end], as: UTF8.self))
            }
            start = end + 1
        }
        return lines
    }

    private static func readText(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    private static func unique(_ references: [Reference]) -> [Reference] {
        var seen = Set<String>()
        return references.filter { seen.insert($0.path).inserted }
    }
}
