// RenderSettings: how frames look — background, light, shadows, grid, and which extras
// (overlays, lines, points) are drawn. Presets for the viewer and for camera sensors.
import Physics

/// Appearance of rendered frames. Colours are linear RGB(A) in [0, 1].
public struct RenderSettings: Hashable, Sendable {
    /// Clear colour where nothing is drawn.
    public var backgroundColor: SIMD3<Float>
    /// Direction the light travels (world; from the light towards the scene), any length.
    public var lightDirection: Vector3
    public var lightColor: SIMD3<Float>
    /// Light reaching every surface, shadowed or not.
    public var ambientColor: SIMD3<Float>
    /// Strength (0…1) and exponent of Blinn-Phong highlights.
    public var specularStrength: Float
    public var shininess: Float
    /// Largest shadow map side in texels; 0 turns shadows off. A frame uses twice its
    /// picture's larger side rounded up to a power of two (at least 256) when that is less.
    public var shadowMapSize: Int
    /// The grid floor, or nil for none.
    public var grid: GridFloor?
    /// Whether `Drawable.isOverlay` geometry (goal zones) is drawn.
    public var showsOverlays: Bool
    /// Whether `RenderScene.lines` and `RenderScene.points` are drawn.
    public var showsLines: Bool
    public var showsPoints: Bool
    /// Planes (`GeometryShape.plane`) are drawn as squares this far (m) from their origin to each side.
    public var planeHalfExtent: Double

    public init(backgroundColor: SIMD3<Float> = SIMD3(0.62, 0.72, 0.82),
                lightDirection: Vector3 = Vector3(-0.4, -0.3, -1),
                lightColor: SIMD3<Float> = SIMD3(0.75, 0.75, 0.72),
                ambientColor: SIMD3<Float> = SIMD3(0.3, 0.3, 0.33),
                specularStrength: Float = 0.25, shininess: Float = 32, shadowMapSize: Int = 2048,
                grid: GridFloor? = GridFloor(), showsOverlays: Bool = true, showsLines: Bool = true,
                showsPoints: Bool = true, planeHalfExtent: Double = 50) {
        self.backgroundColor = backgroundColor
        self.lightDirection = lightDirection
        self.lightColor = lightColor
        self.ambientColor = ambientColor
        self.specularStrength = specularStrength
        self.shininess = shininess
        self.shadowMapSize = shadowMapSize
        self.grid = grid
        self.showsOverlays = showsOverlays
        self.showsLines = showsLines
        self.showsPoints = showsPoints
        self.planeHalfExtent = planeHalfExtent
    }

    /// For the viewer: shadows, the grid, overlays, lines and points.
    public static let viewer = RenderSettings()

    /// For camera sensors: what a real camera would see — no grid, overlays, lines or
    /// points — with a 1024-texel shadow map.
    public static let sensor = RenderSettings(shadowMapSize: 1024, grid: nil, showsOverlays: false,
                                              showsLines: false, showsPoints: false)
}

/// A grid of lines on a horizontal plane, fading out towards `extent`.
public struct GridFloor: Hashable, Sendable {
    /// Height of the grid above the world origin (m).
    public var height: Double
    /// Distance between lines (m).
    public var spacing: Double
    /// How far the grid reaches from the origin (m).
    public var extent: Double
    public var lineColor: SIMD4<Float>
    /// The lines through the origin along world x and along world y.
    public var xAxisColor: SIMD4<Float>
    public var yAxisColor: SIMD4<Float>

    public init(height: Double = 0, spacing: Double = 0.5, extent: Double = 20,
                lineColor: SIMD4<Float> = SIMD4(0.15, 0.15, 0.18, 0.45),
                xAxisColor: SIMD4<Float> = SIMD4(0.8, 0.2, 0.2, 0.8),
                yAxisColor: SIMD4<Float> = SIMD4(0.2, 0.7, 0.2, 0.8)) {
        self.height = height
        self.spacing = spacing
        self.extent = extent
        self.lineColor = lineColor
        self.xAxisColor = xAxisColor
        self.yAxisColor = yAxisColor
    }
}
