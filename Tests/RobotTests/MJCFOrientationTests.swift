// Orientation attributes → Quaternion, honouring the compiler's angle unit and eulerseq.
// Reference quaternions were measured with MuJoCo 4.0 (body_quat, w x y z).
import Foundation
import Physics
import XCTest
@testable import Robot

final class MJCFOrientationTests: XCTestCase {
    /// The fixed-joint origin of body "b" (placed with `attributes`) under a root body.
    private func placement(_ attributes: String, compiler: String = "") throws -> Pose {
        let body = "<body name=\"root\">\n<geom size=\"1\"/>\n<body name=\"b\" \(attributes)>\n<geom size=\"1\"/>\n</body>\n</body>"
        let model = try MJCFFixtures.importText(MJCFFixtures.model(body, compiler: compiler)).model
        return try XCTUnwrap(model.joints.first { $0.child == "b" }?.origin)
    }

    private let quarterTurnAboutZ = Quaternion(axis: .unitZ, angle: .pi / 2)

    func testQuatIsWXYZ() throws {
        assertMJCFPose(try placement("quat=\"0.7071068 0 0 0.7071068\" pos=\"1 2 3\""),
                   Pose(position: Vector3(1, 2, 3), rotation: quarterTurnAboutZ), accuracy: 1e-7)
        assertMJCFPose(try placement("quat=\"2 0 0 0\""), .identity)  // normalized
    }

    func testEulerIsInDegreesByDefault() throws {
        assertMJCFPose(try placement("euler=\"0 0 90\""), Pose(rotation: quarterTurnAboutZ))
        assertMJCFPose(try placement("euler=\"0 0 1.5707963267948966\"", compiler: "<compiler angle=\"radian\"/>"),
                   Pose(rotation: quarterTurnAboutZ))
    }

    func testEulerSequences() throws {
        // MuJoCo 4.0, euler="30 45 60".
        assertMJCFPose(try placement("euler=\"30 45 60\""),
                   Pose(rotation: Quaternion(x: 0.3919038373291199, y: 0.20056212114657512, z: 0.5319756951821668,
                                             w: 0.7233174113647118)))
        assertMJCFPose(try placement("euler=\"30 45 60\"", compiler: "<compiler eulerseq=\"ZYX\"/>"),
                   Pose(rotation: Quaternion(x: 0.5319756951821668, y: 0.20056212114657512, z: 0.3919038373291199,
                                             w: 0.7233174113647118)))
        // Fixed axes XYZ are URDF's roll-pitch-yaw.
        let rpy = Quaternion(roll: 0.3, pitch: -0.2, yaw: 1.1)
        assertMJCFPose(try placement("euler=\"0.3 -0.2 1.1\"", compiler: "<compiler angle=\"radian\" eulerseq=\"XYZ\"/>"),
                   Pose(rotation: rpy))
    }

    func testAxisAngleXYAxesAndZAxis() throws {
        assertMJCFPose(try placement("axisangle=\"0 0 2 90\""), Pose(rotation: quarterTurnAboutZ))
        assertMJCFPose(try placement("xyaxes=\"0 1 0 -1 0.5 0\""), Pose(rotation: quarterTurnAboutZ))
        let z = try placement("zaxis=\"1 0 0\"").rotation
        XCTAssertLessThan((z.rotate(.unitZ) - .unitX).length, 1e-12)
        XCTAssertLessThan((z.rotate(.unitY) - .unitY).length, 1e-12, "the smallest rotation keeps y")
        let flipped = try placement("zaxis=\"0 0 -1\"").rotation
        XCTAssertLessThan((flipped.rotate(.unitZ) + .unitZ).length, 1e-12)
    }

    func testDirectHelpers() throws {
        let here = MJCFLocation(file: "f", line: 1)
        let q = try MJCFOrientation.xyAxes(x: Vector3(1, 1, 0), y: Vector3(-1, 1, 0), at: here)
        XCTAssertLessThan((q.rotate(.unitX) - Vector3(1, 1, 0).normalized).length, 1e-12)
        XCTAssertThrowsError(try MJCFOrientation.xyAxes(x: Vector3(1, 0, 0), y: Vector3(2, 0, 0), at: here))
        let euler = MJCFOrientation.euler([0.1, 0.2, 0.3], sequence: Array("xyz"))
        let expected = Quaternion(axis: .unitX, angle: 0.1) * Quaternion(axis: .unitY, angle: 0.2) * Quaternion(axis: .unitZ, angle: 0.3)
        assertMJCFPose(Pose(rotation: euler), Pose(rotation: expected))
    }
}
