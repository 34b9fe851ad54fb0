// Mass properties from geoms (MuJoCo's solid formulas, density 1000 by default) and from
// explicit <inertial> elements. Reference values measured with MuJoCo 4.0.
import Foundation
import Physics
import XCTest
@testable import Robot

final class MJCFInertiaTests: XCTestCase {
    private func inertial(_ geoms: String, compiler: String = "") throws -> Inertial? {
        let body = "<body name=\"a\">\n\(geoms)\n</body>"
        return try MJCFFixtures.importText(MJCFFixtures.model(body, compiler: compiler)).model.link(named: "a")?.inertial
    }

    func testSolidsMatchMuJoCo() throws {
        let capsule = try XCTUnwrap(try inertial("<geom type=\"capsule\" size=\"0.05 0.1\"/>"))
        XCTAssertEqual(capsule.mass, 2.094395102393196, accuracy: 1e-12)
        XCTAssertEqual(capsule.inertia.ixx, 0.013940817400304714, accuracy: 1e-12)
        XCTAssertEqual(capsule.inertia.izz, 0.00248709418409192, accuracy: 1e-12)
        let cylinder = try XCTUnwrap(try inertial("<geom type=\"cylinder\" size=\"0.05 0.1\"/>"))
        XCTAssertEqual(cylinder.mass, 1.5707963267948968, accuracy: 1e-12)
        XCTAssertEqual(cylinder.inertia.iyy, 0.006217735460229801, accuracy: 1e-12)
        XCTAssertEqual(cylinder.inertia.izz, 0.0019634954084936213, accuracy: 1e-12)
        let ellipsoid = try XCTUnwrap(try inertial("<geom type=\"ellipsoid\" size=\"0.1 0.2 0.3\"/>"))
        XCTAssertEqual(ellipsoid.mass, 25.132741228718345, accuracy: 1e-9)
        XCTAssertEqual(ellipsoid.inertia.ixx, 0.653451271946677, accuracy: 1e-12)
        XCTAssertEqual(ellipsoid.inertia.iyy, 0.5026548245743669, accuracy: 1e-12)
        XCTAssertEqual(ellipsoid.inertia.izz, 0.25132741228718347, accuracy: 1e-12)
        let box = try XCTUnwrap(try inertial("<geom type=\"box\" size=\"0.1 0.2 0.3\" density=\"500\"/>"))
        XCTAssertEqual(box.mass, 0.2 * 0.4 * 0.6 * 500, accuracy: 1e-9)
        XCTAssertEqual(box.inertia.ixx, box.mass * (0.16 + 0.36) / 12, accuracy: 1e-12)
        let sphere = try XCTUnwrap(try inertial("<geom size=\"0.1\" mass=\"3\"/>"))
        XCTAssertEqual(sphere.mass, 3)
        XCTAssertEqual(sphere.inertia.ixx, 0.4 * 3 * 0.01, accuracy: 1e-15)
    }

    func testParallelAxisAndRotation() throws {
        let pair = try XCTUnwrap(try inertial("<geom size=\"0.1\" pos=\"0.5 0 1\" mass=\"1\"/>\n<geom size=\"0.1\" pos=\"-0.5 0 1\" mass=\"1\"/>"))
        XCTAssertEqual(pair.mass, 2)
        XCTAssertLessThan((pair.origin.position - Vector3(0, 0, 1)).length, 1e-12)
        XCTAssertEqual(pair.inertia.ixx, 2 * 0.004, accuracy: 1e-12)
        XCTAssertEqual(pair.inertia.iyy, 2 * (0.004 + 0.25), accuracy: 1e-12)
        // A cylinder turned to lie along x has its small moment about x.
        let turned = try XCTUnwrap(try inertial("<geom type=\"cylinder\" size=\"0.05 0.1\" zaxis=\"1 0 0\"/>"))
        XCTAssertEqual(turned.inertia.ixx, 0.0019634954084936213, accuracy: 1e-12)
        XCTAssertEqual(turned.inertia.izz, 0.006217735460229801, accuracy: 1e-12)
        XCTAssertEqual(turned.inertia.ixy, 0, accuracy: 1e-15)
    }

    func testExplicitInertialWins() throws {
        let body = "<inertial pos=\"0.1 0 0\" quat=\"0 0 0 1\" mass=\"2\" diaginertia=\"1 2 3\"/>\n<geom size=\"1\"/>"
        let explicit = try XCTUnwrap(try inertial(body))
        XCTAssertEqual(explicit.mass, 2)
        XCTAssertEqual(explicit.inertia, .diagonal(Vector3(1, 2, 3)))
        assertMJCFPose(explicit.origin, Pose(position: Vector3(0.1, 0, 0), rotation: Quaternion(x: 0, y: 0, z: 1, w: 0)))
        // fullinertia is ixx iyy izz ixy ixz iyz.
        let full = try XCTUnwrap(try inertial("<inertial pos=\"0 0 0\" mass=\"1\" fullinertia=\"1 2 3 0.1 0.2 0.3\"/>"))
        XCTAssertEqual(full.inertia, InertiaTensor(ixx: 1, ixy: 0.1, ixz: 0.2, iyy: 2, iyz: 0.3, izz: 3))
        // inertiafromgeom="true": geoms win and the inertial is noted as ignored.
        let fromGeoms = try MJCFFixtures.importText(MJCFFixtures.model(
            "<body name=\"a\">\n\(body)\n</body>", compiler: "<compiler inertiafromgeom=\"true\"/>")).model
        XCTAssertEqual(fromGeoms.link(named: "a")?.inertial?.mass ?? 0, 4000 * Double.pi / 3, accuracy: 1e-9)
        XCTAssertTrue(fromGeoms.notes.contains { $0.message.contains("inertiafromgeom") })
        // inertiafromgeom="false": bodies without <inertial> are massless.
        XCTAssertNil(try inertial("<geom size=\"1\"/>", compiler: "<compiler inertiafromgeom=\"false\"/>"))
    }

    func testMeshGeomsWithoutInertialAreNoted() throws {
        let text = MJCFFixtures.model("<body name=\"a\">\n<geom type=\"mesh\" mesh=\"part\"/>\n<geom size=\"0.1\" mass=\"1\"/>\n</body>",
                                      sections: "<asset>\n<mesh file=\"part.stl\" scale=\"2 2 2\"/>\n</asset>")
        let model = try MJCFFixtures.importText(text, extra: ["part.stl": "solid part\nendsolid part\n"]).model
        let link = try XCTUnwrap(model.link(named: "a"))
        XCTAssertEqual(link.inertial?.mass, 1, "the sphere only")
        let note = try XCTUnwrap(model.notes.first { $0.message.contains("mesh geoms give no mass") })
        XCTAssertEqual(note.line, 8)  // the mesh geom
        guard case .mesh(let path, let scale) = link.visuals[0].shape else { return XCTFail("\(link.visuals[0].shape)") }
        XCTAssertTrue(path.hasSuffix("/part.stl"))
        XCTAssertEqual(scale, Vector3(2, 2, 2))
    }

    func testHelpers() {
        XCTAssertNil(MJCFInertia.volume(of: .plane))
        XCTAssertNil(MJCFInertia.combine([]))
        let rotated = MJCFInertia.rotate(moments: Vector3(1, 2, 3), by: Quaternion(axis: .unitZ, angle: .pi / 2))
        XCTAssertEqual(rotated[0], 2, accuracy: 1e-12)
        XCTAssertEqual(rotated[4], 1, accuracy: 1e-12)
        XCTAssertEqual(rotated[8], 3, accuracy: 1e-12)
    }
}
