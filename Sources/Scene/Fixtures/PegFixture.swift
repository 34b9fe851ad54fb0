// PegFixture: a block with a blind hole of set clearance for peg-in-hole insertion. The hole
// is the gap left between compound boxes: four slabs around a square hole, or a ring of
// `segments` boxes whose inner faces form a regular polygon around a round hole (its
// inscribed circle is the hole) inside a square frame.
import Foundation
import Physics
import Robot

/// `type: peg_fixture` — a block with a square or round blind hole sized for a peg.
///
/// Parameters (m): `shape` "square" or "round" (default "square"), `peg_size` the nominal
/// peg width or diameter (0.03), `clearance` hole minus peg (0.002: the hole is 0.032),
/// `depth` of the hole (0.05), `bottom` thickness under the hole (0.01), `block_size` [x y]
/// (default [0.15, 0.15]), `segments` sides of the round hole's polygon (8…64, default 24),
/// `friction` (0.5), `color`. The block's top is at `bottom + depth`. Sites: "hole_top"
/// (centre of the hole's mouth), "hole_bottom". Regions: "hole" (the hole's volume; for a
/// round hole the square around it). Bodies: "block" (static).
public struct PegFixture: Fixture {
    public static let typeName = "peg_fixture"
    public static let summary = "block with a square or round blind hole of set clearance; site 'hole_top', region 'hole'"
    public static let parameterNames = ["shape", "peg_size", "clearance", "depth", "bottom", "block_size", "segments",
                                        "friction", "color"]
    public static let shapes = ["square", "round"]

    let frame: FixtureFrame
    /// "square" or "round".
    public let shape: String
    public let pegSize: Double
    public let clearance: Double
    public let depth: Double
    public let bottom: Double
    public let blockSize: [Double]
    public let segments: Int
    public let material: Material
    public let color: [Double]

    public init(spec: FixtureSpec, index: Int, file: String) throws {
        let parameters = try FixtureParameters(spec: spec, index: index, file: file, accepted: Self.parameterNames)
        frame = FixtureFrame(parameters)
        shape = try parameters.choice("shape", default: "square", options: Self.shapes)
        pegSize = try parameters.length("peg_size", default: 0.03, maximum: 1)
        clearance = try parameters.nonNegative("clearance", default: 0.002, maximum: 0.1)
        depth = try parameters.length("depth", default: 0.05, maximum: 1)
        bottom = try parameters.length("bottom", default: 0.01, maximum: 1)
        blockSize = try parameters.sizes("block_size", default: [0.15, 0.15])
        segments = try parameters.count("segments", default: 24, in: 8...64)
        material = try parameters.material(default: 0.5)
        color = try parameters.color("color", default: FixturePalette.steel)
        guard outerReach + 0.005 <= min(blockSize[0], blockSize[1]) / 2 else {
            throw parameters.error("block_size", "a \(blockSize[0]) x \(blockSize[1]) m block is too small for a \(holeWidth) m hole")
        }
    }

    /// Hole width (square side or diameter), m: `peg_size + clearance`.
    public var holeWidth: Double { pegSize + clearance }
    /// Top of the block, m above the fixture origin.
    public var top: Double { bottom + depth }

    /// Round holes: the half-size of the square frame's opening, the ring boxes' radial
    /// reach (they overlap the frame so no gap is left) and their tangential half-width.
    var ring: (frameHalf: Double, reach: Double, halfWidth: Double) {
        let radius = holeWidth / 2
        let frameHalf = radius + max(0.004, 0.2 * radius)
        let reach = frameHalf * 2.0.squareRoot() + 0.001
        return (frameHalf, reach, reach * tan(Double.pi / Double(segments)) + 0.001)
    }

    /// How far from the centre the hole's walls reach before the square frame, m.
    var outerReach: Double {
        shape == "square" ? holeWidth / 2 : (ring.reach * ring.reach + ring.halfWidth * ring.halfWidth).squareRoot()
    }

    var boxes: CompoundBoxBuilder {
        var boxes = CompoundBoxBuilder()
        let (bx, by) = (blockSize[0] / 2, blockSize[1] / 2)
        boxes.add(from: Vector3(-bx, -by, 0), to: Vector3(bx, by, bottom), color: color)
        // Square frame around an opening of half-size `a`: ±x slabs full width, ±y between.
        let a = shape == "square" ? holeWidth / 2 : ring.frameHalf
        for side in [-1.0, 1.0] {
            boxes.add(from: Vector3(side > 0 ? a : -bx, -by, bottom), to: Vector3(side > 0 ? bx : -a, by, top), color: color)
            boxes.add(from: Vector3(-a, side > 0 ? a : -by, bottom), to: Vector3(a, side > 0 ? by : -a, top), color: color)
        }
        if shape == "round" {
            // Each box's inner face is tangent to the hole's circle; the polygon's inscribed
            // circle is the hole. A box lies wholly outside its own face's plane, so however
            // wide it is it never reaches into the hole.
            let radius = holeWidth / 2
            let radial = ring.reach - radius
            for i in 0..<segments {
                let angle = 2 * Double.pi * Double(i) / Double(segments)
                let middle = radius + radial / 2
                boxes.add(center: Vector3(middle * cos(angle), middle * sin(angle), bottom + depth / 2),
                          size: Vector3(radial, 2 * ring.halfWidth, depth), color: color,
                          rotation: Quaternion(axis: .unitZ, angle: angle))
            }
        }
        return boxes
    }

    public func build(in world: World) throws -> BuiltFixture {
        let block = try boxes.addBody(to: world, at: frame.pose, mass: 0, material: material)
        return BuiltFixture(
            name: frame.name, rigidBodies: ["block": block.body],
            sites: ["hole_top": frame.site(Vector3(0, 0, top)), "hole_bottom": frame.site(Vector3(0, 0, bottom))],
            drawables: block.drawables,
            regions: ["hole": frame.region("hole", center: Vector3(0, 0, bottom + depth / 2),
                                           size: Vector3(holeWidth, holeWidth, depth))])
    }
}
