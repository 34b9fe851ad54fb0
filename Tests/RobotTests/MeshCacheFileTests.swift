// MeshCacheFile: the checksum, the round trip of meshes and hulls through bytes, and the
// checks that tell corrupt from stale.
import Foundation
import Physics
import XCTest
@testable import Robot

final class MeshCacheFileTests: XCTestCase {
    private let header = MeshCacheFile.Header(kind: .mesh, key: "/meshes/part.stl", sourceSize: 1234,
                                              sourceModificationNanoseconds: 1_700_000_000_123_456_789,
                                              producer: "test producer")

    private func sampleMesh() -> LoadedMesh {
        let mesh = TriangleMesh(vertices: [Vector3(0, 0, 0), Vector3(0.5, 0, 0), Vector3(0, 0.25, 0.125)],
                                indices: [0, 1, 2], normals: [.unitZ, .unitZ, -.unitY],
                                textureCoordinates: [[0, 0], [1, 0], [0.5, 1]])
        let texture = MeshTexture(role: .diffuse, reference: "../tex/a.png", path: "/nonexistent/tex/a.png", exists: false)
        let material = MeshMaterial(name: "paint", diffuseColor: [0.1, 0.2, 0.3, 0.5], textures: [texture])
        return LoadedMesh(sourceFile: "/meshes/part.stl", mesh: mesh,
                          submeshes: [Submesh(name: "body", firstIndex: 0, indexCount: 3, material: material)],
                          notes: [ImportNote(file: "/meshes/part.stl", line: 0, message: "skipped 2 point or line primitives")])
    }

    func testFNV1a64KnownValues() {
        XCTAssertEqual(MeshCacheFile.fnv1a64([][...]), 0xcbf2_9ce4_8422_2325)
        XCTAssertEqual(MeshCacheFile.fnv1a64(Array("a".utf8)[...]), 0xaf63_dc4c_8601_ec8c)
        XCTAssertEqual(MeshCacheFile.fnv1a64(Array("foobar".utf8)[...]), 0x8594_4171_f739_67e8)
    }

    func testMeshAndHullRoundTrip() throws {
        let mesh = sampleMesh()
        let bytes = MeshCacheFile.encode(header: header, payload: MeshCacheFile.encodeMesh(mesh))
        let payload = try MeshCacheFile.payload(of: bytes, expected: header)
        XCTAssertEqual(try MeshCacheFile.decodeMesh(payload, sourceFile: mesh.sourceFile), mesh)

        let hull = [Vector3(0.1, -0.2, 0.3), Vector3(1e-9, 2.5, -7)]
        var hullHeader = header
        hullHeader.kind = .hull
        let hullBytes = MeshCacheFile.encode(header: hullHeader, payload: MeshCacheFile.encodeHull(hull))
        XCTAssertEqual(try MeshCacheFile.decodeHull(try MeshCacheFile.payload(of: hullBytes, expected: hullHeader)), hull)
        XCTAssertThrowsError(try MeshCacheFile.payload(of: hullBytes, expected: header), "a hull is not a mesh")
    }

    func testEveryFlippedByteAndEveryTruncationIsCaught() {
        let bytes = MeshCacheFile.encode(header: header, payload: MeshCacheFile.encodeMesh(sampleMesh()))
        for offset in bytes.indices {
            var damaged = bytes
            damaged[offset] ^= 0x01
            XCTAssertThrowsError(try MeshCacheFile.payload(of: damaged, expected: header), "byte \(offset)")
        }
        for length in 0..<bytes.count {
            XCTAssertThrowsError(try MeshCacheFile.payload(of: Array(bytes.prefix(length)), expected: header),
                                 "length \(length)")
        }
    }

    func testChangedSourceOrProducerIsStaleNotCorrupt() {
        let bytes = MeshCacheFile.encode(header: header, payload: MeshCacheFile.encodeMesh(sampleMesh()))
        var changes: [MeshCacheFile.Header] = []
        for change in 0..<4 {
            var expected = header
            switch change {
            case 0: expected.sourceSize += 1
            case 1: expected.sourceModificationNanoseconds += 1
            case 2: expected.producer = "newer code"
            default: expected.key = "/meshes/other.stl"
            }
            changes.append(expected)
        }
        for expected in changes {
            XCTAssertThrowsError(try MeshCacheFile.payload(of: bytes, expected: expected)) { error in
                guard case .stale? = error as? MeshCacheFile.Problem else { return XCTFail("\(error)") }
            }
        }
    }

    func testDecodingRejectsOutOfRangeIndices() throws {
        var mesh = sampleMesh()
        mesh.mesh.indices = [0, 1, 7]
        let payload = MeshCacheFile.encodeMesh(mesh)
        XCTAssertThrowsError(try MeshCacheFile.decodeMesh(payload[...], sourceFile: mesh.sourceFile))
        XCTAssertThrowsError(try MeshCacheFile.decodeMesh(payload.dropLast(1), sourceFile: mesh.sourceFile))
    }
}
