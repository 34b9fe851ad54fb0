// WorkbenchFixture: a static bench (top, four legs, optional lower shelf) for parts and tools.
// `table` (TableFixture) is the same furniture with lighter defaults.
import Physics
import Robot

/// `type: workbench` — a static work bench: a top on four legs, with a lower shelf.
///
/// Parameters (m unless noted): `size` [x y] of the top (default [1.2, 0.7]), `height` of
/// the work surface (0.9), `top_thickness` (0.04), `leg_size` (0.06, square legs),
/// `lower_shelf` (true; a board 0.15 m above the floor), `friction` (0.7), `color` (top),
/// `leg_color`. Sites: "top" (centre of the work surface). Regions: "top" (the footprint,
/// 0.3 m above the surface). Bodies: "bench" (static).
public struct WorkbenchFixture: Fixture {
    public static let typeName = "workbench"
    public static let summary = "static work bench: top on four legs with a lower shelf; site and region 'top'"
    public static let parameterNames = ["size", "height", "top_thickness", "leg_size", "lower_shelf", "friction",
                                        "color", "leg_color"]

    /// The defaults that tell a workbench from a table.
    struct Style {
        var size: [Double]
        var height: Double
        var topThickness: Double
        var legSize: Double
        var lowerShelf: Bool
        var friction: Double
        var color: [Double]
        var legColor: [Double]

        static let bench = Style(size: [1.2, 0.7], height: 0.9, topThickness: 0.04, legSize: 0.06, lowerShelf: true,
                                 friction: 0.7, color: FixturePalette.wood, legColor: FixturePalette.darkSteel)
    }

    /// Height of the lower shelf's top above the floor, m.
    static let shelfHeight = 0.15
    /// Height of the region above the top, m.
    static let regionHeight = 0.3

    let frame: FixtureFrame
    public let size: [Double]
    public let height: Double
    public let topThickness: Double
    public let legSize: Double
    public let lowerShelf: Bool
    public let material: Material
    public let color: [Double]
    public let legColor: [Double]

    public init(spec: FixtureSpec, index: Int, file: String) throws {
        try self.init(spec: spec, index: index, file: file, style: .bench)
    }

    init(spec: FixtureSpec, index: Int, file: String, style: Style) throws {
        let parameters = try FixtureParameters(spec: spec, index: index, file: file, accepted: Self.parameterNames)
        frame = FixtureFrame(parameters)
        size = try parameters.sizes("size", default: style.size)
        height = try parameters.length("height", default: style.height, maximum: 5)
        topThickness = try parameters.length("top_thickness", default: style.topThickness, maximum: 1)
        legSize = try parameters.length("leg_size", default: style.legSize, maximum: 1)
        lowerShelf = try parameters.bool("lower_shelf", default: style.lowerShelf)
        material = try parameters.material(default: style.friction)
        color = try parameters.color("color", default: style.color)
        legColor = try parameters.color("leg_color", default: style.legColor)
        guard topThickness < height else {
            throw parameters.error("top_thickness", "\(topThickness) m leaves no legs under a top \(height) m high")
        }
        guard 2 * legSize < min(size[0], size[1]) else {
            throw parameters.error("leg_size", "two legs of \(legSize) m do not fit under a top of \(size[0]) x \(size[1]) m")
        }
    }

    /// The boxes of the bench in its frame.
    var boxes: CompoundBoxBuilder {
        var boxes = CompoundBoxBuilder()
        let (hx, hy) = (size[0] / 2, size[1] / 2)
        boxes.add(from: Vector3(-hx, -hy, height - topThickness), to: Vector3(hx, hy, height), color: color)
        let legTop = height - topThickness
        for sx in [-1.0, 1.0] {
            for sy in [-1.0, 1.0] {
                let center = Vector3(sx * (hx - legSize / 2), sy * (hy - legSize / 2), legTop / 2)
                boxes.add(center: center, size: Vector3(legSize, legSize, legTop), color: legColor)
            }
        }
        // The shelf spans between the legs, so it only fits when the legs are tall enough.
        let shelfThickness = min(0.02, topThickness)
        if lowerShelf && legTop > Self.shelfHeight + 0.1 {
            boxes.add(from: Vector3(-hx + legSize, -hy + legSize, Self.shelfHeight - shelfThickness),
                      to: Vector3(hx - legSize, hy - legSize, Self.shelfHeight), color: color)
        }
        return boxes
    }

    public func build(in world: World) throws -> BuiltFixture {
        let bench = try boxes.addBody(to: world, at: frame.pose, mass: 0, material: material)
        return BuiltFixture(
            name: frame.name, rigidBodies: ["bench": bench.body], sites: ["top": frame.site(Vector3(0, 0, height))],
            drawables: bench.drawables,
            regions: ["top": frame.region("top", center: Vector3(0, 0, height + Self.regionHeight / 2),
                                          size: Vector3(size[0], size[1], Self.regionHeight))])
    }
}
