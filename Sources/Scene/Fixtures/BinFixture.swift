// BinFixture: an open-top bin with real walls, for dropping and sorting parts into.
import Physics
import Robot

/// `type: bin` — an open-top box built from five boxes (floor and walls) in one compound.
///
/// Parameters (m): `size` [x y z] outer (default [0.4, 0.3, 0.2]), `wall` thickness of walls
/// and floor (0.01), `mass` kg (0: static, the default; > 0: a dynamic bin whose regions
/// are where it was built), `friction` (0.6), `color`. Sites: "top" (centre of the opening
/// at rim height), "bottom" (centre of the inside floor). Regions: "inside" (floor top to
/// rim, between the walls). Bodies: "bin".
public struct BinFixture: Fixture {
    public static let typeName = "bin"
    public static let summary = "open-top bin with real walls (compound boxes); region 'inside', sites 'top', 'bottom'"
    public static let parameterNames = ["size", "wall", "mass", "friction", "color"]

    let frame: FixtureFrame
    let geometry: OpenBoxGeometry
    public let mass: Double
    public let material: Material
    public let color: [Double]

    public init(spec: FixtureSpec, index: Int, file: String) throws {
        let parameters = try FixtureParameters(spec: spec, index: index, file: file, accepted: Self.parameterNames)
        frame = FixtureFrame(parameters)
        let size = try parameters.vector("size", default: Vector3(0.4, 0.3, 0.2), positive: true)
        geometry = OpenBoxGeometry(size: size, wall: try parameters.length("wall", default: 0.01, maximum: 1))
        if let problem = geometry.problem { throw parameters.error("wall", problem) }
        mass = try parameters.nonNegative("mass", default: 0)
        material = try parameters.material(default: 0.6)
        color = try parameters.color("color", default: FixturePalette.binBlue)
    }

    /// Outer size, m.
    public var size: Vector3 { geometry.size }
    public var wall: Double { geometry.wall }

    public func build(in world: World) throws -> BuiltFixture {
        var boxes = CompoundBoxBuilder()
        geometry.add(to: &boxes, color: color)
        let bin = try boxes.addBody(to: world, at: frame.pose, mass: mass, material: material)
        return BuiltFixture(
            name: frame.name, rigidBodies: ["bin": bin.body],
            sites: ["top": frame.site(Vector3(0, 0, size.z)), "bottom": frame.site(Vector3(0, 0, wall))],
            drawables: bin.drawables,
            regions: ["inside": frame.region("inside", center: geometry.innerCenter, size: geometry.innerSize)])
    }
}
