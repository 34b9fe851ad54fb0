// InverseKinematics: a hand reaches a point with its orientation while the feet stay put
// and the centre of mass stays over the feet; limits hold.
import XCTest
import Physics
import Robot
@testable import Control

final class InverseKinematicsTests: XCTestCase {
    func testHandReachesWhileFeetAndBalanceHold() throws {
        let kinematics = KinematicModel(model: try ControlTestSupport.humanoid())
        let base = Pose(position: Vector3(0, 0, 0.93))
        let q0 = [Double](repeating: 0, count: kinematics.coordinateCount)
        let start = kinematics.linkPoses(q: q0, base: base)
        let target = Vector3(0.40, 0.20, 1.05)
        var ik = InverseKinematics(kinematics: kinematics)
        ik.maxIterations = 200
        let down = Quaternion(axis: .unitY, angle: Double.pi / 2)
        let result = ik.solve(tasks: [
            IKTask(.position(link: "left_sole", point: .zero, position: start["left_sole"]!.position), priority: 0),
            IKTask(.position(link: "right_sole", point: .zero, position: start["right_sole"]!.position), priority: 0),
            IKTask(.orientation(link: "left_sole", rotation: start["left_sole"]!.rotation), priority: 0),
            IKTask(.orientation(link: "right_sole", rotation: start["right_sole"]!.rotation), priority: 0),
            IKTask(.centerOfMassXY(x: 0.03, y: 0), priority: 1),
            IKTask(.position(link: "left_grasp", point: .zero, position: target), priority: 2),
            IKTask(.orientation(link: "left_grasp", rotation: down), priority: 3, weight: 0.3),
        ], q0: q0, base: base)
        let poses = kinematics.linkPoses(q: result.q, base: base)
        XCTAssertEqual((poses["left_grasp"]!.position - target).length, 0, accuracy: 0.005, "hand error \(result.errors)")
        XCTAssertEqual((poses["left_sole"]!.position - start["left_sole"]!.position).length, 0, accuracy: 1e-3)
        XCTAssertEqual((poses["right_sole"]!.position - start["right_sole"]!.position).length, 0, accuracy: 1e-3)
        let com = kinematics.centerOfMass(q: result.q, base: base).position
        XCTAssertEqual(com.x, 0.03, accuracy: 0.01)
        XCTAssertEqual(com.y, 0, accuracy: 0.01)
        let (lower, upper) = kinematics.limits
        for i in 0..<result.q.count {
            XCTAssertGreaterThanOrEqual(result.q[i], lower[i] - 1e-12)
            XCTAssertLessThanOrEqual(result.q[i], upper[i] + 1e-12)
        }
    }

    func testUnreachableTargetStaysWithinLimitsAndReportsItsError() throws {
        let kinematics = KinematicModel(model: try ControlTestSupport.humanoid())
        var ik = InverseKinematics(kinematics: kinematics)
        ik.activeJoints = Set(kinematics.jointNames.filter { $0.hasPrefix("left_shoulder") || $0 == "left_elbow" })
        let result = ik.solve(tasks: [IKTask(.position(link: "left_grasp", point: .zero, position: Vector3(3, 0, 1)))],
                              q0: [Double](repeating: 0, count: kinematics.coordinateCount),
                              base: Pose(position: Vector3(0, 0, 0.93)))
        XCTAssertGreaterThan(result.errors[0] ?? 0, 2, "3 m away is out of reach")
        for (i, name) in kinematics.jointNames.enumerated() where !(ik.activeJoints?.contains(name) ?? true) {
            XCTAssertEqual(result.q[i], 0, "inactive joint \(name) must not move")
        }
    }
}
