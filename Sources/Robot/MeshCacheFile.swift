// MeshCacheFile: the on-disk format of one MeshCache entry (a processed mesh or a
// collision hull), and the checks that tell a good file from a corrupt or stale one.
//
// Layout, all integers little-endian:
//   magic "TGMESHC\n" (8 bytes) · format version u32 · kind u32 · source size u64 ·
//   source mtime ns i64 · key (u32 length + UTF-8) · producer (u32 length + UTF-8) ·
//   payload length u64 · payload · FNV-1a 64 of every preceding byte (u64).
// The key is the source's absolute path (plus hull parameters); the producer names the
// assimp version and loader settings, so a file written by other code counts as stale.
import Foundation
import Physics

enum MeshCacheFile {
    static let magic: [UInt8] = Array("TGMESHC\n".utf8)
    static let formatVersion: UInt32 = 1

    enum Kind: UInt32 {
        case mesh = 1, hull = 2
        var fileSuffix: String { self == .mesh ? "mesh" : "hull" }
    }

    /// What identifies the entry: a file is valid only when all of these match.
    struct Header: Equatable {
        var kind: Kind
        var key: String
        var sourceSize: UInt64
        var sourceModificationNanoseconds: Int64
        var producer: String
    }

    /// Why a cache file was not used (it is then rebuilt).
    enum Problem: Error, Equatable, CustomStringConvertible {
        case corrupt(String)
        case stale(String)

        var description: String {
            switch self {
            case .corrupt(let reason): return "corrupt (\(reason))"
            case .stale(let reason): return "stale (\(reason))"
            }
        }
    }

    // MARK: - Whole files

    static func encode(header: Header, payload: [UInt8]) -> [UInt8] {
        var writer = ByteWriter()
        writer.bytes += magic
        writer.write(formatVersion)
        writer.write(header.kind.rawValue)
        writer.write(header.sourceSize)
        writer.write(header.sourceModificationNanoseconds)
        writer.write(header.key)
        writer.write(header.producer)
        writer.write(UInt64(payload.count))
        writer.bytes += payload
        writer.write(fnv1a64(writer.bytes[...]))
        return writer.bytes
    }

    /// The payload of `bytes` if it is an intact file for exactly `expected`.
    static func payload(of bytes: [UInt8], expected: Header) throws -> ArraySlice<UInt8> {
        guard bytes.count >= magic.count + 8, Array(bytes.prefix(magic.count)) == magic else {
            throw Problem.corrupt("not a TrainingGround mesh cache file")
        }
        let stored = bytes.suffix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard fnv1a64(bytes.dropLast(8)) == stored else { throw Problem.corrupt("checksum mismatch or truncated") }

        var reader = ByteReader(bytes: bytes.dropLast(8))
        reader.offset = magic.count
        let version: UInt32 = try reader.read()
        guard version == formatVersion else { throw Problem.stale("format version \(version), expected \(formatVersion)") }
        let kind = Kind(rawValue: try reader.read())
        let sourceSize: UInt64 = try reader.read()
        let modification: Int64 = try reader.read()
        let found = Header(kind: kind ?? expected.kind, key: try reader.readString(), sourceSize: sourceSize,
                           sourceModificationNanoseconds: modification, producer: try reader.readString())
        guard kind != nil else { throw Problem.corrupt("unknown entry kind") }
        guard found.kind == expected.kind, found.key == expected.key else { throw Problem.stale("written for another entry") }
        guard found.producer == expected.producer else { throw Problem.stale("written by \(found.producer)") }
        guard found.sourceSize == expected.sourceSize,
              found.sourceModificationNanoseconds == expected.sourceModificationNanoseconds else {
            throw Problem.stale("the mesh file changed since")
        }
        let length = Int(clamping: try reader.read() as UInt64)
        guard length == reader.remaining else { throw Problem.corrupt("payload length \(length) != \(reader.remaining)") }
        return try reader.readBytes(length)
    }

