// MeshTestAssets: where the mesh tests find the shared third-party robot files
// (`<repo>/../shared/assets`, never copied into the repository) and scratch folders.
import Foundation
import XCTest

enum MeshTestAssets {
    /// `<repo>/../shared/assets`, computed from this file's path.
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // RobotTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // repository
        .appendingPathComponent("../shared/assets").standardizedFileURL

    /// The absolute path of `relative` inside the shared assets; skips the test when absent.
    static func path(_ relative: String) throws -> String {
        let file = directory.appendingPathComponent(relative).path
        guard FileManager.default.fileExists(atPath: file) else {
            throw XCTSkip("…/shared/assets not found: \(file)")
        }
        return file
    }

    /// The 35 binary STL meshes of the Unitree G1, sorted by name.
    static func g1Meshes() throws -> [String] {
        let folder = try path("unitree_g1/g1_description/meshes")
        return try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasSuffix(".STL") }.sorted().map { folder + "/" + $0 }
    }

    /// A fresh empty folder, removed when the test case ends.
    static func temporaryDirectory(for testCase: XCTestCase) throws -> String {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("tg-mesh-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        testCase.addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        return folder
    }

    /// Writes `text` to `folder/name` and returns the file's path.
    @discardableResult
    static func write(_ text: String, to name: String, in folder: String) throws -> String {
        let file = folder + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    /// A closed tetrahedron with corners at the origin and 0.1 m along each axis, as ASCII STL.
    static let asciiTetrahedron = """
        solid tetrahedron
          facet normal 0 0 -1
            outer loop
              vertex 0 0 0
              vertex 0 0.1 0
              vertex 0.1 0 0
            endloop
          endfacet
          facet normal 0 -1 0
            outer loop
              vertex 0 0 0
              vertex 0.1 0 0
              vertex 0 0 0.1
            endloop
          endfacet
          facet normal -1 0 0
            outer loop
              vertex 0 0 0
              vertex 0 0 0.1
              vertex 0 0.1 0
            endloop
          endfacet
          facet normal 0.57735 0.57735 0.57735
            outer loop
              vertex 0.1 0 0
              vertex 0 0.1 0
              vertex 0 0 0.1
            endloop
          endfacet
        endsolid tetrahedron

        """

    /// A glTF 2.0 file with its buffer embedded as base64: a 1 m square quad (two
    /// triangles) in the z = 0 plane, placed by its node at z = 0.5, with a half-transparent
    /// red material whose base-colour texture `checker.png` does not exist.
    static func quadGLTF() -> String {
        var buffer = Data()
        for value: Float in [0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0] {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { buffer.append(contentsOf: $0) }
        }
        for index: UInt16 in [0, 1, 2, 1, 3, 2] {
            withUnsafeBytes(of: index.littleEndian) { buffer.append(contentsOf: $0) }
        }
        let uri = "data:application/octet-stream;base64," + buffer.base64EncodedString()
        return """
            {"asset": {"version": "2.0"}, "scene": 0, "scenes": [{"nodes": [0]}],
             "nodes": [{"mesh": 0, "translation": [0, 0, 0.5]}],
             "meshes": [{"name": "quad", "primitives": [{"attributes": {"POSITION": 0}, "indices": 1, "material": 0}]}],
             "materials": [{"name": "red", "pbrMetallicRoughness": {"baseColorFactor": [1, 0, 0, 0.5],
                            "baseColorTexture": {"index": 0}}}],
             "textures": [{"source": 0}], "images": [{"uri": "checker.png"}],
             "buffers": [{"byteLength": \(buffer.count), "uri": "\(uri)"}],
             "bufferViews": [{"buffer": 0, "byteOffset": 0, "byteLength": 48},
                             {"buffer": 0, "byteOffset": 48, "byteLength": 12}],
             "accessors": [{"bufferView": 0, "componentType": 5126, "count": 4, "type": "VEC3",
                            "min": [0, 0, 0], "max": [1, 1, 0]},
                           {"bufferView": 1, "componentType": 5123, "count": 6, "type": "SCALAR"}]}
            """
    }

    /// A Collada triangle in centimetres (`<unit meter="0.01">`), Z up, with corners
    /// (0,0,0), (10,0,0) and (0,20,30) cm.
    static let centimetreCollada = """
        <?xml version="1.0" encoding="utf-8"?>
        <COLLADA xmlns="http://www.collada.org/2005/11/COLLADASchema" version="1.4.1">
          <asset><unit meter="0.01" name="centimeter"/><up_axis>Z_UP</up_axis></asset>
          <library_geometries>
            <geometry id="tri" name="tri"><mesh>
              <source id="tri-pos"><float_array id="tri-pos-array" count="9">0 0 0 10 0 0 0 20 30</float_array>
                <technique_common><accessor source="#tri-pos-array" count="3" stride="3">
                  <param name="X" type="float"/><param name="Y" type="float"/><param name="Z" type="float"/>
                </accessor></technique_common></source>
              <vertices id="tri-vtx"><input semantic="POSITION" source="#tri-pos"/></vertices>
              <triangles count="1"><input semantic="VERTEX" source="#tri-vtx" offset="0"/><p>0 1 2</p></triangles>
            </mesh></geometry>
          </library_geometries>
          <library_visual_scenes><visual_scene id="s"><node id="n" name="n"><instance_geometry url="#tri"/></node>
          </visual_scene></library_visual_scenes>
          <scene><instance_visual_scene url="#s"/></scene>
        </COLLADA>

        """
}
