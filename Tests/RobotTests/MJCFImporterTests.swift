// MJCFImporter on the real humanoid files in shared/assets, checked against what MuJoCo
// 4.0 reports for them (README facts; masses measured with MuJoCo's compiler).
import Foundation
import Physics
import XCTest
@testable import Robot

final class MJCFImporterTests: XCTestCase {
    /// MJCF bodies (links that are not intermediate links of multi-joint bodies).
    private func bodyLinks(_ model: RobotModel) -> [RobotLink] {
        model.links.filter { MJCFImporter.isBodyLink($0.name, in: model) }
    }

    private func geometry(named name: String, in link: RobotLink?) -> RobotGeometry? {
        guard let link else { return nil }
        return (link.collisions + link.visuals).first { $0.name == name }
    }

    // MARK: dm_control humanoid

    func testDMCHumanoidMatchesMuJoCoCounts() throws {
        let imported = try MJCFFixtures.importAsset("dmc_humanoid/humanoid.xml")
        let model = imported.model
        XCTAssertEqual(imported.counts, MJCFCounts(bodies: 17, joints: 22, positions: 28, velocities: 27, actuators: 21, meshes: 0))
        XCTAssertEqual(bodyLinks(model).count, 16)
        XCTAssertTrue(model.floatingBase)
        XCTAssertEqual(model.rootLink, "torso")
        XCTAssertEqual(model.movableJoints.count, 21)
        XCTAssertTrue(model.movableJoints.allSatisfy { $0.kind == .revolute })
        XCTAssertEqual(model.jointDegreesOfFreedom + 6, 27)
        XCTAssertEqual(model.actuators.count, 21)
        XCTAssertTrue(model.actuators.allSatisfy { $0.kind == .motor && $0.controlRange == -1...1 })
        XCTAssertEqual(model.actuators.first { $0.joint == "right_hip_y" }?.gear, 120)
        XCTAssertEqual(model.totalMass, 40.84402122162134, accuracy: 1e-9)  // MuJoCo: sum(body_mass)
        assertMJCFPose(imported.basePose, Pose(position: Vector3(0, 0, 1.5)))
        // The free joint is the floating base, not a RobotJoint.
        XCTAssertNil(model.joint(named: "root"))
    }

    func testDMCHumanoidAnglesAreDegreesConvertedToRadians() throws {
        let model = try MJCFFixtures.importAsset("dmc_humanoid/humanoid.xml").model
        let abdomen = try XCTUnwrap(model.joint(named: "abdomen_z")?.limits)
        XCTAssertEqual(abdomen.lower ?? 0, -Double.pi / 4, accuracy: 1e-12)
        XCTAssertEqual(abdomen.upper ?? 0, Double.pi / 4, accuracy: 1e-12)
        let knee = try XCTUnwrap(model.joint(named: "right_knee")?.limits)
        XCTAssertEqual(knee.lower ?? 0, -160 * Double.pi / 180, accuracy: 1e-12)
        XCTAssertEqual(knee.upper ?? 0, 2 * Double.pi / 180, accuracy: 1e-12)
        // Motors: effort = |ctrlrange| × gear when the file gives no force range.
        XCTAssertEqual(knee.effort, 80)
    }

    func testDMCHumanoidDefaultClassesReachJoints() throws {
        let model = try MJCFFixtures.importAsset("dmc_humanoid/humanoid.xml").model
        let abdomenZ = try XCTUnwrap(model.joint(named: "abdomen_z"))  // class big_stiff_joint
        XCTAssertEqual(abdomenZ.damping, 5)
        XCTAssertEqual(abdomenZ.stiffness, 20)
        XCTAssertEqual(abdomenZ.armature, 0.01)
        let abdomenY = try XCTUnwrap(model.joint(named: "abdomen_y"))  // class big_joint
        XCTAssertEqual(abdomenY.stiffness, 10)
        let knee = try XCTUnwrap(model.joint(named: "right_knee"))  // childclass body
        XCTAssertEqual(knee.damping, 0.2)
        XCTAssertEqual(knee.stiffness, 1)
        XCTAssertEqual(model.joint(named: "right_elbow")?.stiffness, 0)  // element overrides the class
        XCTAssertEqual(model.joint(named: "right_ankle_y")?.stiffness, 6)
    }

