// HUDCanvas: the screen-space layer drawn over the 3D picture — text in the bitmap font,
// translucent panels behind it, and annotations projected from the world so they show
// through geometry — collected as textured triangles for `HUDPass` to draw. No GL here.
import Physics
import Render

/// A rectangle in pixels from the picture's top-left corner (y down).
public struct PixelRect: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < x + width && py >= y && py < y + height
    }
}

/// A line of HUD text and its colour (RGBA in [0, 1]).
public struct HUDLine: Hashable, Sendable {
    public var text: String
    public var color: SIMD4<Float>

    public init(_ text: String, color: SIMD4<Float> = HUDLine.white) {
        self.text = text
        self.color = color
    }

    public static let white = SIMD4<Float>(1, 1, 1, 1)
    public static let grey = SIMD4<Float>(0.75, 0.78, 0.82, 1)
    public static let green = SIMD4<Float>(0.35, 1, 0.45, 1)
    public static let red = SIMD4<Float>(1, 0.35, 0.3, 1)
    public static let yellow = SIMD4<Float>(1, 0.9, 0.3, 1)
}

public struct HUDCanvas {
    public let width: Int
    public let height: Int
    /// Screen pixels per font pixel.
    public let scale: Int
    /// Triangles: x, y (pixels), u, v (atlas), r, g, b, a per vertex.
    public private(set) var vertices: [Float] = []
    /// Every text panel drawn, in drawing order (tests look for text inside them).
    public private(set) var panels: [PixelRect] = []

    public static let floatsPerVertex = 8
    static let panelColor = SIMD4<Float>(0.05, 0.06, 0.08, 0.62)
    static let shadowColor = SIMD4<Float>(0, 0, 0, 0.85)

    /// A canvas for a `width` × `height` picture; font pixels are doubled from 600 pixels
    /// of height up, so the text stays readable on large windows.
    public init(width: Int, height: Int, scale: Int? = nil) {
        self.width = width
        self.height = height
        self.scale = scale ?? (height >= 600 ? 2 : 1)
    }

    public var vertexCount: Int { vertices.count / Self.floatsPerVertex }

    // MARK: - Text

    /// Size in pixels of `lines` set in the font with `padding` font pixels around them.
    public func panelSize(_ lines: [HUDLine], padding: Int = 4) -> (width: Int, height: Int) {
        let columns = lines.map { BitmapFont.width(of: $0.text) }.max() ?? 0
        let rows = lines.count * BitmapFont.lineHeight - (BitmapFont.lineHeight - BitmapFont.glyphHeight)
        return ((columns + 2 * padding) * scale, (max(rows, 0) + 2 * padding) * scale)
    }

    /// Draws `lines` on a translucent panel (`opacity` of its dark background) whose
    /// top-left corner is at (`x`, `y`) pixels; returns the panel.
    @discardableResult
    public mutating func panel(_ lines: [HUDLine], x: Int, y: Int, padding: Int = 4, opacity: Float? = nil) -> PixelRect {
        let size = panelSize(lines, padding: padding)
        let rect = PixelRect(x: x, y: y, width: size.width, height: size.height)
        var background = Self.panelColor
        if let opacity { background.w = opacity }
        fill(rect, color: background)
        for (index, line) in lines.enumerated() {
            text(line.text, x: x + padding * scale, y: y + (padding + index * BitmapFont.lineHeight) * scale, color: line.color)
        }
        panels.append(rect)
        return rect
    }

    /// Draws `string` with its top-left corner at (`x`, `y`) pixels, with a one-pixel shadow.
    public mutating func text(_ string: String, x: Int, y: Int, color: SIMD4<Float>) {
        for pass in 0..<2 {
            let offset = pass == 0 ? max(scale / 2, 1) : 0
            let tint = pass == 0 ? Self.shadowColor : color
            var cursor = x + offset
            for character in string {
                if character != " " {
                    let cell = BitmapFont.atlas.cells[character] ?? BitmapFont.atlas.cells["?"] ?? 0
                    quad(x: cursor, y: y + offset, width: BitmapFont.Atlas.cellWidth * scale,
                         height: BitmapFont.Atlas.cellHeight * scale, cell: cell, color: tint)
                }
                cursor += BitmapFont.advance * scale
            }
        }
    }

