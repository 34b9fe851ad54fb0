// URDFImporter on real robot files (../shared/assets): the facts in its README, exactly.
import Foundation
import Physics
import XCTest
@testable import Robot

final class URDFImporterTests: XCTestCase {
    // MARK: Unitree G1 (29 DoF)

    private let g1Path = "unitree_g1/g1_description/g1_29dof_rev_1_0.urdf"

    func testG1LinksJointsAndDegreesOfFreedom() throws {
        let model = try URDFImporter.load(path: try URDFFixtures.asset(g1Path))
        XCTAssertEqual(model.name, "g1_29dof_rev_1_0")
        XCTAssertEqual(model.links.count, 39)
        XCTAssertEqual(model.rootLink, "pelvis")
        XCTAssertEqual(model.links.first?.name, "pelvis")
        XCTAssertEqual(model.joints.count, 38)
        XCTAssertEqual(model.joints.filter { $0.kind == .revolute }.count, 29)
        XCTAssertEqual(model.joints.filter { $0.kind == .fixed }.count, 9)
        XCTAssertEqual(model.jointDegreesOfFreedom, 29)
        let actuated = model.joints.filter { $0.kind != .fixed && $0.limits?.effort != nil }
        XCTAssertEqual(actuated.count, 29)
        XCTAssertFalse(model.floatingBase)
        XCTAssertTrue(model.actuators.isEmpty)
        XCTAssertTrue(model.sourceFile.hasSuffix("/g1_29dof_rev_1_0.urdf"))
        assertDepthFirst(model)

        let hipPitch = try XCTUnwrap(model.joint(named: "left_hip_pitch_joint"))
        XCTAssertEqual(hipPitch.parent, "pelvis")
        XCTAssertEqual(hipPitch.child, "left_hip_pitch_link")
        XCTAssertEqual(hipPitch.origin.position, Vector3(0, 0.064452, -0.1027))
        XCTAssertEqual(hipPitch.axis, Vector3(0, 1, 0))
        XCTAssertEqual(hipPitch.limits, JointLimits(lower: -2.5307, upper: 2.8798, effort: 88, velocity: 32))
    }

    func testG1MassesAndLinksWithoutInertial() throws {
        let path = try URDFFixtures.asset(g1Path)
        let model = try URDFImporter.load(path: path)
        let withoutInertial = Set(model.links.filter { $0.inertial == nil }.map(\.name))
        XCTAssertEqual(withoutInertial, ["imu_in_torso", "imu_in_pelvis", "d435_link", "mid360_link"])
        // Each hangs on a fixed joint: a massless frame, with a note on the link's line.
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        for name in withoutInertial {
            XCTAssertEqual(model.joints.first { $0.child == name }?.kind, .fixed, name)
            let line = URDFFixtures.line(of: "<link name=\"\(name)\">", in: text)
            XCTAssertTrue(model.notes.contains { $0.line == line && $0.message.contains("link[\(name)] has no <inertial>") },
                          "no note on line \(line) for \(name): \(model.notes)")
        }
        let pelvis = try XCTUnwrap(model.link(named: "pelvis")?.inertial)
        XCTAssertEqual(pelvis.mass, 3.813)
        XCTAssertEqual(pelvis.origin.position, Vector3(0, 0, -0.07605))
        XCTAssertEqual(pelvis.inertia, InertiaTensor(ixx: 0.010549, ixy: 0, ixz: 2.1E-06, iyy: 0.0093089, iyz: 0, izz: 0.0079184))
        // Sum of the file's <mass> values: 33.34114202 kg.
        XCTAssertEqual(model.totalMass, 33.34114202, accuracy: 1e-9)
        XCTAssertTrue((33...35).contains(model.totalMass))
    }