    func testDMCHumanoidFromtoCapsules() throws {
        let model = try MJCFFixtures.importAsset("dmc_humanoid/humanoid.xml").model
        // <geom name="right_thigh" fromto="0 0 0 0 .01 -.34" size=".06"/>, class body: capsule.
        let thigh = try XCTUnwrap(geometry(named: "right_thigh", in: model.link(named: "right_thigh")))
        guard case .capsule(let radius, let length) = thigh.shape else { return XCTFail("\(thigh.shape)") }
        XCTAssertEqual(radius, 0.06, accuracy: 1e-12)
        XCTAssertEqual(length, (0.01 * 0.01 + 0.34 * 0.34).squareRoot(), accuracy: 1e-12)
        XCTAssertLessThan((thigh.origin.position - Vector3(0, 0.005, -0.17)).length, 1e-12)
        let direction = thigh.origin.rotation.rotate(.unitZ)
        XCTAssertLessThan((direction - Vector3(0, 0.01, -0.34).normalized).length, 1e-12)
        XCTAssertEqual(thigh.color, [0.7, 0.5, 0.3, 1])  // material "self" from an included file
        // Collides and is drawn.
        XCTAssertEqual(model.link(named: "right_thigh")?.visuals.count, 1)
        XCTAssertEqual(model.link(named: "right_thigh")?.collisions.count, 1)
    }

    func testDMCHumanoidMultiJointBodiesBecomeChains() throws {
        let model = try MJCFFixtures.importAsset("dmc_humanoid/humanoid.xml").model
        // right_thigh has joints right_hip_x, right_hip_z, right_hip_y (in that order).
        let hipX = try XCTUnwrap(model.joint(named: "right_hip_x"))
        let hipZ = try XCTUnwrap(model.joint(named: "right_hip_z"))
        let hipY = try XCTUnwrap(model.joint(named: "right_hip_y"))
        XCTAssertEqual(hipX.parent, "pelvis")
        XCTAssertEqual(hipX.child, "right_thigh__right_hip_x")
        XCTAssertEqual(hipZ.parent, "right_thigh__right_hip_x")
        XCTAssertEqual(hipZ.child, "right_thigh__right_hip_z")
        XCTAssertEqual(hipY.parent, "right_thigh__right_hip_z")
        XCTAssertEqual(hipY.child, "right_thigh")
        XCTAssertNil(model.link(named: "right_thigh__right_hip_x")?.inertial)
        XCTAssertNotNil(model.link(named: "right_thigh")?.inertial)
        XCTAssertTrue(model.notes.contains { $0.message.contains("<body>__<joint>") })
        // right_foot: right_ankle_y at z = .08, right_ankle_x at z = .04 (anchors in the body).
        let ankleY = try XCTUnwrap(model.joint(named: "right_ankle_y"))
        let ankleX = try XCTUnwrap(model.joint(named: "right_ankle_x"))
        XCTAssertLessThan((ankleY.origin.position - Vector3(0, 0, -0.39 + 0.08 - 0.02)).length, 1e-12,
                          "the knee link's frame is at the knee anchor (z = .02 in right_shin)")
        XCTAssertLessThan((ankleX.origin.position - Vector3(0, 0, -0.04)).length, 1e-12)
        XCTAssertLessThan((ankleX.axis - Vector3(1, 0, 0.5).normalized).length, 1e-12)
        // The foot's geoms are shifted by the last anchor (its frame sits at z = .04).
        let foot = try XCTUnwrap(geometry(named: "right_right_foot", in: model.link(named: "right_foot")))
        XCTAssertEqual(foot.origin.position.z, -0.04, accuracy: 1e-12)
        // Tree order: every joint's parent is the root or an earlier joint's child.
        var reached: Set<String> = [model.rootLink]
        for joint in model.joints {
            XCTAssertTrue(reached.contains(joint.parent), joint.name)
            reached.insert(joint.child)
        }
        XCTAssertEqual(reached.count, model.links.count)
        XCTAssertEqual(model.links.first?.name, model.rootLink)
    }

    func testDMCHumanoidNotesUnsupportedElementsOnce() throws {
        let model = try MJCFFixtures.importAsset("dmc_humanoid/humanoid.xml").model
        let messages = model.notes.map(\.message)
        for element in ["<sensor>", "<site>", "<camera>", "<light>", "<option>", "<statistic>", "<visual>", "<texture>"] {
            XCTAssertEqual(messages.filter { $0.hasPrefix(element) }.count, 1, "\(element): \(messages)")
        }
        let site = try XCTUnwrap(model.notes.first { $0.message.hasPrefix("<site>") })
        XCTAssertEqual(site.line, 38)  // the first <site>
        XCTAssertTrue(site.message.contains("and 24 more"), site.message)
        let visual = try XCTUnwrap(model.notes.first { $0.message.hasPrefix("<visual>") })
        XCTAssertTrue(visual.file.hasSuffix("common/visual.xml"), "notes name the included file")
        XCTAssertTrue(messages.contains { $0.contains("world body") }, "the floor is noted")
    }

