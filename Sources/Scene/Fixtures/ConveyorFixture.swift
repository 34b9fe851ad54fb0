// ConveyorFixture: a belt conveyor. The belt is a static box whose contacts carry a surface
// velocity (Physics' `setSurfaceVelocity`), so parts on it are really carried by friction;
// nothing is teleported. Legs and side rails are a separate static body so that touching
// them does not drive anything.
import Physics
import Robot

/// `type: conveyor` — a static belt that carries parts at `speed` along `direction`.
///
/// Parameters: `length` along fixture x (m, default 2), `width` (0.5), `height` of the belt
/// surface (0.75), `speed` m/s (0.2; negative runs it backwards; the Runner may replace it
/// at reset), `direction` [x y z] in the fixture frame (default [1, 0, 0]; z must be 0; it is
/// normalised), `rails` (true), `rail_height` above the belt (0.05), `belt_friction` (1.0),
/// `color` (frame), `belt_color`. Sites: "start" and "end" on the belt surface where the
/// centre line along `direction` enters and leaves it, 0.1 m in from the edge (or a quarter
/// of the way on short belts). Regions: "belt" (above the belt, 0.3 m high), "end" (the
/// belt's last stretch around "end", across its full width). Bodies: "belt" (carries the
/// surface velocity), "frame" (legs, rails).
public struct ConveyorFixture: Fixture {
    public static let typeName = "conveyor"
    public static let summary = "belt conveyor: static belt with a surface velocity that carries parts; sites 'start', 'end'"
    public static let parameterNames = ["length", "width", "height", "speed", "direction", "rails", "rail_height",
                                        "belt_friction", "color", "belt_color"]

    static let beltThickness = 0.05
    static let legSize = 0.05
    static let railThickness = 0.02
    static let railFriction = 0.3
    static let regionHeight = 0.3

    let frame: FixtureFrame
    public let length: Double
    public let width: Double
    public let height: Double
    /// Belt speed, m/s (signed).
    public let speed: Double
    /// Unit direction of travel in the fixture frame (horizontal).
    public let direction: Vector3
    public let rails: Bool
    public let railHeight: Double
    public let beltMaterial: Material
    public let color: [Double]
    public let beltColor: [Double]

    public init(spec: FixtureSpec, index: Int, file: String) throws {
        let parameters = try FixtureParameters(spec: spec, index: index, file: file, accepted: Self.parameterNames)
        frame = FixtureFrame(parameters)
        length = try parameters.length("length", default: 2, maximum: 100)
        width = try parameters.length("width", default: 0.5, maximum: 10)
        height = try parameters.length("height", default: 0.75, maximum: 5)
        speed = try parameters.number("speed", default: 0.2, in: -10...10)
        let raw = try parameters.vector("direction", default: .unitX)
        guard raw.z == 0 else { throw parameters.error("direction", "must lie in the belt's plane (z = 0), got z = \(raw.z)") }
        guard raw.length > 1e-9 else { throw parameters.error("direction", "must not be zero") }
        direction = raw.normalized
        rails = try parameters.bool("rails", default: true)
        railHeight = try parameters.nonNegative("rail_height", default: 0.05, maximum: 1)
        beltMaterial = try parameters.material("belt_friction", default: 1.0)
        color = try parameters.color("color", default: FixturePalette.steel)
        beltColor = try parameters.color("belt_color", default: FixturePalette.belt)
        guard height > Self.beltThickness + 0.01 else {
            throw parameters.error("height", "must be > \(Self.beltThickness + 0.01) m (the belt is \(Self.beltThickness) m thick)")
        }
    }

    /// The belt's surface velocity in world coordinates (m/s) at `speed` (default: the
    /// fixture's own) — what to pass to `setSurfaceVelocity` on the "belt" body to change it.
    public func beltVelocity(speed: Double? = nil) -> Vector3 {
        frame.direction(direction) * (speed ?? self.speed)
    }

    /// Distance from the belt centre to where the centre line along `direction` leaves the
    /// belt, and the inset of the start and end sites from the edge, m.
    var travel: (halfSpan: Double, inset: Double) {
        let alongX = abs(direction.x) > 1e-12 ? length / 2 / abs(direction.x) : .infinity
        let alongY = abs(direction.y) > 1e-12 ? width / 2 / abs(direction.y) : .infinity
        let halfSpan = min(alongX, alongY)
        return (halfSpan, min(0.1, halfSpan / 4))
    }

    /// Fixture-frame points of the start and end sites on the belt surface. A negative speed
    /// swaps them: parts always travel from start to end.
    var startAndEnd: (start: Vector3, end: Vector3) {
        let reach = travel.halfSpan - travel.inset
        let forward = direction * (speed < 0 ? -reach : reach)
        return (Vector3(-forward.x, -forward.y, height), Vector3(forward.x, forward.y, height))
    }

    var frameBoxes: CompoundBoxBuilder {
        var boxes = CompoundBoxBuilder()
        let legTop = height - Self.beltThickness
        let legX = length / 2 - max(Self.legSize, min(0.1, length / 4))
        for sx in [-1.0, 1.0] {
            for sy in [-1.0, 1.0] {
                boxes.add(center: Vector3(sx * legX, sy * (width / 2 - Self.legSize / 2), legTop / 2),
                          size: Vector3(Self.legSize, Self.legSize, legTop), color: color)
            }
        }
        if rails {
            let railTop = height + railHeight
            for side in [-1.0, 1.0] {
                let y = side * (width / 2 + Self.railThickness / 2)
                boxes.add(from: Vector3(-length / 2, y - Self.railThickness / 2, legTop - 0.02),
                          to: Vector3(length / 2, y + Self.railThickness / 2, railTop), color: color)
            }
        }
        return boxes
    }

    public func build(in world: World) throws -> BuiltFixture {
        var beltBoxes = CompoundBoxBuilder()
        beltBoxes.add(center: Vector3(0, 0, height - Self.beltThickness / 2),
                      size: Vector3(length, width, Self.beltThickness), color: beltColor)
        let belt = try beltBoxes.addBody(to: world, at: frame.pose, mass: 0, material: beltMaterial)
        try belt.body.setSurfaceVelocity(beltVelocity())
        let support = try frameBoxes.addBody(to: world, at: frame.pose, mass: 0,
                                             material: Material(friction: Self.railFriction))
        let (start, end) = startAndEnd
        // The end region spans the belt's width (or length) across the travel direction.
        let alongX = abs(direction.x) >= abs(direction.y)
        let endSpan = 2 * travel.inset
        let endRegion = frame.region(
            "end", center: Vector3(alongX ? end.x : 0, alongX ? 0 : end.y, height + Self.regionHeight / 2),
            size: Vector3(alongX ? endSpan : length, alongX ? width : endSpan, Self.regionHeight))
        return BuiltFixture(
            name: frame.name, rigidBodies: ["belt": belt.body, "frame": support.body],
            sites: ["start": frame.site(start), "end": frame.site(end)],
            drawables: belt.drawables + support.drawables,
            regions: ["belt": frame.region("belt", center: Vector3(0, 0, height + Self.regionHeight / 2),
                                           size: Vector3(length, width, Self.regionHeight)),
                      "end": endRegion])
    }
}