    func testG1GeometryAndMeshes() throws {
        let model = try URDFImporter.load(path: try URDFFixtures.asset(g1Path))
        let collisions = model.links.flatMap(\.collisions)
        XCTAssertEqual(collisions.filter { if case .mesh = $0.shape { return true } else { return false } }.count, 24)
        XCTAssertEqual(collisions.filter { if case .sphere = $0.shape { return true } else { return false } }.count, 8)
        XCTAssertEqual(collisions.filter { if case .cylinder = $0.shape { return true } else { return false } }.count, 4)
        XCTAssertEqual(collisions.count, 36)
        let meshes = Set(model.links.flatMap { $0.visuals + $0.collisions }.compactMap(\.urdfMeshFile))
        XCTAssertEqual(meshes.count, 35)
        for mesh in meshes {
            XCTAssertTrue(mesh.hasPrefix("/") && mesh.contains("/g1_description/meshes/") && mesh.hasSuffix(".STL"), mesh)
            XCTAssertTrue(PackageResolver.isFile(mesh), mesh)
        }
        // Named materials at robot level, referenced by name.
        let pelvisVisual = try XCTUnwrap(model.link(named: "pelvis")?.visuals.first)
        XCTAssertEqual(pelvisVisual.color, [0.2, 0.2, 0.2, 1])
    }

    func testG1CRLFLineNumbersAndOneMujocoNote() throws {
        let path = try URDFFixtures.asset(g1Path)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertTrue(String(decoding: data, as: UTF8.self).contains("\r\n"), "the G1 URDF is expected to use CRLF")
        let model = try URDFImporter.load(path: path)
        let mujoco = model.notes.filter { $0.message.contains("<mujoco>") }
        XCTAssertEqual(mujoco.count, 1, "\(model.notes)")
        XCTAssertEqual(mujoco.first?.line, 9)
        XCTAssertEqual(mujoco.first?.file, model.sourceFile)
        // Four massless frames and the <mujoco> block: nothing else is noted.
        XCTAssertEqual(model.notes.count, 5, "\(model.notes)")
    }

    // MARK: Atlas with MultiSense head

    func testAtlasTwoPackagesAndMissingPNGTexturesAreNotes() throws {
        let model = try URDFImporter.load(path: try URDFFixtures.asset("atlas/atlas_description/urdf/atlas_v4_with_multisense.urdf"))
        XCTAssertEqual(model.links.count, 31)
        XCTAssertEqual(model.joints.count, 30)
        XCTAssertTrue(model.joints.allSatisfy { $0.kind == .revolute })
        XCTAssertEqual(model.rootLink, "pelvis")
        assertDepthFirst(model)

        let meshes = Set(model.links.flatMap { $0.visuals + $0.collisions }.compactMap(\.urdfMeshFile))
        XCTAssertFalse(meshes.isEmpty)
        XCTAssertTrue(meshes.allSatisfy { $0.hasSuffix(".dae") && PackageResolver.isFile($0) }, "\(meshes)")
        let atlasDirectory = try URDFFixtures.assetsDirectory() + "/atlas/"
        XCTAssertTrue(meshes.contains { $0.hasPrefix(atlasDirectory + "atlas_description/") })
        XCTAssertTrue(meshes.contains { $0.hasPrefix(atlasDirectory + "multisense_sl_description/") })
        XCTAssertTrue(meshes.allSatisfy {
            $0.hasPrefix(atlasDirectory + "atlas_description/") || $0.hasPrefix(atlasDirectory + "multisense_sl_description/")
        })

        let textureNotes = model.notes.filter { $0.message.contains("texture not found") }
        XCTAssertEqual(textureNotes.count, 2, "\(model.notes)")
        for png in ["extremities_diffuse.png", "torso_diffuse.png"] {
            XCTAssertEqual(textureNotes.filter { $0.message.contains("/materials/textures/\(png)") }.count, 1, png)
        }
        XCTAssertTrue(textureNotes.allSatisfy { $0.line > 0 })
        XCTAssertEqual(model.notes.filter { $0.message.contains("<safety_controller>") }.count, 1)
        // The head's inline colour (a material with an empty name).
        XCTAssertEqual(model.link(named: "head")?.visuals.first?.color, [0.9098, 0.44314, 0.031373, 1])
        XCTAssertEqual(model.totalMass, 182.41684, accuracy: 1e-9)
    }

    // MARK: KUKA iiwa

