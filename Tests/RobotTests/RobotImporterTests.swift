// RobotImporter: dispatch by file format, and the two G1 files describing one robot.
import XCTest
@testable import Robot

final class RobotImporterTests: XCTestCase {
    func testG1URDFAndMJCFGiveTheSameRobot() throws {
        let urdf = try RobotImporter.load(path: try URDFFixtures.asset("unitree_g1/g1_description/g1_29dof_rev_1_0.urdf"))
        let mjcf = try RobotImporter.load(path: try URDFFixtures.asset("unitree_g1/g1_description/g1_29dof_rev_1_0.xml"))
        XCTAssertEqual(urdf.movableJoints.map(\.name), mjcf.movableJoints.map(\.name))
        XCTAssertEqual(urdf.jointDegreesOfFreedom, 29)
        XCTAssertEqual(mjcf.jointDegreesOfFreedom, 29)
        XCTAssertEqual(urdf.totalMass, mjcf.totalMass, accuracy: 0.01 * urdf.totalMass)
        // Joint limits agree too (the MJCF rounds some to 5 digits).
        for (a, b) in zip(urdf.movableJoints, mjcf.movableJoints) {
            XCTAssertEqual(a.limits?.lower ?? 0, b.limits?.lower ?? 0, accuracy: 1e-4, a.name)
            XCTAssertEqual(a.limits?.upper ?? 0, b.limits?.upper ?? 0, accuracy: 1e-4, a.name)
        }
    }

    func testUnknownFormatNamesTheFile() {
        XCTAssertThrowsError(try RobotImporter.load(path: "/tmp/robot.sdf")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("/tmp/robot.sdf") && text.contains(".sdf"), text)
        }
    }
}
