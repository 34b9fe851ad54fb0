// RenderScene: what one frame shows — drawables at their bodies' current poses, plus
// the viewer's lines (contact forces, drag springs, frames) and points (contacts).
import Physics
import Scene

/// One frame's content. A value the caller rebuilds (or updates) each frame from a
/// read-only snapshot of the world; the renderer never reads the world itself.
public struct RenderScene: Sendable {
    /// The geometry to draw.
    public var drawables: [Drawable]
    /// For each drawable, the world pose of its body (rigid body or multibody base) or
    /// link frame, as the physics world reports it; `.identity` for body −1. The renderer
    /// places the geometry at `bodyPoses[i] * drawables[i].localPose`.
    public var bodyPoses: [Pose]
    /// Segments drawn on top of the shading (depth-tested, not in depth or segmentation images).
    public var lines: [LineSegment]
    /// Round markers (depth-tested, not in depth or segmentation images).
    public var points: [PointMarker]

    public init(drawables: [Drawable] = [], bodyPoses: [Pose] = [], lines: [LineSegment] = [],
                points: [PointMarker] = []) {
        self.drawables = drawables
        self.bodyPoses = bodyPoses
        self.lines = lines
        self.points = points
    }
}

/// A straight segment between two world points (m), `width` pixels wide.
public struct LineSegment: Hashable, Sendable {
    public var start: Vector3
    public var end: Vector3
    /// RGBA in [0, 1].
    public var color: SIMD4<Float>
    public var width: Float

    public init(start: Vector3, end: Vector3, color: SIMD4<Float>, width: Float = 2) {
        self.start = start
        self.end = end
        self.color = color
        self.width = width
    }

    /// An arrow from `start` along `vector` (world, m): a shaft and a two-stroke head whose
    /// strokes are `headFraction` of the arrow long. Empty for a zero vector.
    public static func arrow(from start: Vector3, vector: Vector3, color: SIMD4<Float>, width: Float = 2,
                             headFraction: Double = 0.2) -> [LineSegment] {
        let length = vector.length
        guard length > 0, length.isFinite else { return [] }
        let direction = vector / length
        let helper = abs(direction.z) < 0.9 ? Vector3.unitZ : Vector3.unitX
        let side = direction.cross(helper).normalized
        let tip = start + vector
        let back = direction * (length * headFraction)
        let spread = side * (length * headFraction * 0.5)
        return [
            LineSegment(start: start, end: tip, color: color, width: width),
            LineSegment(start: tip, end: tip - back + spread, color: color, width: width),
            LineSegment(start: tip, end: tip - back - spread, color: color, width: width),
        ]
    }

    /// Three segments along the x (red), y (green) and z (blue) axes of `frame`, each
    /// `length` metres: a link frame marker.
    public static func axes(of frame: Pose, length: Double, width: Float = 2) -> [LineSegment] {
        let colors: [SIMD4<Float>] = [SIMD4(1, 0, 0, 1), SIMD4(0, 1, 0, 1), SIMD4(0, 0.4, 1, 1)]
        return zip([Vector3.unitX, .unitY, .unitZ], colors).map { axis, color in
            LineSegment(start: frame.position, end: frame.transform(axis * length), color: color, width: width)
        }
    }
}

/// A disc `size` pixels across, centred on a world point (m).
public struct PointMarker: Hashable, Sendable {
    public var position: Vector3
    /// RGBA in [0, 1].
    public var color: SIMD4<Float>
    public var size: Float

    public init(position: Vector3, color: SIMD4<Float>, size: Float = 6) {
        self.position = position
        self.color = color
        self.size = size
    }
}
