// Images: the pictures the renderer reads back — colour, depth in metres, and body/link
// segmentation — as plain value types, rows from the top of the picture down.

/// An 8-bit RGB picture: `pixels` holds `width × height × 3` bytes, row by row from the
/// top-left corner, each pixel red, green, blue.
public struct RGBImage: Hashable, Sendable {
    public var width: Int
    public var height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The pixel at column `x`, row `y` (from the top-left).
    public subscript(x: Int, y: Int) -> (red: UInt8, green: UInt8, blue: UInt8) {
        let i = (y * width + x) * 3
        return (pixels[i], pixels[i + 1], pixels[i + 2])
    }
}

/// Depth along the camera's view direction in metres, one float per pixel, rows from the
/// top. Pixels that show nothing (background) hold `Float.infinity`.
public struct DepthImage: Hashable, Sendable {
    public var width: Int
    public var height: Int
    public var metres: [Float]

    public init(width: Int, height: Int, metres: [Float]) {
        self.width = width
        self.height = height
        self.metres = metres
    }

    public subscript(x: Int, y: Int) -> Float { metres[y * width + x] }
}

/// Which body and link each pixel shows, rows from the top.
///
/// `bodyIDs` holds the `Drawable.body` of the nearest opaque geometry; `linkIDs` its
/// `Drawable.link` (−1 for a rigid body or a multibody's base). Pixels that show no body —
/// background, the grid, and decoration with body −1 — hold `SegmentationImage.none` (−1)
/// in both. Overlays, lines and points never appear here.
public struct SegmentationImage: Hashable, Sendable {
    /// The id of pixels that show no body.
    public static let none: Int32 = -1

    public var width: Int
    public var height: Int
    public var bodyIDs: [Int32]
    public var linkIDs: [Int32]

    public init(width: Int, height: Int, bodyIDs: [Int32], linkIDs: [Int32]) {
        self.width = width
        self.height = height
        self.bodyIDs = bodyIDs
        self.linkIDs = linkIDs
    }

    /// (body, link) at column `x`, row `y` (from the top-left).
    public subscript(x: Int, y: Int) -> (body: Int32, link: Int32) {
        (bodyIDs[y * width + x], linkIDs[y * width + x])
    }
}

/// Which pictures a capture reads back.
public struct ImageKinds: OptionSet, Hashable, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let rgb = ImageKinds(rawValue: 1)
    public static let depth = ImageKinds(rawValue: 2)
    public static let segmentation = ImageKinds(rawValue: 4)
    public static let all: ImageKinds = [.rgb, .depth, .segmentation]
}

/// The pictures of one capture; a kind that was not asked for is nil.
public struct CameraImages: Hashable, Sendable {
    public var rgb: RGBImage?
    public var depth: DepthImage?
    public var segmentation: SegmentationImage?

    public init(rgb: RGBImage? = nil, depth: DepthImage? = nil, segmentation: SegmentationImage? = nil) {
        self.rgb = rgb
        self.depth = depth
        self.segmentation = segmentation
    }
}
