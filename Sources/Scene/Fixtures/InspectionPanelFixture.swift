// InspectionPanelFixture: a vertical panel on a stand with a marked feature to inspect,
// touch or point a camera at. The mark is paint: a drawable 0.5 mm proud of the face, with
// no collider, so the panel's front face stays flat.
import Physics
import Robot

/// `type: inspection_panel` — a panel on a stand, its front facing −x, with a coloured
/// square mark on the front face.
///
/// Parameters (m): `size` [width height] of the panel (default [0.6, 0.4]), `thickness`
/// (0.02), `height` of the panel's centre (1.1), `feature_position` [y z] of the mark's
/// centre relative to the panel's centre, along the face (default [0.1, 0.05]),
/// `feature_size` side of the square mark (0.04), `feature_color` (red), `friction` (0.6),
/// `color`. Sites: "feature" (the mark's centre, on the front face), "panel" (the front
/// face's centre); the face's outward normal is the fixture's −x. Regions: "feature" (the
/// mark's square, from the face to 2 cm in front of it). Bodies: "panel" (static).
public struct InspectionPanelFixture: Fixture {
    public static let typeName = "inspection_panel"
    public static let summary = "panel on a stand with a coloured marked feature; site and region 'feature'"
    public static let parameterNames = ["size", "thickness", "height", "feature_position", "feature_size",
                                        "feature_color", "friction", "color"]

    static let footSize = Vector3(0.4, 0.4, 0.02)
    static let postSize = 0.05
    static let markThickness = 0.0005
    static let regionDepth = 0.02

    let frame: FixtureFrame
    public let size: [Double]
    public let thickness: Double
    public let height: Double
    public let featurePosition: [Double]
    public let featureSize: Double
    public let featureColor: [Double]
    public let material: Material
    public let color: [Double]

    public init(spec: FixtureSpec, index: Int, file: String) throws {
        let parameters = try FixtureParameters(spec: spec, index: index, file: file, accepted: Self.parameterNames)
        frame = FixtureFrame(parameters)
        size = try parameters.sizes("size", default: [0.6, 0.4])
        thickness = try parameters.length("thickness", default: 0.02, maximum: 1)
        height = try parameters.length("height", default: 1.1, maximum: 5)
        featurePosition = try parameters.numbers("feature_position", count: 2, default: [0.1, 0.05])
        featureSize = try parameters.length("feature_size", default: 0.04, maximum: 5)
        featureColor = try parameters.color("feature_color", default: FixturePalette.marker)
        material = try parameters.material(default: 0.6)
        color = try parameters.color("color", default: FixturePalette.panel)
        guard height - size[1] / 2 >= Self.footSize.z + 0.05 else {
            throw parameters.error("height", "a panel \(size[1]) m high centred at \(height) m reaches the floor")
        }
        guard abs(featurePosition[0]) + featureSize / 2 <= size[0] / 2, abs(featurePosition[1]) + featureSize / 2 <= size[1] / 2 else {
            throw parameters.error("feature_position", "the \(featureSize) m mark at \(featurePosition) leaves the \(size[0]) x \(size[1]) m panel")
        }
    }

    /// The front face's x in the fixture frame.
    var frontX: Double { -thickness / 2 }
    /// The mark's centre on the front face, fixture frame.
    var featurePoint: Vector3 { Vector3(frontX, featurePosition[0], height + featurePosition[1]) }

    var boxes: CompoundBoxBuilder {
        var boxes = CompoundBoxBuilder()
        let foot = Self.footSize
        let postX = thickness / 2 + Self.postSize / 2
        boxes.add(center: Vector3(postX, 0, foot.z / 2), size: foot, color: FixturePalette.darkSteel)
        boxes.add(from: Vector3(postX - Self.postSize / 2, -Self.postSize / 2, foot.z),
                  to: Vector3(postX + Self.postSize / 2, Self.postSize / 2, height), color: FixturePalette.darkSteel)
        boxes.add(center: Vector3(0, 0, height), size: Vector3(thickness, size[0], size[1]), color: color)
        return boxes
    }

    public func build(in world: World) throws -> BuiltFixture {
        let panel = try boxes.addBody(to: world, at: frame.pose, mass: 0, material: material)
        let mark = Drawable(body: panel.body.id,
                            localPose: Pose(position: featurePoint - Vector3(Self.markThickness / 2, 0, 0)),
                            shape: .box(size: Vector3(Self.markThickness, featureSize, featureSize)), color: featureColor)
        return BuiltFixture(
            name: frame.name, rigidBodies: ["panel": panel.body],
            sites: ["feature": frame.site(featurePoint), "panel": frame.site(Vector3(frontX, 0, height))],
            drawables: panel.drawables + [mark],
            regions: ["feature": frame.region("feature", center: featurePoint - Vector3(Self.regionDepth / 2, 0, 0),
                                              size: Vector3(Self.regionDepth, featureSize, featureSize),
                                              color: featureColor)])
    }
}
