// ToteFixture: a handled tote — an open box with a rim and two handle ledges, for carrying
// parts between stations.
import Physics
import Robot

/// `type: tote` — an open-top tote: floor, walls, an outward rim lip, and a handle ledge on
/// each short (±x) end that fingers can hook under.
///
/// Parameters (m): `size` [x y z] outer body (default [0.6, 0.4, 0.3]; rim and handles stick
/// out beyond it), `wall` (0.012), `handles` (true), `handle_width` along y (0.16),
/// `mass` kg (0: static, the default; > 0: dynamic, so it can be carried — regions stay
/// where it was built), `friction` (0.6), `color`. Sites: "top", "bottom", "handle_front"
/// (−x end) and "handle_back" (+x end) at the handles' centres. Regions: "inside".
/// Bodies: "tote".
public struct ToteFixture: Fixture {
    public static let typeName = "tote"
    public static let summary = "open-top tote with rim and handle ledges; region 'inside', sites 'top', 'handle_front/back'"
    public static let parameterNames = ["size", "wall", "handles", "handle_width", "mass", "friction", "color"]

    /// Rim lip: how far it sticks out and how thick it is, m.
    static let rimWidth = 0.015
    static let rimThickness = 0.01
    /// Handle ledge: how far it sticks out from the end wall, its thickness, and how far its
    /// top lies below the rim, m.
    static let handleDepth = 0.035
    static let handleThickness = 0.02
    static let handleDrop = 0.02

    let frame: FixtureFrame
    let geometry: OpenBoxGeometry
    public let handles: Bool
    public let handleWidth: Double
    public let mass: Double
    public let material: Material
    public let color: [Double]

    public init(spec: FixtureSpec, index: Int, file: String) throws {
        let parameters = try FixtureParameters(spec: spec, index: index, file: file, accepted: Self.parameterNames)
        frame = FixtureFrame(parameters)
        let size = try parameters.vector("size", default: Vector3(0.6, 0.4, 0.3), positive: true)
        geometry = OpenBoxGeometry(size: size, wall: try parameters.length("wall", default: 0.012, maximum: 1))
        if let problem = geometry.problem { throw parameters.error("wall", problem) }
        guard size.z > Self.handleDrop + Self.handleThickness + geometry.wall else {
            throw parameters.error("size", "a tote must be taller than \(Self.handleDrop + Self.handleThickness + geometry.wall) m")
        }
        handles = try parameters.bool("handles", default: true)
        handleWidth = try parameters.length("handle_width", default: 0.16, maximum: 10)
        guard handleWidth <= size.y else {
            throw parameters.error("handle_width", "\(handleWidth) m is wider than the tote (\(size.y) m)")
        }
        mass = try parameters.nonNegative("mass", default: 0)
        material = try parameters.material(default: 0.6)
        color = try parameters.color("color", default: FixturePalette.toteBlue)
    }

    public var size: Vector3 { geometry.size }

    /// Centre of the handle ledge on the `side` (−1: front, +1: back) end, fixture frame.
    func handleCenter(_ side: Double) -> Vector3 {
        Vector3(side * (size.x / 2 + Self.handleDepth / 2), 0, size.z - Self.handleDrop - Self.handleThickness / 2)
    }

    var boxes: CompoundBoxBuilder {
        var boxes = CompoundBoxBuilder()
        geometry.add(to: &boxes, color: color)
        // Rim lip around the outside at the top: ±x pieces run the full width, ±y fit between.
        let (hx, hy, r) = (size.x / 2, size.y / 2, Self.rimWidth)
        let z0 = size.z - Self.rimThickness
        for side in [-1.0, 1.0] {
            boxes.add(from: Vector3(side > 0 ? hx : -hx - r, -hy - r, z0), to: Vector3(side > 0 ? hx + r : -hx, hy + r, size.z),
                      color: color)
            boxes.add(from: Vector3(-hx, side > 0 ? hy : -hy - r, z0), to: Vector3(hx, side > 0 ? hy + r : -hy, size.z),
                      color: color)
        }
        if handles {
            for side in [-1.0, 1.0] {
                boxes.add(center: handleCenter(side), size: Vector3(Self.handleDepth, handleWidth, Self.handleThickness),
                          color: color)
            }
        }
        return boxes
    }

    public func build(in world: World) throws -> BuiltFixture {
        let tote = try boxes.addBody(to: world, at: frame.pose, mass: mass, material: material)
        var sites = ["top": frame.site(Vector3(0, 0, size.z)), "bottom": frame.site(Vector3(0, 0, geometry.wall))]
        if handles {
            sites["handle_front"] = frame.site(handleCenter(-1))
            sites["handle_back"] = frame.site(handleCenter(1))
        }
        return BuiltFixture(
            name: frame.name, rigidBodies: ["tote": tote.body], sites: sites, drawables: tote.drawables,
            regions: ["inside": frame.region("inside", center: geometry.innerCenter, size: geometry.innerSize)])
    }
}
