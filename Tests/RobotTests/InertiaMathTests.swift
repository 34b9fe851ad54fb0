// InertiaMath: tensor rotation, parallel axes, sums and principal axes.
import XCTest
import Physics
@testable import Robot

final class InertiaMathTests: XCTestCase {
    func testPrincipalAxesRecoverARotatedBox() {
        let moments = Vector3(0.1, 0.2, 0.3)
        let rotation = Quaternion(axis: Vector3(1, 2, 3), angle: 0.7)
        let tensor = InertiaMath.rotate(.diagonal(moments), by: rotation)
        XCTAssertGreaterThan(abs(tensor.ixy) + abs(tensor.ixz) + abs(tensor.iyz), 0.01, "the test tensor must be off-diagonal")
        let (found, axes) = InertiaMath.principalAxes(tensor)
        XCTAssertEqual([found.x, found.y, found.z].sorted(), [0.1, 0.2, 0.3], accuracy: 1e-12)
        // Rotating the found diagonal by the found axes gives the tensor back.
        let back = InertiaMath.rotate(.diagonal(found), by: axes)
        for (a, b) in zip([back.ixx, back.ixy, back.ixz, back.iyy, back.iyz, back.izz],
                          [tensor.ixx, tensor.ixy, tensor.ixz, tensor.iyy, tensor.iyz, tensor.izz]) {
            XCTAssertEqual(a, b, accuracy: 1e-12)
        }
        XCTAssertEqual(axes.length, 1, accuracy: 1e-12)
    }

    func testCombineTwoPointMassesUsesParallelAxes() throws {
        let tiny = InertiaTensor.diagonal(.zero)
        let combined = try XCTUnwrap(InertiaMath.combine([
            Inertial(mass: 1, origin: Pose(position: Vector3(-1, 0, 0)), inertia: tiny),
            Inertial(mass: 3, origin: Pose(position: Vector3(1, 0, 0)), inertia: tiny),
        ]))
        XCTAssertEqual(combined.mass, 4)
        XCTAssertEqual(combined.origin.position.x, 0.5, accuracy: 1e-12)
        // About the COM: 1 kg at 1.5 m and 3 kg at 0.5 m from it, on the x axis.
        XCTAssertEqual(combined.inertia.iyy, 1 * 1.5 * 1.5 + 3 * 0.5 * 0.5, accuracy: 1e-12)
        XCTAssertEqual(combined.inertia.izz, combined.inertia.iyy, accuracy: 1e-12)
        XCTAssertEqual(combined.inertia.ixx, 0, accuracy: 1e-12)
        XCTAssertNil(InertiaMath.combine([]))
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}
