// Small pieces every fixture kind shares: the fixture frame (where sites and regions are
// placed), checked getters for lengths, counts and choices, and the default palette.
import Physics

/// A fixture's own frame: origin at the centre of its footprint on the surface it stands on
/// (the `position` of the scene file), x and y turned by `yaw` about world z, z up.
/// Convention for kinds with a front (machine, shelf, panel): the front faces −x.
struct FixtureFrame {
    /// Fixture name; regions are named `name.region`.
    let name: String
    let pose: Pose
    let yaw: Double
    /// Scene-file line of the fixture, carried into its regions.
    let line: Int

    init(_ parameters: FixtureParameters) {
        name = parameters.spec.name
        pose = parameters.pose
        yaw = parameters.spec.yaw
        line = parameters.spec.line
    }

    /// A fixture-frame point (m) in world coordinates.
    func point(_ local: Vector3) -> Vector3 { pose.transform(local) }

    /// A fixture-frame direction in world coordinates.
    func direction(_ local: Vector3) -> Vector3 { pose.rotation.rotate(local) }

    /// A site at a fixture-frame point. Sites carry the fixture's orientation (yaw).
    func site(_ local: Vector3) -> Pose { Pose(position: point(local), rotation: pose.rotation) }

    /// The world pose of a fixture-frame pose.
    func pose(_ local: Pose) -> Pose { pose * local }

    /// A region: a box of full `size` (m, fixture axes) centred at a fixture-frame point.
    func region(_ key: String, center: Vector3, size: Vector3,
                color: [Double] = FixturePalette.region) -> GoalSpec {
        GoalSpec(name: "\(name).\(key)", position: point(center), size: size, yaw: yaw, color: color, line: line)
    }
}

extension FixtureParameters {
    /// A length (m) that must be > 0 and at most `maximum`.
    func length(_ key: String, default value: Double, maximum: Double = 100) throws -> Double {
        guard let raw = spec.params[key] else { return value }
        guard let number = raw.number, number.isFinite else { throw error(key, "expected a number") }
        guard number > 0 else { throw error(key, "must be > 0 m, got \(number)") }
        guard number <= maximum else { throw error(key, "must be <= \(maximum) m, got \(number)") }
        return number
    }

    /// A number that must be >= 0 (masses, frictions, clearances).
    func nonNegative(_ key: String, default value: Double, maximum: Double = 1e6) throws -> Double {
        guard let raw = spec.params[key] else { return value }
        guard let number = raw.number, number.isFinite else { throw error(key, "expected a number") }
        guard number >= 0 else { throw error(key, "must be >= 0, got \(number)") }
        guard number <= maximum else { throw error(key, "must be <= \(maximum), got \(number)") }
        return number
    }

    /// A whole number in `range`.
    func count(_ key: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let raw = spec.params[key] else { return value }
        guard let number = raw.number, number.isFinite, number.rounded() == number,
              let whole = Int(exactly: number), range.contains(whole) else {
            throw error(key, "expected a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return whole
    }

    /// One of `options`, with a suggestion when the value is close to one.
    func choice(_ key: String, default value: String, options: [String]) throws -> String {
        let chosen = try string(key, default: value)
        guard options.contains(chosen) else {
            let suggestion = closestMatch(to: chosen, in: options).map { " (did you mean '\($0)'?)" } ?? ""
            throw error(key, "expected one of \(options.joined(separator: ", ")), got '\(chosen)'\(suggestion)")
        }
        return chosen
    }

    /// Full sizes (m), every one > 0 (`count` numbers).
    func sizes(_ key: String, default value: [Double]) throws -> [Double] {
        try numbers(key, count: value.count, default: value, positive: true)
    }

    /// The contact material from an optional `friction` parameter (Coulomb coefficient).
    func material(_ key: String = "friction", default friction: Double) throws -> Material {
        Material(friction: try nonNegative(key, default: friction, maximum: 10))
    }
}

/// Default colours (RGBA in [0, 1]).
enum FixturePalette {
    static let floor: [Double] = [0.55, 0.56, 0.58, 1]
    static let wood: [Double] = [0.72, 0.55, 0.36, 1]
    static let steel: [Double] = [0.45, 0.47, 0.5, 1]
    static let darkSteel: [Double] = [0.25, 0.26, 0.28, 1]
    static let paintedGreen: [Double] = [0.3, 0.5, 0.4, 1]
    static let binBlue: [Double] = [0.2, 0.4, 0.75, 1]
    static let toteBlue: [Double] = [0.12, 0.3, 0.65, 1]
    static let belt: [Double] = [0.12, 0.12, 0.13, 1]
    static let machine: [Double] = [0.85, 0.86, 0.82, 1]
    static let door: [Double] = [0.2, 0.45, 0.7, 1]
    static let safetyYellow: [Double] = [0.95, 0.75, 0.1, 1]
    static let panel: [Double] = [0.92, 0.92, 0.9, 1]
    static let marker: [Double] = [0.9, 0.1, 0.1, 1]
    static let region: [Double] = [0.2, 0.8, 0.3, 0.35]
}
