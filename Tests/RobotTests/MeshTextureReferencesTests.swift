// MeshTextureReferences: the image files DAE and OBJ meshes name, found without reading geometry.
import Foundation
import XCTest
@testable import Robot

final class MeshTextureReferencesTests: XCTestCase {
    func testColladaImagesButNotSurfaceIds() throws {
        let directory = try URDFFixtures.makeScratch()
        defer { URDFFixtures.removeScratch(directory) }
        let dae = """
            <COLLADA><library_images>
            <image id="a"><init_from>../textures/present.jpg</init_from></image>
            <image id="b"><init_from>../textures/absent%20one.png</init_from></image>
            <image id="c"><init_from><ref>file:///opt/textures/v15.png</ref></init_from></image>
            </library_images><library_effects><surface type="2D"><init_from>a</init_from></surface></library_effects></COLLADA>
            """
        let mesh = try URDFFixtures.write(dae, at: "meshes/part.dae", in: directory)
        try URDFFixtures.write("jpg", at: "textures/present.jpg", in: directory)
        let references = MeshTextureReferences.references(ofMesh: mesh)
        XCTAssertEqual(references.map(\.path), [directory + "/textures/present.jpg", directory + "/textures/absent one.png",
                                                "/opt/textures/v15.png"])
        XCTAssertTrue(references.allSatisfy { $0.kind == .texture })
        XCTAssertEqual(MeshTextureReferences.missingReferences(ofMesh: mesh).map(\.writtenAs),
                       ["../textures/absent%20one.png", "file:///opt/textures/v15.png"])
    }

    func testWavefrontMaterialLibrariesAndMaps() throws {
        let directory = try URDFFixtures.makeScratch()
        defer { URDFFixtures.removeScratch(directory) }
        let mesh = try URDFFixtures.write("# obj\nmtllib part.mtl gone.mtl\nv 0 0 0\r\nf 1 1 1\n", at: "part.obj", in: directory)
        try URDFFixtures.write("newmtl m\n  map_Ka ambient.tga\nmap_Kd -s 1 1 1 diffuse.png\nbump -bm 0.5 bump.png\nKd 1 1 1\n",
                               at: "part.mtl", in: directory)
        try URDFFixtures.write("png", at: "diffuse.png", in: directory)
        let references = MeshTextureReferences.references(ofMesh: mesh)
        XCTAssertEqual(references.map(\.writtenAs), ["part.mtl", "ambient.tga", "diffuse.png", "bump.png", "gone.mtl"])
        XCTAssertEqual(references.first?.kind, .materialLibrary)
        XCTAssertEqual(MeshTextureReferences.missingReferences(ofMesh: mesh).map(\.writtenAs), ["ambient.tga", "bump.png", "gone.mtl"])
        XCTAssertTrue(MeshTextureReferences.references(ofMesh: directory + "/nothing.stl").isEmpty)
    }
}
