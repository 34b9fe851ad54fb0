// WorldSettings: defaults, round trip through a world, and rejected values.
import XCTest
import Physics

final class WorldSettingsTests: XCTestCase {
    func testDefaultsRoundTripThroughAWorld() throws {
        let defaults = WorldSettings()
        XCTAssertEqual(defaults.timeStep, 1.0 / 240.0)
        XCTAssertEqual(defaults.solverIterations, 50)
        XCTAssertEqual(defaults.gravity, Vector3(0, 0, -9.81))
        XCTAssertEqual(defaults.solverResidualThreshold, 0, "every iteration runs unless asked otherwise")
        let world = try World(settings: defaults)
        XCTAssertEqual(try world.settings(), defaults)

        var changed = defaults
        changed.timeStep = 0.001
        changed.solverIterations = 20
        changed.gravity = Vector3(0, 0, -1.62)
        changed.solverResidualThreshold = 1e-7
        try world.setSettings(changed)
        XCTAssertEqual(try world.settings(), changed)
    }

    /// Each invalid setting throws `invalidArgument` naming the setting, from `World.init`
    /// and from `setSettings`, and a rejected `setSettings` leaves the old settings.
    func testInvalidSettingsAreRejectedWithTheirName() throws {
        var cases: [(String, (inout WorldSettings) -> Void, String)] = []
        for bad in [0.0, -1.0 / 240.0, .nan, .infinity, -.infinity] {
            cases.append(("timeStep \(bad)", { $0.timeStep = bad }, "time_step"))
        }
        for bad in [0, -5] {
            cases.append(("solverIterations \(bad)", { $0.solverIterations = bad }, "solver_iterations"))
        }
        cases.append(("NaN gravity", { $0.gravity = Vector3(0, .nan, -9.81) }, "gravity"))
        cases.append(("infinite gravity", { $0.gravity = Vector3(0, 0, -.infinity) }, "gravity"))
        cases.append(("contactERP 1.5", { $0.contactERP = 1.5 }, "erp"))
        cases.append(("contactERP NaN", { $0.contactERP = .nan }, "erp"))
        cases.append(("negative contactCFM", { $0.contactCFM = -0.1 }, "cfm"))
        cases.append(("splitImpulseERP -1", { $0.splitImpulseERP = -1 }, "split impulse"))
        cases.append(("negative residual threshold", { $0.solverResidualThreshold = -1e-7 }, "solver_residual_threshold"))
        cases.append(("NaN residual threshold", { $0.solverResidualThreshold = .nan }, "solver_residual_threshold"))

        let world = try World()
        let before = try world.settings()
        for (name, edit, word) in cases {
            var settings = WorldSettings()
            edit(&settings)
            let created = assertThrowsPhysicsError(try World(settings: settings), PhysicsError.invalidArgument,
                                                   mentioning: word)
            XCTAssertNotNil(created, name)
            assertThrowsPhysicsError(try world.setSettings(settings), PhysicsError.invalidArgument, mentioning: word)
            XCTAssertEqual(try world.settings(), before, "a rejected setSettings (\(name)) must change nothing")
        }
        try world.step(10)  // and the world still works
        XCTAssertEqual(try world.stepCount(), 10)
    }

    /// The residual threshold reaches the solver: a box dropped on a box on the floor
    /// lands differently when the solver may stop after its first iteration, and the
    /// same with a threshold of 0 as with the defaults.
    func testResidualThresholdLetsTheSolverStopEarly() throws {
        func finalHeight(threshold: Double) throws -> Double {
            var settings = WorldSettings()
            settings.solverResidualThreshold = threshold
            let world = try World(settings: settings)
            let plane = try world.planeShape(normal: .unitZ, offset: 0)
            _ = try world.addBody(RigidBodyDescription(kind: .staticBody, shape: plane))
            let box = try world.boxShape(halfExtents: Vector3(0.1, 0.1, 0.1))
            _ = try world.addBody(RigidBodyDescription(kind: .dynamic, shape: box, mass: 1,
                                                       pose: Pose(position: Vector3(0, 0, 0.1), rotation: .identity)))
            let top = try world.addBody(RigidBodyDescription(kind: .dynamic, shape: box, mass: 5,
                                                             pose: Pose(position: Vector3(0, 0, 0.35), rotation: .identity)))
            try world.step(60)
            return try top.state().pose.position.z
        }
        let full = try finalHeight(threshold: 0)
        XCTAssertEqual(full.bitPattern, try finalHeight(threshold: 0).bitPattern)
        XCTAssertNotEqual(full.bitPattern, try finalHeight(threshold: 1e6).bitPattern)
    }
}
