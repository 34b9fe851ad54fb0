// WorkcellState: lookups and checks the conveyor, peg, machine and panel tasks share on top
// of ManipulationSupport — rest thresholds, fixture sites and regions found once the world
// is built (with `task.params` errors when they are missing), goal names in list
// parameters, and the nearest grasp frame.
import Physics
import Robot
import Scene

enum WorkcellState {
    /// Below these speeds a body counts as at rest: m/s and rad/s.
    static let restLinearSpeed = 0.05
    static let restAngularSpeed = 0.5

    /// Whether a body moves slower than `linear` (m/s) and `angular` (rad/s).
    static func isAtRest(_ state: BodyState, linear: Double = restLinearSpeed, angular: Double = restAngularSpeed) -> Bool {
        state.linearVelocity.length < linear && state.angularVelocity.length < angular
    }

    /// Distance (m) from the nearest of `frames` (grasp frames) to `point`.
    static func nearestDistance(_ world: SceneWorld, frames: [String], to point: Vector3) throws -> Double {
        try frames.map { (try world.framePosition($0) - point).length }.min() ?? 0
    }

    /// A problem found once the world is built, named like a parameter error:
    /// `file:line: task.params.key: message`.
    static func parameterError(_ world: SceneWorld, _ key: String, _ message: String) -> SceneError {
        SceneError(file: world.spec.sourceFile, line: world.spec.task.line, keyPath: "task.params.\(key)", message: message)
    }

    /// A built fixture, or a parameter error.
    static func fixture(_ world: SceneWorld, _ name: String, key: String) throws -> BuiltFixture {
        guard let built = world.fixtures[name] else { throw parameterError(world, key, "no fixture named '\(name)'") }
        return built
    }

    /// A fixture's site (world pose), or a parameter error naming what is missing.
    static func site(_ world: SceneWorld, fixture name: String, _ site: String, key: String) throws -> Pose {
        guard let pose = try fixture(world, name, key: key).sites[site] else {
            throw parameterError(world, key, "fixture '\(name)' has no site '\(site)'")
        }
        return pose
    }

    /// A goal region of the built world, or a parameter error with a suggestion.
    static func region(_ world: SceneWorld, _ name: String, key: String) throws -> GoalSpec {
        guard let goal = world.goals[name] else {
            let suggestion = closestMatch(to: name, in: Array(world.goals.keys)).map { " (did you mean '\($0)'?)" } ?? ""
            throw parameterError(world, key, "no region named '\(name)'\(suggestion)")
        }
        return goal
    }

    /// Checks a goal name from a list parameter the way `TaskParameters.goal` checks one: a
    /// scene goal, or `fixture.region` of a declared fixture (the region itself is checked
    /// once the world is built).
    static func checkGoalName(_ name: String, params: TaskParameters, key: String) throws {
        if params.scene.goals.contains(where: { $0.name == name }) { return }
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2, params.scene.fixtures.contains(where: { $0.name == parts[0] }) { return }
        let known = params.scene.goals.map(\.name) + params.scene.fixtures.map { "\($0.name).…" }
        throw params.error(key, "no goal named '\(name)' (goals: \(known.joined(separator: ", ")))")
    }

    /// A whole number parameter in `range`.
    static func count(_ params: TaskParameters, _ key: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        let number = try params.number(key, default: Double(value), in: Double(range.lowerBound)...Double(range.upperBound))
        guard number.rounded() == number else { throw params.error(key, "expected a whole number, got \(number)") }
        return Int(number)
    }
}
