// ImportBench: every case reports a positive, finite time (never a speed threshold).
import Foundation
import XCTest
@testable import Runner

final class ImportBenchTests: XCTestCase {
    func testOurHumanoidImportFiguresArePositive() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let results = try ImportBench.run(path: repository + "/Assets/robots/tg_humanoid/tg_humanoid.urdf", repeats: 1)
        XCTAssertEqual(results.map(\.caseName), ["cold", "warm-disk", "warm-memory"])
        for result in results {
            XCTAssertEqual(result.robot, "tg_humanoid")
            XCTAssertTrue(result.seconds.isFinite && result.seconds > 0, "\(result)")
        }
        XCTAssertTrue(ImportBench.table(results).contains("warm-memory"))
        XCTAssertTrue(results[0].jsonLine().contains("\"case\":\"cold\""))
    }

    func testMissingFileIsAnImportError() {
        XCTAssertThrowsError(try ImportBench.run(path: "/nonexistent/robot.urdf", repeats: 1)) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/robot.urdf"), "\(error)")
        }
        XCTAssertThrowsError(try ImportBench.run(path: "/nonexistent/robot.urdf", repeats: 0))
    }
}
