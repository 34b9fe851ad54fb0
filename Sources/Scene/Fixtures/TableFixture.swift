// TableFixture: a plain table — the workbench's furniture with table defaults.
import Physics

/// `type: table` — a static table: the workbench's parameters (see `WorkbenchFixture`) with
/// table defaults: `size` [0.8, 0.8], `height` 0.75, `top_thickness` 0.03, `leg_size` 0.05,
/// no lower shelf, `friction` 0.6, a light top. Sites "top"; regions "top"; body "bench".
public struct TableFixture: Fixture {
    public static let typeName = "table"
    public static let summary = "static table (a workbench with table defaults, no shelf); site and region 'top'"
    public static let parameterNames = WorkbenchFixture.parameterNames

    static let style = WorkbenchFixture.Style(
        size: [0.8, 0.8], height: 0.75, topThickness: 0.03, legSize: 0.05, lowerShelf: false, friction: 0.6,
        color: [0.85, 0.82, 0.75, 1], legColor: FixturePalette.steel)

    /// The bench this table is.
    public let bench: WorkbenchFixture

    public init(spec: FixtureSpec, index: Int, file: String) throws {
        bench = try WorkbenchFixture(spec: spec, index: index, file: file, style: Self.style)
    }

    public func build(in world: World) throws -> BuiltFixture {
        try bench.build(in: world)
    }
}