    func testKukaObjVisualsStlCollisions() throws {
        let model = try URDFImporter.load(path: try URDFFixtures.asset("kuka_iiwa/kuka_iiwa/model.urdf"))
        XCTAssertEqual(model.links.count, 8)
        XCTAssertEqual(model.joints.count, 7)
        XCTAssertTrue(model.joints.allSatisfy { $0.kind == .revolute })
        XCTAssertEqual(model.rootLink, "lbr_iiwa_link_0")
        assertDepthFirst(model)
        let visuals = model.links.flatMap(\.visuals).compactMap(\.urdfMeshFile)
        let collisions = model.links.flatMap(\.collisions).compactMap(\.urdfMeshFile)
        XCTAssertEqual(visuals.count, 8)
        XCTAssertEqual(collisions.count, 8)
        XCTAssertTrue(visuals.allSatisfy { $0.hasSuffix(".obj") && PackageResolver.isFile($0) }, "\(visuals)")
        XCTAssertTrue(collisions.allSatisfy { $0.hasSuffix(".stl") && PackageResolver.isFile($0) }, "\(collisions)")
        XCTAssertEqual(model.link(named: "lbr_iiwa_link_0")?.visuals.first?.color, [0.2, 0.2, 0.2, 1])
        XCTAssertEqual(model.joints[0].axis, .unitZ)
        XCTAssertEqual(model.joints[0].limits?.effort, 300)
        XCTAssertEqual(model.totalMass, 17.5, accuracy: 1e-12)
        XCTAssertFalse(model.notes.contains { $0.message.contains("not found") }, "\(model.notes)")
    }

    // MARK: pybullet props

    func testTableIsASingleLinkPropWithMissingTGAAsANote() throws {
        let model = try URDFImporter.load(path: try URDFFixtures.asset("objects_pybullet/table/table.urdf"))
        XCTAssertEqual(model.links.count, 1)
        XCTAssertTrue(model.joints.isEmpty)
        XCTAssertEqual(model.rootLink, "baseLink")
        let link = model.links[0]
        XCTAssertEqual(link.visuals.count, 5)
        XCTAssertEqual(link.collisions.count, 1)
        XCTAssertEqual(link.collisions[0].shape, .box(size: Vector3(1.5, 1, 0.05)))
        XCTAssertEqual(link.visuals[0].shape.urdfMeshScale, Vector3(1.5, 1, 0.05))
        XCTAssertEqual(link.inertial?.mass, 0)
        let tga = model.notes.filter { $0.message.contains("table.tga") }
        XCTAssertEqual(tga.count, 1, "\(model.notes)")
        XCTAssertFalse(model.notes.contains { $0.message.contains("table.png") }, "table.png exists: \(model.notes)")
        // "framemat0" is used three times but defined nowhere: one note.
        XCTAssertEqual(model.notes.filter { $0.message.contains("framemat0") }.count, 1)
    }

    func testTrayIsASingleLinkPropWithBoxWalls() throws {
        let model = try URDFImporter.load(path: try URDFFixtures.asset("objects_pybullet/tray/traybox.urdf"))
        XCTAssertEqual(model.links.count, 1)
        XCTAssertTrue(model.joints.isEmpty)
        let link = model.links[0]
        XCTAssertEqual(link.collisions.count, 5)
        XCTAssertEqual(link.visuals.first?.shape.urdfMeshScale, Vector3(0.5, 0.5, 0.5))
        XCTAssertTrue(link.visuals.first?.urdfMeshFile.map(PackageResolver.isFile) ?? false)
        XCTAssertFalse(model.notes.contains { $0.message.contains("not found") }, "\(model.notes)")
    }

    // MARK: Helpers

    /// links[0] is the root and links[i + 1] is joints[i]'s child; each parent came earlier.
    private func assertDepthFirst(_ model: RobotModel, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(model.links.count, model.joints.count + 1, file: file, line: line)
        var seen: Set<String> = [model.rootLink]
        for (index, joint) in model.joints.enumerated() {
            XCTAssertTrue(seen.contains(joint.parent), "\(joint.name)'s parent comes later", file: file, line: line)
            XCTAssertEqual(model.links[index + 1].name, joint.child, file: file, line: line)
            seen.insert(joint.child)
        }
    }
}

extension RobotGeometry {
    /// The mesh file, for mesh shapes.
    var urdfMeshFile: String? {
        if case .mesh(let path, _) = shape { return path }
        return nil
    }
}

extension GeometryShape {
    var urdfMeshScale: Vector3? {
        if case .mesh(_, let scale) = self { return scale }
        return nil
    }
}
