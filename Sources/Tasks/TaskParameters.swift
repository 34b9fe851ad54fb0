// TaskParameters: reads `task.params` with uniform `file:line: task.params.key: message`
// errors, and checks that named parts, goals and fixtures exist.
import Physics
import Scene

public struct TaskParameters {
    public let scene: SceneSpec

    public init(scene: SceneSpec, accepted: [String]) throws {
        self.scene = scene
        for key in scene.task.params.keys.sorted() where !accepted.contains(key) {
            let suggestion = closestMatch(to: key, in: accepted).map { " (did you mean '\($0)'?)" } ?? ""
            throw error(key, "unknown parameter '\(key)' for task \(scene.task.name)\(suggestion)")
        }
    }

    public func error(_ key: String, _ message: String) -> SceneError {
        SceneError(file: scene.sourceFile, line: scene.task.line, keyPath: "task.params.\(key)", message: message)
    }

    public func number(_ key: String, default value: Double, in range: ClosedRange<Double> = -1e9...1e9) throws -> Double {
        guard let raw = scene.task.params[key] else { return value }
        guard let number = raw.number, number.isFinite else { throw error(key, "expected a number") }
        guard range.contains(number) else { throw error(key, "\(number) is outside \(range.lowerBound)...\(range.upperBound)") }
        return number
    }

    public func vector(_ key: String, default value: Vector3) throws -> Vector3 {
        guard let raw = scene.task.params[key] else { return value }
        guard let n = raw.numbers, n.count == 3, n.allSatisfy(\.isFinite) else { throw error(key, "expected 3 numbers") }
        return Vector3(n[0], n[1], n[2])
    }

    public func string(_ key: String, default value: String? = nil) throws -> String {
        guard let raw = scene.task.params[key] else {
            if let value { return value }
            throw error(key, "missing required parameter")
        }
        guard let string = raw.string else { throw error(key, "expected a string") }
        return string
    }

    public func strings(_ key: String, default value: [String]? = nil) throws -> [String] {
        guard let raw = scene.task.params[key] else {
            if let value { return value }
            throw error(key, "missing required parameter")
        }
        guard let strings = raw.strings else { throw error(key, "expected a list of names") }
        return strings
    }

    /// A part the scene declares (or, with `allowMissing`, one a task will spawn).
    public func part(_ key: String, default value: String? = nil) throws -> String {
        let name = try string(key, default: value)
        guard scene.parts.contains(where: { $0.name == name }) else {
            let suggestion = closestMatch(to: name, in: scene.parts.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
            throw error(key, "no part named '\(name)'\(suggestion)")
        }
        return name
    }

    /// A goal: a scene goal or a fixture region written `fixture.region`.
    public func goal(_ key: String, default value: String? = nil, fixtureRegions: [String: [String]] = [:]) throws -> String {
        let name = try string(key, default: value)
        if scene.goals.contains(where: { $0.name == name }) { return name }
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2, scene.fixtures.contains(where: { $0.name == parts[0] }) { return name }
        let known = scene.goals.map(\.name) + scene.fixtures.map { "\($0.name).…" }
        throw error(key, "no goal named '\(name)' (goals: \(known.joined(separator: ", ")))")
    }

    public func fixture(_ key: String, default value: String? = nil, type: String? = nil) throws -> String {
        let name = try string(key, default: value)
        guard let fixture = scene.fixtures.first(where: { $0.name == name }) else {
            let suggestion = closestMatch(to: name, in: scene.fixtures.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
            throw error(key, "no fixture named '\(name)'\(suggestion)")
        }
        if let type, fixture.type != type { throw error(key, "fixture '\(name)' is a \(fixture.type), not a \(type)") }
        return name
    }
}
