// The solver settings every task scene runs with keep the tasks physically sound: with a
// zero action (servos holding the start pose) the humanoid keeps its stance and no contact
// anywhere in the scene penetrates 5 mm. Guards changes of time step, solver iterations,
// residual threshold or contact settings.
import Foundation
import XCTest
import Physics
import Scene
@testable import Tasks

final class SceneSolverSettingsTests: XCTestCase {
    /// Seconds of zero action per scene (before stand_push's first push at 2 s).
    private let seconds = 1.9

    func testEveryTaskSceneHoldsItsStanceWithShallowContacts() throws {
        try checkEveryTaskScene()
    }

    /// The same at 1/120 s, the step issue 9 weighs for speed (the servo gains and contact
    /// ERP are restated for it: StepFraction).
    func testEveryTaskSceneHoldsItsStanceWithShallowContactsAt120Hz() throws {
        try checkEveryTaskScene(overrides: ["world.time_step=\(1.0 / 120.0)"])
    }

    private func checkEveryTaskScene(overrides: [String] = []) throws {
        let folder = TasksTestSupport.repository + "/Scenes"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 9, "\(names)")
        for name in names {
            let scene = try TasksTestSupport.scene(name, overrides: overrides)
            let episode = try Episode(scene: scene, seed: 3)
            let robot = episode.world.robot
            let startHeight = episode.world.startHeight
            let zero = [Double](repeating: 0, count: episode.actionSize)
            var deepest = 0.0
            var lowest = Double.infinity
            var leastUpright = 1.0
            for _ in 0..<Int(seconds * scene.task.controlHz) {
                let result = try episode.step(zero)
                XCTAssertNotEqual(result.failure, .fell, "\(name): the robot fell")
                XCTAssertNotEqual(result.failure, .diverged, "\(name): the simulation diverged")
                for contact in try episode.world.world.contacts() { deepest = max(deepest, -contact.distance) }
                let root = try robot.framePose(robot.model.rootLink)
                lowest = min(lowest, root.position.z)
                leastUpright = min(leastUpright, root.rotation.rotate(.unitZ).z)
                if result.terminated || result.truncated { break }
            }
            print(String(format: "%@ %@: deepest contact %.2f mm, pelvis lowest %.4f m of %.4f m, least upright %.4f",
                         name, "\(overrides)", deepest * 1000, lowest, startHeight, leastUpright))
            XCTAssertLessThan(deepest, 0.005, "\(name): a contact penetrates \(deepest * 1000) mm")
            XCTAssertGreaterThan(lowest, 0.95 * startHeight, "\(name): the pelvis sank from \(startHeight) m to \(lowest) m")
            XCTAssertGreaterThan(leastUpright, 0.98, "\(name): the pelvis tilted (up·z = \(leastUpright))")
        }
    }
}
