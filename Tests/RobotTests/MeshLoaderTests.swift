// MeshLoader: real third-party meshes (binary STL, Collada, OBJ+MTL) and small files
// written here (ASCII STL, glTF, Collada in centimetres), plus the ways a file can be bad.
import Foundation
import Physics
import XCTest
@testable import Robot

final class MeshLoaderTests: XCTestCase {
    // MARK: - Binary STL (Unitree G1)

    func testEveryG1BinarySTLLoadsWithItsHeaderTriangleCountAndLinkSizedBounds() throws {
        let files = try MeshTestAssets.g1Meshes()
        XCTAssertEqual(files.count, 35)
        for file in files {
            let loaded = try MeshLoader.load(path: file)
            // A binary STL states its triangle count in bytes 80..<84.
            let header = try XCTUnwrap(FileManager.default.contents(atPath: file)).subdata(in: 80..<84)
            let declared = header.withUnsafeBytes { Int(UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self))) }
            XCTAssertEqual(loaded.mesh.triangleCount, declared, file)
            XCTAssertEqual(loaded.mesh.normals.count, loaded.mesh.vertices.count, file)
            XCTAssertTrue(loaded.mesh.textureCoordinates.isEmpty, file)
            XCTAssertEqual(loaded.submeshes.count, 1, file)
            XCTAssertTrue(loaded.submeshes[0].material.isDefault, "STL has no materials: \(file)")
            let box = try XCTUnwrap(loaded.boundingBox)
            let size = box.maximum - box.minimum
            XCTAssertLessThan(max(size.x, size.y, size.z), 0.5, "a G1 link is smaller than 0.5 m: \(file)")
            XCTAssertGreaterThan(max(size.x, size.y, size.z), 0.01, "metres, not kilometres: \(file)")
        }
    }

    func testPelvisIndicesAreInRangeAndNormalsAreUnitLength() throws {
        let loaded = try MeshLoader.load(path: try MeshTestAssets.path("unitree_g1/g1_description/meshes/pelvis.STL"))
        XCTAssertEqual(loaded.mesh.triangleCount, 21216)
        XCTAssertTrue(loaded.mesh.indices.allSatisfy { $0 >= 0 && Int($0) < loaded.mesh.vertices.count })
        XCTAssertTrue(loaded.mesh.normals.allSatisfy { abs($0.length - 1) < 1e-3 })
        XCTAssertEqual(loaded.submeshes[0].firstIndex, 0)
        XCTAssertEqual(loaded.submeshes[0].indexCount, loaded.mesh.indices.count)
        XCTAssertEqual(loaded.sourceFile, try MeshTestAssets.path("unitree_g1/g1_description/meshes/pelvis.STL"))
    }

    // MARK: - Collada (Atlas)

    func testAtlasFootColladaIsInMetresInTheLinkFrameWithItsTextures() throws {
        let file = try MeshTestAssets.path("atlas/atlas_description/meshes_unplugged/l_foot.dae")
        let loaded = try MeshLoader.load(path: file)
        XCTAssertGreaterThan(loaded.mesh.triangleCount, 100)
        // The file stores centimetres under a 0.01-scaled node: baked in, the foot is ~26 cm long.
        let box = try XCTUnwrap(loaded.boundingBox)
        let size = box.maximum - box.minimum
        XCTAssertEqual(size.x, 0.26, accuracy: 0.03)
        // Z_UP is kept (not turned into Y up): the sole lies below the ankle, along -z.
        XCTAssertLessThan(box.minimum.z, -0.06)
        XCTAssertLessThan(box.maximum.z, 0.02)
        XCTAssertEqual(loaded.mesh.textureCoordinates.count, loaded.mesh.vertices.count)

        // Diffuse: a JPG that exists. Ambient: a PNG that does not exist upstream.
        let material = try XCTUnwrap(loaded.submeshes.first?.material)
        let diffuse = try XCTUnwrap(material.diffuseTexture)
        XCTAssertEqual(diffuse.reference, "../materials/textures/extremities_diffuse_unplugged.jpg")
        XCTAssertEqual(diffuse.path, try MeshTestAssets.path(
            "atlas/atlas_description/materials/textures/extremities_diffuse_unplugged.jpg"))
        XCTAssertTrue(diffuse.exists)
        let missing = try XCTUnwrap(loaded.textures.first { $0.reference.hasSuffix("extremities_diffuse.png") })
        XCTAssertFalse(missing.exists)
        XCTAssertTrue(missing.path.hasPrefix("/"))
        XCTAssertEqual(loaded.missingTextureNotes.count, 1)
        XCTAssertTrue(loaded.missingTextureNotes[0].message.contains("extremities_diffuse.png"))
        XCTAssertEqual(loaded.missingTextureNotes[0].file, file)
        XCTAssertEqual(loaded.allNotes, loaded.notes + loaded.missingTextureNotes)
    }

    func testEveryAtlasColladaLoadsWithinTwoMetres() throws {
        for folder in ["atlas/atlas_description/meshes_unplugged", "atlas/atlas_description/meshes_v3",
                       "atlas/multisense_sl_description/meshes"] {
            let directory = try MeshTestAssets.path(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasSuffix(".dae") {
                let loaded = try MeshLoader.load(path: directory + "/" + name)
                XCTAssertGreaterThan(loaded.mesh.triangleCount, 0, name)
                let box = try XCTUnwrap(loaded.boundingBox)
                let size = box.maximum - box.minimum
                XCTAssertLessThan(max(size.x, size.y, size.z), 2, "metres, not centimetres: \(name)")
                XCTAssertNotNil(loaded.submeshes.first?.material.diffuseTexture, name)
            }
        }
    }

    func testColladaUnitIsAppliedAndZUpIsKept() throws {
        let folder = try MeshTestAssets.temporaryDirectory(for: self)
        let file = try MeshTestAssets.write(MeshTestAssets.centimetreCollada, to: "triangle.dae", in: folder)
        let loaded = try MeshLoader.load(path: file)
        XCTAssertEqual(loaded.mesh.triangleCount, 1)
        let box = try XCTUnwrap(loaded.boundingBox)
        XCTAssertEqual(box.minimum, .zero)
        XCTAssertEqual(box.maximum.x, 0.1, accuracy: 1e-6)
        XCTAssertEqual(box.maximum.y, 0.2, accuracy: 1e-6)
        XCTAssertEqual(box.maximum.z, 0.3, accuracy: 1e-6)
    }

    // MARK: - OBJ + MTL

    func testKukaOBJTakesItsColourFromTheMTL() throws {
        let file = try MeshTestAssets.path("kuka_iiwa/kuka_iiwa/meshes/link_1.obj")
        let loaded = try MeshLoader.load(path: file)
        XCTAssertGreaterThan(loaded.mesh.triangleCount, 1000)
        let box = try XCTUnwrap(loaded.boundingBox)
        XCTAssertEqual(box.maximum.z - box.minimum.z, 0.30, accuracy: 0.03, "link 1 is ~30 cm tall")
        let material = try XCTUnwrap(loaded.submeshes.first?.material)
        XCTAssertFalse(material.isDefault)
        XCTAssertEqual(material.diffuseColor[0], 0.8, accuracy: 1e-6, "Kd 0.8 0.8 0.8 in link_1.mtl")
        XCTAssertEqual(material.diffuseColor[3], 1, accuracy: 1e-6)
    }

    func testTableOBJReportsItsPNGAndItsMissingTGA() throws {
        let loaded = try MeshLoader.load(path: try MeshTestAssets.path("objects_pybullet/table/table.obj"))
        XCTAssertEqual(loaded.mesh.triangleCount, 12)
        XCTAssertEqual(loaded.mesh.textureCoordinates.count, loaded.mesh.vertices.count)
        let diffuse = try XCTUnwrap(loaded.submeshes.first?.material.diffuseTexture)
        XCTAssertEqual(diffuse.path, try MeshTestAssets.path("objects_pybullet/table/table.png"))
        XCTAssertTrue(diffuse.exists)
        XCTAssertEqual(loaded.textures.filter { !$0.exists }.map(\.reference), ["table.tga"])
        XCTAssertEqual(loaded.submeshes.first?.material.diffuseColor[0] ?? 0, 0.588, accuracy: 1e-6)
    }

    // MARK: - Formats written here

    func testASCIISTL() throws {
        let folder = try MeshTestAssets.temporaryDirectory(for: self)
        let file = try MeshTestAssets.write(MeshTestAssets.asciiTetrahedron, to: "tetrahedron.stl", in: folder)
        let loaded = try MeshLoader.load(path: file)
        XCTAssertEqual(loaded.mesh.triangleCount, 4)
        XCTAssertEqual(Set(loaded.mesh.vertices).count, 4)
        let box = try XCTUnwrap(loaded.boundingBox)
        XCTAssertEqual(box.minimum, .zero)
        XCTAssertEqual(box.maximum.x, 0.1, accuracy: 1e-6)
        XCTAssertEqual(box.maximum.z, 0.1, accuracy: 1e-6)
    }

    func testGLTFWithEmbeddedBuffer() throws {
        let folder = try MeshTestAssets.temporaryDirectory(for: self)
        let file = try MeshTestAssets.write(MeshTestAssets.quadGLTF(), to: "quad.gltf", in: folder)
        let loaded = try MeshLoader.load(path: file)
        XCTAssertEqual(loaded.mesh.triangleCount, 2)
        XCTAssertEqual(loaded.mesh.vertices.count, 4)
        XCTAssertTrue(loaded.mesh.vertices.allSatisfy { $0.z == 0.5 }, "the node's translation is baked in")
        XCTAssertTrue(loaded.mesh.normals.allSatisfy { abs(abs($0.z) - 1) < 1e-6 }, "normals were generated")
        let material = try XCTUnwrap(loaded.submeshes.first?.material)
        XCTAssertEqual(material.name, "red")
        XCTAssertEqual(material.diffuseColor, [1, 0, 0, 0.5])
        let texture = try XCTUnwrap(material.diffuseTexture)
        XCTAssertEqual(texture.path, folder + "/checker.png")
        XCTAssertFalse(texture.exists)
    }

    // MARK: - Bad input

    func testBadFilesThrowImportErrorsNamingTheFile() throws {
        let folder = try MeshTestAssets.temporaryDirectory(for: self)
        var garbage = [UInt8](repeating: 0, count: 3001)
        var state: UInt64 = 12345
        for index in garbage.indices {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            garbage[index] = UInt8(truncatingIfNeeded: state >> 33)
        }
        try Data(garbage).write(to: URL(fileURLWithPath: folder + "/garbage.stl"))
        try MeshTestAssets.write("", to: "empty.stl", in: folder)
        try MeshTestAssets.write("solid nothing\nendsolid nothing\n", to: "no-facets.stl", in: folder)
        try MeshTestAssets.write("v 0 0 0\nv 1 0 0\nl 1 2\n", to: "lines.obj", in: folder)
        try MeshTestAssets.write("hello", to: "text.dae", in: folder)
        try MeshTestAssets.write("{\"asset\": ", to: "cut.gltf", in: folder)
        try FileManager.default.createDirectory(atPath: folder + "/folder.stl", withIntermediateDirectories: false)

        let cases = ["missing.stl": "not found", "garbage.stl": "assimp", "empty.stl": "empty",
                     "no-facets.stl": "assimp", "lines.obj": "no triangles", "text.dae": "assimp",
                     "cut.gltf": "assimp", "folder.stl": "directory"]
        for (name, fragment) in cases {
            let file = folder + "/" + name
            XCTAssertThrowsError(try MeshLoader.load(path: file), name) { error in
                guard let error = error as? ImportError else { return XCTFail("\(name): \(error)") }
                XCTAssertEqual(error.file, file)
                XCTAssertEqual(error.line, 0)
                XCTAssertTrue(error.description.hasPrefix(file + ":0: error: "), error.description)
                XCTAssertTrue(error.message.lowercased().contains(fragment), "\(name): \(error.message)")
            }
        }
    }

    func testConcurrentLoadsOfGoodAndBadFilesAreSafe() throws {
        let good = try MeshTestAssets.g1Meshes().prefix(6)
        let folder = try MeshTestAssets.temporaryDirectory(for: self)
        let bad = try MeshTestAssets.write("not a mesh", to: "bad.stl", in: folder)
        let files = Array(good) + Array(repeating: bad, count: 6)
        let results = UnsafeMutableBufferPointer<Int>.allocate(capacity: files.count)
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            results[index] = (try? MeshLoader.load(path: files[index]).mesh.triangleCount) ?? -1
        }
        XCTAssertTrue(results.prefix(6).allSatisfy { $0 > 0 })
        XCTAssertTrue(results.suffix(6).allSatisfy { $0 == -1 })
    }

    func testRelativePathsAreResolvedAgainstTheCurrentDirectory() {
        let current = FileManager.default.currentDirectoryPath
        XCTAssertEqual(MeshLoader.absolutePath("meshes/../part.stl"), current + "/part.stl")
        XCTAssertEqual(MeshLoader.absolutePath("/a/b/../c.stl"), "/a/c.stl")
    }
}