    // MARK: CMU humanoid (includes)

    func testCMUHumanoidWithIncludes() throws {
        let imported = try MJCFFixtures.importAsset("dmc_humanoid/humanoid_CMU.xml")
        let model = imported.model
        XCTAssertEqual(imported.counts, MJCFCounts(bodies: 32, joints: 57, positions: 63, velocities: 62, actuators: 56, meshes: 0))
        XCTAssertEqual(bodyLinks(model).count, 31)
        XCTAssertEqual(model.movableJoints.count, 56)
        XCTAssertTrue(model.movableJoints.allSatisfy { $0.kind == .revolute })
        XCTAssertEqual(model.actuators.count, 56)
        XCTAssertTrue(model.floatingBase)
        XCTAssertEqual(model.totalMass, 51.845941401700195, accuracy: 1e-9)  // MuJoCo
        // root: pos="0 0 1" euler="90 0 0" (degrees).
        assertMJCFPose(imported.basePose, Pose(position: Vector3(0, 0, 1), rotation: Quaternion(axis: .unitX, angle: .pi / 2)))
        // Bodies without joints (lhipjoint) hang on fixed joints.
        XCTAssertEqual(model.joints.first { $0.child == "lhipjoint" }?.kind, .fixed)
        // class="main" on the top-level default; stiff_high from the humanoid class tree.
        XCTAssertEqual(model.joint(named: "lowerbackrz")?.stiffness, 30)
        XCTAssertEqual(model.joint(named: "ltoesrx")?.stiffness, 0.1)
    }

    // MARK: Booster T1

    func testBoosterT1MatchesMuJoCoCounts() throws {
        let imported = try MJCFFixtures.importAsset("booster_t1/t1.xml")
        let model = imported.model
        XCTAssertEqual(imported.counts, MJCFCounts(bodies: 25, joints: 24, positions: 30, velocities: 29, actuators: 23, meshes: 24))
        XCTAssertEqual(model.links.count, 24)  // one joint per body: no intermediate links
        XCTAssertEqual(model.movableJoints.count, 23)
        XCTAssertTrue(model.floatingBase)
        XCTAssertEqual(model.totalMass, 31.614357, accuracy: 1e-9)
        XCTAssertEqual(model.actuators.count, 23)
        XCTAssertTrue(model.actuators.allSatisfy { $0.kind == .position && $0.kp == 75 && $0.kv == 5 })
    }

    func testBoosterT1InheritRangeCopiesJointRanges() throws {
        let model = try MJCFFixtures.importAsset("booster_t1/t1.xml").model
        for actuator in model.actuators {
            let limits = try XCTUnwrap(model.joint(named: actuator.joint)?.limits, actuator.joint)
            let range = try XCTUnwrap(actuator.controlRange, actuator.name)
            XCTAssertEqual(range.lowerBound, limits.lower ?? .nan, accuracy: 1e-12, actuator.name)
            XCTAssertEqual(range.upperBound, limits.upper ?? .nan, accuracy: 1e-12, actuator.name)
        }
        let hipRoll = try XCTUnwrap(model.actuators.first { $0.joint == "Left_Hip_Roll" }?.controlRange)
        XCTAssertEqual(hipRoll.lowerBound, -0.2, accuracy: 1e-12)
        XCTAssertEqual(hipRoll.upperBound, 1.57, accuracy: 1e-12)
    }

