// KinematicModel: forward kinematics agrees with the physics world; Jacobians agree with
// finite differences.
import Foundation
import XCTest
import Physics
import Robot
@testable import Control

enum ControlTestSupport {
    static let humanoidPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path + "/Assets/robots/tg_humanoid/tg_humanoid.urdf"
    static func humanoid() throws -> RobotModel { try URDFImporter.load(path: humanoidPath) }
    static let profilePath = URL(fileURLWithPath: humanoidPath).deletingPathExtension().path + ".profile.json"
    /// tg_humanoid's legs in its profile's standing pose.
    static func layout() throws -> LegLayout {
        let profile = try RobotProfile.load(path: profilePath)
        return try LegLayout(model: try humanoid(), profile: profile, nominal: profile.standingPose)
    }
    /// The sensors of the standing pose held still, the pelvis turned by `orientation`.
    static func still(_ layout: LegLayout, orientation: Quaternion = Quaternion(x: 0, y: 0, z: 0, w: 1)) -> RobotSensors {
        RobotSensors(jointPositions: layout.nominal, jointVelocities: layout.nominal.mapValues { _ in 0.0 },
                     orientation: orientation, angularVelocity: .zero)
    }
}

final class KinematicModelTests: XCTestCase {
    func testForwardKinematicsMatchesThePhysicsWorld() throws {
        let model = try ControlTestSupport.humanoid()
        let kinematics = KinematicModel(model: model)
        let positions = Dictionary(uniqueKeysWithValues: kinematics.jointNames.enumerated().map {
            ($1, 0.3 * sin(Double($0) * 1.7))
        })
        let world = try World()
        let base = Pose(position: Vector3(0.2, -0.1, 1.0), rotation: Quaternion(axis: Vector3(0.2, 0.1, 1), angle: 0.4))
        let robot = try RobotBuilder.build(model, in: world, options: RobotBuildOptions(basePose: base, fixedBase: true))
        try robot.setJointPositions(positions)
        let poses = kinematics.linkPoses(q: kinematics.coordinates(positions), base: base)
        for link in ["left_palm", "right_foot", "head", "left_grasp", "right_sole", "torso"] {
            let expected = try robot.framePose(link)
            let got = try XCTUnwrap(poses[link])
            XCTAssertEqual((got.position - expected.position).length, 0, accuracy: 1e-9, link)
            XCTAssertEqual(abs(got.rotation.x * expected.rotation.x + got.rotation.y * expected.rotation.y
                               + got.rotation.z * expected.rotation.z + got.rotation.w * expected.rotation.w), 1,
                           accuracy: 1e-9, link)
        }
    }

    func testJacobianMatchesFiniteDifferences() throws {
        let kinematics = KinematicModel(model: try ControlTestSupport.humanoid())
        let q = (0..<kinematics.coordinateCount).map { 0.2 * cos(Double($0)) }
        let base = Pose(position: Vector3(0, 0, 1))
        let point = Vector3(0.01, 0.02, -0.05)
        let jacobian = kinematics.jacobian(link: "left_palm", point: point, q: q, base: base)
        let h = 1e-6
        for column in 0..<kinematics.coordinateCount {
            var plus = q, minus = q
            plus[column] += h
            minus[column] -= h
            let a = kinematics.linkPoses(q: plus, base: base)["left_palm"]!.transform(point)
            let b = kinematics.linkPoses(q: minus, base: base)["left_palm"]!.transform(point)
            let numeric = (a - b) / (2 * h)
            XCTAssertEqual(jacobian[0][column], numeric.x, accuracy: 1e-6)
            XCTAssertEqual(jacobian[1][column], numeric.y, accuracy: 1e-6)
            XCTAssertEqual(jacobian[2][column], numeric.z, accuracy: 1e-6)
        }
        let com = kinematics.centerOfMass(q: q, base: base)
        XCTAssertGreaterThan(com.position.z, 0.5)
    }
}