    /// A solid rectangle.
    public mutating func fill(_ rect: PixelRect, color: SIMD4<Float>) {
        quad(x: rect.x, y: rect.y, width: rect.width, height: rect.height, cell: BitmapFont.atlas.solidCell, color: color)
    }

    // MARK: - World annotations on top

    /// Draws `lines` and `points` (world) as seen by `camera`, on top of everything, with
    /// their alpha scaled by `opacity`: the parts hidden behind geometry show through faintly.
    public mutating func annotations(lines: [LineSegment], points: [PointMarker], camera: Camera, opacity: Float) {
        for line in lines {
            guard let start = camera.project(line.start, width: width, height: height),
                  let end = camera.project(line.end, width: width, height: height) else { continue }
            var color = line.color
            color.w *= opacity
            segment(from: (start.x, start.y), to: (end.x, end.y), width: Double(line.width), color: color)
        }
        for point in points {
            guard let centre = camera.project(point.position, width: width, height: height) else { continue }
            var color = point.color
            color.w *= opacity
            let size = Double(max(point.size, 1))
            marker(x: centre.x, y: centre.y, size: size, color: color)
        }
    }

    /// A line `width` pixels wide between two picture points (pixels, y down).
    public mutating func segment(from start: (Double, Double), to end: (Double, Double), width lineWidth: Double,
                                 color: SIMD4<Float>) {
        let dx = end.0 - start.0, dy = end.1 - start.1
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 1e-6, length.isFinite else { return }
        let nx = -dy / length * lineWidth / 2, ny = dx / length * lineWidth / 2
        let corners = [(start.0 + nx, start.1 + ny), (end.0 + nx, end.1 + ny), (end.0 - nx, end.1 - ny),
                       (start.0 - nx, start.1 - ny)]
        let (u, v) = Self.cellCentre(BitmapFont.atlas.solidCell)
        triangles(corners, uvs: [(u, v), (u, v), (u, v), (u, v)], color: color)
    }

    /// A round marker `size` pixels across centred on (`x`, `y`).
    public mutating func marker(x: Double, y: Double, size: Double, color: SIMD4<Float>) {
        let half = size / 2
        let corners = [(x - half, y - half), (x + half, y - half), (x + half, y + half), (x - half, y + half)]
        triangles(corners, uvs: Self.cellCorners(BitmapFont.atlas.discCell), color: color)
    }

    // MARK: - Geometry

    private mutating func quad(x: Int, y: Int, width: Int, height: Int, cell: Int, color: SIMD4<Float>) {
        let x0 = Double(x), y0 = Double(y), x1 = Double(x + width), y1 = Double(y + height)
        triangles([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], uvs: Self.cellCorners(cell), color: color)
    }

    // Two triangles over four corners given clockwise from the top-left.
    private mutating func triangles(_ corners: [(Double, Double)], uvs: [(Float, Float)], color: SIMD4<Float>) {
        for index in [0, 1, 2, 0, 2, 3] {
            vertices += [Float(corners[index].0), Float(corners[index].1), uvs[index].0, uvs[index].1,
                         color.x, color.y, color.z, color.w]
        }
    }

    // Atlas coordinates of a cell's corners (top-left, top-right, bottom-right, bottom-left).
    private static func cellCorners(_ cell: Int) -> [(Float, Float)] {
        let atlas = BitmapFont.atlas
        let u0 = Float(cell * BitmapFont.Atlas.cellWidth) / Float(atlas.width)
        let u1 = Float((cell + 1) * BitmapFont.Atlas.cellWidth) / Float(atlas.width)
        return [(u0, 0), (u1, 0), (u1, 1), (u0, 1)]
    }

    private static func cellCentre(_ cell: Int) -> (Float, Float) {
        let atlas = BitmapFont.atlas
        return ((Float(cell * BitmapFont.Atlas.cellWidth) + Float(BitmapFont.Atlas.cellWidth) / 2) / Float(atlas.width), 0.5)
    }
}
