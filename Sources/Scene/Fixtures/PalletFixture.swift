// PalletFixture: a block pallet (EUR style) with fork pockets on all four sides.
import Physics
import Robot

/// `type: pallet` — a block pallet: bottom boards, nine blocks, stringer boards and a top
/// deck of boards, with fork pockets between the blocks. Proportions follow a EUR pallet
/// (1.2 × 0.8 × 0.144 m) and scale with `size`.
///
/// Parameters: `size` [x y z] m (default [1.2, 0.8, 0.144]), `deck_boards` (2…15, default
/// 5), `mass` kg (0: static, the default; EUR pallets weigh about 25 kg), `friction` (0.6),
/// `color`. Sites: "top" (centre of the deck). Regions: "top" (the footprint, 0.5 m above
/// the deck). Bodies: "pallet".
public struct PalletFixture: Fixture {
    public static let typeName = "pallet"
    public static let summary = "block pallet (EUR proportions) with fork pockets; site and region 'top'"
    public static let parameterNames = ["size", "deck_boards", "mass", "friction", "color"]

    /// Fractions of the height: bottom boards, blocks, stringers; the deck takes the rest.
    static let boardFraction = 0.153
    static let blockFraction = 0.54
    static let regionHeight = 0.5

    let frame: FixtureFrame
    public let size: Vector3
    public let deckBoards: Int
    public let mass: Double
    public let material: Material
    public let color: [Double]

    public init(spec: FixtureSpec, index: Int, file: String) throws {
        let parameters = try FixtureParameters(spec: spec, index: index, file: file, accepted: Self.parameterNames)
        frame = FixtureFrame(parameters)
        size = try parameters.vector("size", default: Vector3(1.2, 0.8, 0.144), positive: true)
        deckBoards = try parameters.count("deck_boards", default: 5, in: 2...15)
        mass = try parameters.nonNegative("mass", default: 0)
        material = try parameters.material(default: 0.6)
        color = try parameters.color("color", default: FixturePalette.wood)
    }

    var boxes: CompoundBoxBuilder {
        var boxes = CompoundBoxBuilder()
        let (hx, hy) = (size.x / 2, size.y / 2)
        let board = size.z * Self.boardFraction
        let blockHeight = size.z * Self.blockFraction
        let block = (x: size.x * 0.12, y: size.y * 0.125)
        let rows = [-(hy - block.y / 2), 0, hy - block.y / 2]
        let columns = [-(hx - block.x / 2), 0, hx - block.x / 2]
        // Bottom boards run along x under each row of blocks.
        for y in rows {
            boxes.add(center: Vector3(0, y, board / 2), size: Vector3(size.x, block.y, board), color: color)
        }
        for x in columns {
            for y in rows {
                boxes.add(center: Vector3(x, y, board + blockHeight / 2), size: Vector3(block.x, block.y, blockHeight),
                          color: color)
            }
            // Stringer boards run along y over each column of blocks.
            boxes.add(center: Vector3(x, 0, board + blockHeight + board / 2), size: Vector3(block.x, size.y, board),
                      color: color)
        }
        // Deck boards along x, edge boards flush with the sides, about 70 % coverage.
        let deckBottom = 2 * board + blockHeight
        let deckWidth = min(size.y * 0.7 / Double(deckBoards), size.y / Double(deckBoards))
        for i in 0..<deckBoards {
            let y = -hy + deckWidth / 2 + Double(i) * (size.y - deckWidth) / Double(deckBoards - 1)
            boxes.add(from: Vector3(-hx, y - deckWidth / 2, deckBottom), to: Vector3(hx, y + deckWidth / 2, size.z),
                      color: color)
        }
        return boxes
    }

    public func build(in world: World) throws -> BuiltFixture {
        let pallet = try boxes.addBody(to: world, at: frame.pose, mass: mass, material: material)
        return BuiltFixture(
            name: frame.name, rigidBodies: ["pallet": pallet.body], sites: ["top": frame.site(Vector3(0, 0, size.z))],
            drawables: pallet.drawables,
            regions: ["top": frame.region("top", center: Vector3(0, 0, size.z + Self.regionHeight / 2),
                                          size: Vector3(size.x, size.y, Self.regionHeight))])
    }
}
