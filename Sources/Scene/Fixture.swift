// Fixture: a kind of workplace furniture (bench, bin, conveyor, machine…) that a scene file
// names by `type`. Each kind is its own type in its own file, registered by name in
// `FixtureRegistry`. A fixture reads its parameters from the scene, checks them, and builds
// its bodies into a world.
import Physics
import Robot

/// What a built fixture is made of and where its working spots are.
public struct BuiltFixture {
    public var name: String
    public var rigidBodies: [String: RigidBody]
    public var multiBodies: [String: MultiBody]
    /// Named poses in the world (e.g. "top" of a bench, "slot" in a machine, "hole_top" of a
    /// peg fixture, "feature" on a panel) that tasks and experts use.
    public var sites: [String: Pose]
    public var drawables: [Drawable]
    /// Axis-aligned (after yaw) regions, such as a bin's inside, that tasks can test.
    public var regions: [String: GoalSpec]

    public init(name: String, rigidBodies: [String: RigidBody] = [:], multiBodies: [String: MultiBody] = [:],
                sites: [String: Pose] = [:], drawables: [Drawable] = [], regions: [String: GoalSpec] = [:]) {
        self.name = name
        self.rigidBodies = rigidBodies
        self.multiBodies = multiBodies
        self.sites = sites
        self.drawables = drawables
        self.regions = regions
    }
}

public protocol Fixture {
    /// The `type:` value in scene files.
    static var typeName: String { get }
    /// One line for `tground list`.
    static var summary: String { get }
    /// Every parameter the type accepts (besides type, name, position, yaw), for checks and
    /// "did you mean" suggestions.
    static var parameterNames: [String] { get }

    /// Reads and checks the parameters; errors are SceneErrors naming the scene file, the
    /// fixture's line and `fixtures[index].param`.
    init(spec: FixtureSpec, index: Int, file: String) throws

    /// Adds the fixture's bodies to `world`.
    func build(in world: World) throws -> BuiltFixture
}

/// Fixture kinds by their `type:` name.
public enum FixtureRegistry {
    public static var kinds: [String: any Fixture.Type] {
        Dictionary(uniqueKeysWithValues: all.map { ($0.typeName, $0) })
    }

    /// Every registered kind, in the order `tground list` shows them.
    public static let all: [any Fixture.Type] = registeredFixtureKinds

    /// Makes the fixture a spec names, or a SceneError with a suggestion for unknown types.
    public static func make(_ spec: FixtureSpec, index: Int, file: String) throws -> any Fixture {
        guard let kind = kinds[spec.type] else {
            let suggestion = closestMatch(to: spec.type, in: Array(kinds.keys)).map { " (did you mean '\($0)'?)" } ?? ""
            throw SceneError(file: file, line: spec.line, keyPath: "fixtures[\(index)].type",
                             message: "unknown fixture type '\(spec.type)'\(suggestion)")
        }
        return try kind.init(spec: spec, index: index, file: file)
    }
}

/// Reads fixture parameters with uniform errors. Unknown parameters are errors with a
/// suggestion; every getter names `fixtures[index].param` and the fixture's line.
public struct FixtureParameters {
    public let spec: FixtureSpec
    public let index: Int
    public let file: String

    public init(spec: FixtureSpec, index: Int, file: String, accepted: [String]) throws {
        self.spec = spec
        self.index = index
        self.file = file
        for key in spec.params.keys.sorted() where !accepted.contains(key) {
            let suggestion = closestMatch(to: key, in: accepted).map { " (did you mean '\($0)'?)" } ?? ""
            throw error(key, "unknown parameter '\(key)' for a \(spec.type)\(suggestion)")
        }
    }

    public func error(_ key: String, _ message: String) -> SceneError {
        SceneError(file: file, line: spec.line, keyPath: "fixtures[\(index)].\(key)", message: message)
    }

    /// A number, `default` when absent; must lie in `range`.
    public func number(_ key: String, default value: Double, in range: ClosedRange<Double> = -1e9...1e9) throws -> Double {
        guard let raw = spec.params[key] else { return value }
        guard let number = raw.number, number.isFinite else { throw error(key, "expected a number") }
        guard range.contains(number) else {
            throw error(key, "\(number) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    /// Exactly `count` numbers (a size, a direction…), each positive when `positive`.
    public func numbers(_ key: String, count: Int, default value: [Double], positive: Bool = false) throws -> [Double] {
        guard let raw = spec.params[key] else { return value }
        guard let numbers = raw.numbers, numbers.allSatisfy(\.isFinite) else { throw error(key, "expected \(count) numbers") }
        guard numbers.count == count else { throw error(key, "expected \(count) numbers, got \(numbers.count)") }
        if positive, let bad = numbers.first(where: { $0 <= 0 }) { throw error(key, "sizes must be > 0, got \(bad)") }
        return numbers
    }

    public func vector(_ key: String, default value: Vector3, positive: Bool = false) throws -> Vector3 {
        let n = try numbers(key, count: 3, default: [value.x, value.y, value.z], positive: positive)
        return Vector3(n[0], n[1], n[2])
    }

    public func string(_ key: String, default value: String) throws -> String {
        guard let raw = spec.params[key] else { return value }
        guard let string = raw.string else { throw error(key, "expected a string") }
        return string
    }

    public func bool(_ key: String, default value: Bool) throws -> Bool {
        guard let raw = spec.params[key] else { return value }
        guard let bool = raw.bool else { throw error(key, "expected true or false") }
        return bool
    }

    /// RGBA in [0, 1] (3 numbers get alpha 1).
    public func color(_ key: String, default value: [Double]) throws -> [Double] {
        guard let raw = spec.params[key] else { return value }
        guard var numbers = raw.numbers, numbers.count == 3 || numbers.count == 4,
              numbers.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
            throw error(key, "expected 3 or 4 numbers in [0, 1] (RGB or RGBA)")
        }
        if numbers.count == 3 { numbers.append(1) }
        return numbers
    }

    /// The fixture's pose in the world: its position and a turn of `yaw` about z.
    public var pose: Pose {
        Pose(position: spec.position, rotation: Quaternion(axis: .unitZ, angle: spec.yaw))
    }
}
