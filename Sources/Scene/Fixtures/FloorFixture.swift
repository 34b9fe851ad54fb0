// FloorFixture: the ground. An infinite static plane through the fixture origin, drawn as a
// large thin slab whose top is the plane (the viewer adds its own grid).
import Physics
import Robot

/// `type: floor` — an infinite static ground plane with a set friction.
///
/// Parameters: `size` [x y] the drawn slab's extent (m, default [20, 20]; collision is
/// infinite), `friction` (default 0.9), `color` (RGBA). Sites: "center" (the origin on the
/// plane). Bodies: "floor" (static).
public struct FloorFixture: Fixture {
    public static let typeName = "floor"
    public static let summary = "infinite static ground plane (drawn as a large slab) with a set friction"
    public static let parameterNames = ["size", "friction", "color"]

    /// Thickness of the drawn slab below the plane, m.
    static let drawnThickness = 0.02

    let frame: FixtureFrame
    /// Drawn extent x y, m.
    public let size: [Double]
    public let material: Material
    public let color: [Double]

    public init(spec: FixtureSpec, index: Int, file: String) throws {
        let parameters = try FixtureParameters(spec: spec, index: index, file: file, accepted: Self.parameterNames)
        frame = FixtureFrame(parameters)
        size = try parameters.sizes("size", default: [20, 20])
        material = try parameters.material(default: 0.9)
        color = try parameters.color("color", default: FixturePalette.floor)
    }

    public func build(in world: World) throws -> BuiltFixture {
        let plane = try world.planeShape(normal: .unitZ, offset: 0)
        let body = try world.addBody(RigidBodyDescription(kind: .staticBody, shape: plane, pose: frame.pose,
                                                          material: material))
        let slab = Drawable(body: body.id, localPose: Pose(position: Vector3(0, 0, -Self.drawnThickness / 2)),
                            shape: .box(size: Vector3(size[0], size[1], Self.drawnThickness)), color: color)
        return BuiltFixture(name: frame.name, rigidBodies: ["floor": body], sites: ["center": frame.site(.zero)],
                            drawables: [slab])
    }
}
