// Tests of Sources/Runner/PhysicsBench.swift. They check shapes and signs of the figures,
// never speed.
import Foundation
import XCTest
@testable import Runner

final class PhysicsBenchTests: XCTestCase {
    private let tiny = PhysicsBenchConfiguration(steps: 5, repeats: 2, freeBodyCount: 8, chainLinkCount: 4)

    // Every case reports positive, finite figures for the steps it was asked to take.
    func testEveryCaseReportsPositiveFiniteFigures() throws {
        let results = try PhysicsBench.run(tiny)
        XCTAssertEqual(results.map(\.caseName),
                       [PhysicsBench.freeBodiesCase, PhysicsBench.chainSwiftCase, PhysicsBench.chainReferenceCase])
        for result in results {
            XCTAssertEqual(result.steps, 5, result.caseName)
            XCTAssertGreaterThan(result.bodies, 0, result.caseName)
            XCTAssertGreaterThan(result.dofs, 0, result.caseName)
            for figure in [result.seconds, result.stepsPerSecond, result.realTimeFactor] {
                XCTAssertTrue(figure.isFinite && figure > 0, "\(result.caseName): \(figure)")
            }
        }
        XCTAssertEqual(results[0].dofs, 6 * 8)
        XCTAssertEqual(results[1].dofs, 4)
        XCTAssertEqual(results[2].dofs, 4)
    }

    // --json lines decode back with the documented field names.
    func testJSONLinesCarryTheDocumentedFields() throws {
        let results = try PhysicsBench.run(PhysicsBenchConfiguration(steps: 2, repeats: 1, freeBodyCount: 2,
                                                                     chainLinkCount: 2))
        for result in results {
            let line = result.jsonLine()
            XCTAssertFalse(line.contains("\n"))
            let object = try XCTUnwrap(
                JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], line)
            XCTAssertEqual(Set(object.keys),
                           ["case", "bodies", "dofs", "steps", "seconds", "steps_per_second", "real_time_factor"])
            let decoded = try JSONDecoder().decode(PhysicsBenchResult.self, from: Data(line.utf8))
            XCTAssertEqual(decoded, result)
        }
        XCTAssertTrue(PhysicsBench.table(results).contains("chain-cxx"))
    }

    func testMedian() {
        XCTAssertEqual(PhysicsBench.median([3, 1, 2]), 2)
        XCTAssertEqual(PhysicsBench.median([4, 1, 3, 2]), 2.5)
        XCTAssertEqual(PhysicsBench.median([]), 0)
    }

    func testRejectsNonPositiveCounts() {
        var configuration = tiny
        configuration.steps = 0
        XCTAssertThrowsError(try PhysicsBench.run(configuration))
        configuration = tiny
        configuration.repeats = 0
        XCTAssertThrowsError(try PhysicsBench.run(configuration))
    }
}
