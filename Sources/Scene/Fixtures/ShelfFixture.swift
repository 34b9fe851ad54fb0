// ShelfFixture: a static rack of shelf boards between four corner posts, open at the front.
import Physics
import Robot

/// `type: shelf` — a static shelving rack: four corner posts, `levels` boards evenly spaced
/// from `bottom` up to the top, and an optional back panel. The open front faces −x.
///
/// Parameters (m): `size` [x y z] = depth, width, height (default [0.4, 1.0, 1.6]), `levels`
/// (boards, 1…20, default 4), `bottom` height of the lowest board's top (0.1),
/// `board_thickness` (0.02), `post_size` (0.04), `back_panel` (true), `friction` (0.6),
/// `color`. Sites: "level_0" … (centre of each board's top, lowest first). Regions:
/// "level_0" … (the space above each board up to the next board; 0.3 m above the top one).
/// Bodies: "shelf" (static).
public struct ShelfFixture: Fixture {
    public static let typeName = "shelf"
    public static let summary = "static shelving rack with evenly spaced boards; sites and regions 'level_0'…"
    public static let parameterNames = ["size", "levels", "bottom", "board_thickness", "post_size", "back_panel",
                                        "friction", "color"]

    static let backPanelThickness = 0.01
    static let topRegionHeight = 0.3
    /// Smallest clear space between boards, m.
    static let minimumClearance = 0.05

    let frame: FixtureFrame
    public let size: Vector3
    public let levels: Int
    public let bottom: Double
    public let boardThickness: Double
    public let postSize: Double
    public let backPanel: Bool
    public let material: Material
    public let color: [Double]

    public init(spec: FixtureSpec, index: Int, file: String) throws {
        let parameters = try FixtureParameters(spec: spec, index: index, file: file, accepted: Self.parameterNames)
        frame = FixtureFrame(parameters)
        size = try parameters.vector("size", default: Vector3(0.4, 1.0, 1.6), positive: true)
        levels = try parameters.count("levels", default: 4, in: 1...20)
        boardThickness = try parameters.length("board_thickness", default: 0.02, maximum: 1)
        bottom = try parameters.length("bottom", default: 0.1, maximum: 10)
        postSize = try parameters.length("post_size", default: 0.04, maximum: 1)
        backPanel = try parameters.bool("back_panel", default: true)
        material = try parameters.material(default: 0.6)
        color = try parameters.color("color", default: FixturePalette.paintedGreen)
        guard 2 * postSize < min(size.x, size.y) else {
            throw parameters.error("post_size", "two posts of \(postSize) m do not fit in a \(size.x) x \(size.y) m rack")
        }
        guard bottom >= boardThickness, bottom <= size.z else {
            throw parameters.error("bottom", "must lie between board_thickness (\(boardThickness) m) and the height (\(size.z) m)")
        }
        if levels > 1 && boardSpacing - boardThickness < Self.minimumClearance {
            throw parameters.error("levels", "\(levels) boards leave less than \(Self.minimumClearance) m between them")
        }
    }

    /// Vertical distance between board tops, m (0 with one level).
    var boardSpacing: Double { levels > 1 ? (size.z - bottom) / Double(levels - 1) : 0 }

    /// Height of board `level`'s top surface, m.
    func boardTop(_ level: Int) -> Double { bottom + Double(level) * boardSpacing }

    /// Boards stop short of the back panel, x range.
    var boardDepth: (low: Double, high: Double) {
        (-size.x / 2, size.x / 2 - (backPanel ? Self.backPanelThickness : 0))
    }

    var boxes: CompoundBoxBuilder {
        var boxes = CompoundBoxBuilder()
        let (hx, hy) = (size.x / 2, size.y / 2)
        for sx in [-1.0, 1.0] {
            for sy in [-1.0, 1.0] {
                boxes.add(center: Vector3(sx * (hx - postSize / 2), sy * (hy - postSize / 2), size.z / 2),
                          size: Vector3(postSize, postSize, size.z), color: color)
            }
        }
        // Boards span between the posts in y; the back panel too.
        for level in 0..<levels {
            let top = boardTop(level)
            boxes.add(from: Vector3(boardDepth.low, -hy + postSize, top - boardThickness),
                      to: Vector3(boardDepth.high, hy - postSize, top), color: color)
        }
        if backPanel {
            boxes.add(from: Vector3(boardDepth.high, -hy + postSize, bottom - boardThickness),
                      to: Vector3(hx, hy - postSize, size.z), color: color)
        }
        return boxes
    }

    public func build(in world: World) throws -> BuiltFixture {
        let shelf = try boxes.addBody(to: world, at: frame.pose, mass: 0, material: material)
        var sites: [String: Pose] = [:]
        var regions: [String: GoalSpec] = [:]
        let centerX = (boardDepth.low + boardDepth.high) / 2
        let footprint = (x: boardDepth.high - boardDepth.low, y: size.y - 2 * postSize)
        for level in 0..<levels {
            let key = "level_\(level)"
            let top = boardTop(level)
            let ceiling = level + 1 < levels ? boardTop(level + 1) - boardThickness : top + Self.topRegionHeight
            sites[key] = frame.site(Vector3(centerX, 0, top))
            regions[key] = frame.region(key, center: Vector3(centerX, 0, (top + ceiling) / 2),
                                        size: Vector3(footprint.x, footprint.y, ceiling - top))
        }
        return BuiltFixture(name: frame.name, rigidBodies: ["shelf": shelf.body], sites: sites,
                            drawables: shelf.drawables, regions: regions)
    }
}
