// CameraProvider: what renders a scene's cameras. The Scene and Tasks layers sit below
// the renderer, so they see pictures through this protocol and plain arrays (CameraFrame);
// Render implements it with an offscreen EGL renderer, and whoever owns an Episode (the
// viewer, the C ABI, `tground run --cameras`) hands one in. Without one, cameras report
// clearly that nothing can render them.
import Foundation
import Physics

/// Renders one camera's pictures of a world as it is now.
public protocol CameraProvider: AnyObject {
    /// Whether pictures can be made at all (e.g. EGL has a GL 3.3 core context). May try
    /// to set the renderer up the first time it is asked, and remembers the answer.
    var isAvailable: Bool { get }

    /// Renders `camera`, whose frame is at `pose` (world) now, in `world`, at simulated
    /// `time` (s). Throws `CameraError.unavailable` when it cannot render.
    func render(_ camera: SceneCamera, pose: Pose, in world: SceneWorld, time: Double) throws -> CameraFrame
}

/// The pictures of one capture, rows from the top of the picture down. A channel the
/// camera does not produce is nil.
public struct CameraFrame: Sendable, Hashable {
    public var camera: String
    public var width: Int
    public var height: Int
    /// Simulated time (s) the picture was taken at.
    public var time: Double
    /// The camera frame in the world when it was taken (+x line of sight, +z up).
    public var pose: Pose
    /// Vertical field of view (rad).
    public var verticalFieldOfView: Double
    /// width × height × 3 bytes, red, green, blue.
    public var rgb: [UInt8]?
    /// width × height distances along the line of sight (m); infinity where nothing is seen.
    public var depth: [Float]?
    /// width × height body ids and link ids (−1: nothing, or a rigid body / base link).
    public var bodyIDs: [Int32]?
    public var linkIDs: [Int32]?

    public init(camera: String, width: Int, height: Int, time: Double, pose: Pose, verticalFieldOfView: Double,
                rgb: [UInt8]? = nil, depth: [Float]? = nil, bodyIDs: [Int32]? = nil, linkIDs: [Int32]? = nil) {
        self.camera = camera
        self.width = width
        self.height = height
        self.time = time
        self.pose = pose
        self.verticalFieldOfView = verticalFieldOfView
        self.rgb = rgb
        self.depth = depth
        self.bodyIDs = bodyIDs
        self.linkIDs = linkIDs
    }

    /// Focal length in pixels (square pixels).
    public var focalPixels: Double { Double(height) / 2 / tan(verticalFieldOfView / 2) }

    /// Where world `point` appears in this picture: x right and y down from the top-left
    /// corner in pixels (pixel centres at .5), and its depth along the line of sight (m).
    /// Nil when it is not in front of the camera.
    public func project(_ point: Vector3) -> (x: Double, y: Double, depth: Double)? {
        let local = pose.rotation.conjugate.rotate(point - pose.position)
        guard local.x > 1e-9 else { return nil }
        let f = focalPixels
        return (Double(width) / 2 - f * local.y / local.x, Double(height) / 2 - f * local.z / local.x, local.x)
    }

    /// The pixel index of picture point (`x`, `y`), or nil outside the picture.
    public func pixelIndex(x: Double, y: Double) -> Int? {
        let column = Int(x.rounded(.down)), row = Int(y.rounded(.down))
        guard x >= 0, y >= 0, column < width, row < height else { return nil }
        return row * width + column
    }
}

public enum CameraError: Error, CustomStringConvertible, Equatable {
    case unknownCamera(String, known: [String])
    /// Nothing was given to render cameras (no renderer in this process).
    case noRenderer(camera: String)
    /// A renderer was given but cannot make pictures (e.g. no OpenGL 3.3 through EGL).
    case unavailable(String)

    public var description: String {
        switch self {
        case let .unknownCamera(name, known):
            let list = known.isEmpty ? "the scene has no cameras" : "cameras: \(known.joined(separator: ", "))"
            return "no camera named '\(name)' (\(list))"
        case let .noRenderer(camera):
            return "camera '\(camera)' cannot render: no renderer was given to this episode (the viewer, the Python env "
                + "with cameras=[...] and `tground run --cameras` give one)"
        case let .unavailable(reason):
            return "cameras cannot render: \(reason)"
        }
    }
}