    /// FNV-1a, 64-bit: the checksum over a cache file's bytes.
    static func fnv1a64(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.withUnsafeBufferPointer { buffer in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in buffer {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
            return hash
        }
    }

    // MARK: - Payloads

    static func encodeMesh(_ loaded: LoadedMesh) -> [UInt8] {
        var writer = ByteWriter()
        let mesh = loaded.mesh
        writer.write(UInt64(mesh.vertices.count))
        writer.write(UInt64(mesh.indices.count))
        writer.write(UInt8(mesh.normals.count == mesh.vertices.count ? 1 : 0))
        writer.write(UInt8(mesh.textureCoordinates.count == mesh.vertices.count ? 1 : 0))
        writer.writeVectors(mesh.vertices)
        if mesh.normals.count == mesh.vertices.count { writer.writeVectors(mesh.normals) }
        if mesh.textureCoordinates.count == mesh.vertices.count {
            for uv in mesh.textureCoordinates {
                writer.writeFloat(uv.first ?? 0)
                writer.writeFloat(uv.dropFirst().first ?? 0)
            }
        }
        writer.bytes.reserveCapacity(writer.bytes.count + 4 * mesh.indices.count)
        for index in mesh.indices { writer.write(UInt32(bitPattern: index)) }
        writer.write(UInt32(loaded.submeshes.count))
        for submesh in loaded.submeshes {
            writer.write(submesh.name)
            writer.write(UInt64(submesh.firstIndex))
            writer.write(UInt64(submesh.indexCount))
            writer.write(submesh.material.name)
            for channel in 0..<4 { writer.write((submesh.material.diffuseColor.dropFirst(channel).first ?? 1).bitPattern) }
            writer.write(UInt8(submesh.material.isDefault ? 1 : 0))
            writer.write(UInt32(submesh.material.textures.count))
            for texture in submesh.material.textures {
                writer.write(texture.role.rawValue)
                writer.write(texture.reference)
                writer.write(texture.path)
            }
        }
        writer.write(UInt32(loaded.notes.count))
        for note in loaded.notes { writer.write(note.message) }
        return writer.bytes
    }

    /// Rebuilds a LoadedMesh; texture existence is checked afresh (it is not cached).
    static func decodeMesh(_ payload: ArraySlice<UInt8>, sourceFile: String) throws -> LoadedMesh {
        var reader = ByteReader(bytes: payload)
        let vertexCount = Int(clamping: try reader.read() as UInt64)
        let indexCount = Int(clamping: try reader.read() as UInt64)
        let hasNormals = try reader.read() as UInt8 == 1
        let hasTextureCoordinates = try reader.read() as UInt8 == 1
        guard vertexCount < Int(Int32.max), indexCount % 3 == 0, indexCount <= reader.remaining / 4 else {
            throw Problem.corrupt("implausible counts")
        }
        let vertices = try reader.readVectors(vertexCount)
        let normals = hasNormals ? try reader.readVectors(vertexCount) : []
        var textureCoordinates: [[Double]] = []
        if hasTextureCoordinates {
            let flat = try reader.readFloats(2 * vertexCount)
            textureCoordinates = (0..<vertexCount).map { [flat[2 * $0], flat[2 * $0 + 1]] }
        }
        var indices: [Int32] = []
        indices.reserveCapacity(indexCount)
        for _ in 0..<indexCount {
            let index = Int32(bitPattern: try reader.read() as UInt32)
            guard index >= 0, Int(index) < vertexCount else { throw Problem.corrupt("index out of range") }
            indices.append(index)
        }
        var submeshes: [Submesh] = []
        for _ in 0..<Int(try reader.read() as UInt32) {
            let name = try reader.readString()
            let firstIndex = Int(clamping: try reader.read() as UInt64)
            let count = Int(clamping: try reader.read() as UInt64)
            guard firstIndex <= indexCount, count <= indexCount - firstIndex else { throw Problem.corrupt("submesh range") }
            let materialName = try reader.readString()
            let color = try (0..<4).map { _ in Double(bitPattern: try reader.read()) }
            let isDefault = try reader.read() as UInt8 == 1
            var textures: [MeshTexture] = []
            for _ in 0..<Int(try reader.read() as UInt32) {
                let role = MeshTexture.Role(rawValue: try reader.readString()) ?? .other
                let reference = try reader.readString()
                let path = try reader.readString()
                textures.append(MeshTexture(role: role, reference: reference, path: path, exists: false))
            }
            submeshes.append(Submesh(name: name, firstIndex: firstIndex, indexCount: count,
                                     material: MeshMaterial(name: materialName, diffuseColor: color,
                                                            isDefault: isDefault, textures: textures)))
        }
        let notes = try (0..<Int(try reader.read() as UInt32)).map { _ in
            ImportNote(file: sourceFile, line: 0, message: try reader.readString())
        }
        guard reader.remaining == 0 else { throw Problem.corrupt("\(reader.remaining) bytes after the mesh") }
        let mesh = TriangleMesh(vertices: vertices, indices: indices, normals: normals,
                                textureCoordinates: textureCoordinates)
        return LoadedMesh(sourceFile: sourceFile, mesh: mesh, submeshes: submeshes, notes: notes)
            .checkingTextureFiles()
    }

    static func encodeHull(_ points: [Vector3]) -> [UInt8] {
        var writer = ByteWriter()
        writer.write(UInt64(points.count))
        for point in points { for value in [point.x, point.y, point.z] { writer.write(value.bitPattern) } }
        return writer.bytes
    }

    static func decodeHull(_ payload: ArraySlice<UInt8>) throws -> [Vector3] {
        var reader = ByteReader(bytes: payload)
        let count = Int(clamping: try reader.read() as UInt64)
        guard count == reader.remaining / 24, reader.remaining % 24 == 0 else { throw Problem.corrupt("hull size") }
        return try (0..<count).map { _ in
            Vector3(Double(bitPattern: try reader.read()), Double(bitPattern: try reader.read()),
                    Double(bitPattern: try reader.read()))
        }
    }
}
