// The registry lists every kind once, each with a summary and its parameters, and unknown
// types get a suggestion.
import XCTest
import Physics
@testable import Scene

final class FixtureRegistryTests: XCTestCase {
    func testEveryKindIsRegisteredOnceWithASummary() {
        let names = FixtureRegistry.all.map { $0.typeName }
        XCTAssertEqual(Set(names).count, names.count)
        XCTAssertEqual(Set(names), ["floor", "workbench", "table", "bin", "tote", "shelf", "pallet", "cart", "conveyor",
                                    "machine", "peg_fixture", "inspection_panel"])
        for kind in FixtureRegistry.all {
            XCTAssertFalse(kind.summary.isEmpty, kind.typeName)
            XCTAssertEqual(Set(kind.parameterNames).count, kind.parameterNames.count, kind.typeName)
            XCTAssertFalse(kind.parameterNames.contains { FixtureSpec.fixedKeys.contains($0) }, kind.typeName)
        }
    }

    func testEveryKindBuildsWithDefaultsSideBySide() throws {
        let world = try World()
        for (index, kind) in FixtureRegistry.all.enumerated() {
            let spec = fixtureSpec(kind.typeName, name: "f\(index)", position: Vector3(Double(index) * 3, 0, 0))
            let built = try buildFixture(spec, in: world)
            assertWellFormed(built, name: "f\(index)")
        }
        try world.step(10)
    }

    func testUnknownTypeSuggestsTheClosest() {
        assertFixtureError(fixtureSpec("conveyer"), key: "type", "unknown fixture type 'conveyer' (did you mean 'conveyor'?)")
    }

    func testEveryKindRefusesAnUnknownParameterWithASuggestion() {
        for kind in FixtureRegistry.all {
            guard let first = kind.parameterNames.first else { continue }
            let typo = first + "x"
            assertFixtureError(fixtureSpec(kind.typeName, [typo: .number(1)]), key: typo,
                               "unknown parameter '\(typo)' for a \(kind.typeName) (did you mean '\(first)'?)")
        }
    }
}