    func testBoosterT1ClassesAndChildclass() throws {
        let model = try MJCFFixtures.importAsset("booster_t1/t1.xml").model
        let trunk = try XCTUnwrap(model.link(named: "Trunk"))
        // class visual (contype=conaffinity=0): drawn only; class collision (group 3): collides only.
        XCTAssertEqual(trunk.visuals.count, 1)
        XCTAssertEqual(trunk.collisions.count, 1)
        guard case .mesh(let path, _) = trunk.visuals[0].shape else { return XCTFail("\(trunk.visuals[0].shape)") }
        XCTAssertTrue(path.hasSuffix("booster_t1/assets/Trunk.stl"), path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
        XCTAssertEqual(trunk.visuals[0].color, [0.76, 0.76, 0.76, 1])  // material on the element
        guard case .box(let size) = trunk.collisions[0].shape else { return XCTFail("\(trunk.collisions[0].shape)") }
        XCTAssertLessThan((size - Vector3(0.15, 0.2, 0.3)).length, 1e-12, "MJCF half sizes become full sizes")
        // H1's visual takes medium_gray from class t1 through class visual.
        XCTAssertEqual(model.link(named: "H1")?.visuals.first?.color, [0.4, 0.4, 0.4, 1])
        // childclass t1 on Trunk reaches every joint below it.
        XCTAssertTrue(model.movableJoints.allSatisfy { $0.friction == 0.1 && $0.armature == 0.005 })
        XCTAssertEqual(model.joint(named: "Left_Knee_Pitch")?.limits?.effort, 60)  // actuatorfrcrange
    }

    func testBoosterT1KeyframeIsAPose() throws {
        let model = try MJCFFixtures.importAsset("booster_t1/t1.xml").model
        let home = try XCTUnwrap(model.keyframes.first)
        XCTAssertEqual(home.name, "home")
        assertMJCFPose(try XCTUnwrap(home.basePose), Pose(position: Vector3(0, 0, 0.665)))
        XCTAssertEqual(Set(home.jointPositions.keys), Set(model.movableJoints.map(\.name)))
        XCTAssertEqual(home.jointPositions["Left_Shoulder_Roll"], -1.4)
        XCTAssertEqual(home.jointPositions["Right_Knee_Pitch"], 0.4)
        for joint in model.movableJoints {
            let q = try XCTUnwrap(home.jointPositions[joint.name])
            XCTAssertGreaterThanOrEqual(q, joint.limits?.lower ?? -.infinity, joint.name)
            XCTAssertLessThanOrEqual(q, joint.limits?.upper ?? .infinity, joint.name)
        }
    }

    // MARK: Unitree G1

    func testUnitreeG1MatchesMuJoCoCounts() throws {
        let imported = try MJCFFixtures.importAsset("unitree_g1/g1_description/g1_29dof_rev_1_0.xml")
        let model = imported.model
        XCTAssertEqual(imported.counts, MJCFCounts(bodies: 31, joints: 30, positions: 36, velocities: 35, actuators: 29, meshes: 35))
        XCTAssertEqual(model.links.count, 30)
        XCTAssertEqual(model.movableJoints.count, 29)
        XCTAssertEqual(model.jointDegreesOfFreedom, 29)
        XCTAssertTrue(model.floatingBase)
        XCTAssertEqual(model.rootLink, "pelvis")
        XCTAssertEqual(model.actuators.count, 29)
        XCTAssertTrue(model.actuators.allSatisfy { $0.kind == .motor && $0.gear == 1 && $0.controlRange == nil })
        XCTAssertEqual(model.totalMass, 33.341142, accuracy: 1e-9)
        assertMJCFPose(imported.basePose, Pose(position: Vector3(0, 0, 0.793)))
        XCTAssertEqual(model.joint(named: "left_knee_joint")?.limits?.effort, 139)
        // The second <worldbody> holds the floor: noted, not imported.
        let floor = try XCTUnwrap(model.notes.first { $0.message.contains("world body") })
        XCTAssertEqual(floor.line, 292)
        // Visual meshes (contype 0) are drawn only; collision meshes are drawn and collide.
        let pelvis = try XCTUnwrap(model.link(named: "pelvis"))
        XCTAssertEqual(pelvis.visuals.count, 3)
        XCTAssertEqual(pelvis.collisions.count, 1)
        for link in model.links {
            for geometry in link.visuals + link.collisions {
                if case .mesh(let path, _) = geometry.shape {
                    XCTAssertTrue(FileManager.default.fileExists(atPath: path), path)
                }
            }
        }
    }

    /// The URDF and the MJCF of the G1 describe the same robot: same joint names in the
    /// same order and the same mass (read straight from the URDF text here).
    func testUnitreeG1AgreesWithItsURDF() throws {
        let model = try MJCFFixtures.importAsset("unitree_g1/g1_description/g1_29dof_rev_1_0.xml").model
        let urdf = try XMLTree.load(path: (try MJCFFixtures.assets() as NSString)
            .appendingPathComponent("unitree_g1/g1_description/g1_29dof_rev_1_0.urdf"))
        let revolute = urdf.root.children(named: "joint").filter { $0["type"] == "revolute" }.compactMap { $0["name"] }
        XCTAssertEqual(model.movableJoints.map(\.name), revolute)
        let urdfMass = urdf.root.children(named: "link").compactMap {
            $0.child(named: "inertial")?.child(named: "mass")?["value"].flatMap(Double.init)
        }.reduce(0, +)
        XCTAssertEqual(model.totalMass, urdfMass, accuracy: urdfMass * 0.01)
    }

    func testLoadReturnsTheSameModel() throws {
        let path = (try MJCFFixtures.assets() as NSString).appendingPathComponent("booster_t1/t1.xml")
        XCTAssertEqual(try MJCFImporter.load(path: path), try MJCFImporter.importFile(path: path).model)
    }
}
