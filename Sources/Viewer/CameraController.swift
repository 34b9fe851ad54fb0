// CameraController: the viewer's camera and the moves bound to the mouse and keys — orbit,
// pan, zoom — plus a start view framing the robot and a mode that follows it.
import Foundation
import Physics
import Render

public struct CameraController: Sendable {
    /// The camera frames are drawn with.
    public var camera: Camera
    /// Where `resetCamera` goes back to.
    public var home: Camera
    /// When on, the camera's target tracks the robot's root link each frame.
    public var isFollowing = false

    /// Radians per pixel of mouse motion when orbiting; radians per key press.
    public static let orbitPerPixel = 0.006
    public static let orbitPerKey = 5 * Double.pi / 180
    /// Zoom factor per wheel notch or key press (< 1 moves closer).
    public static let zoomPerStep = 0.88
    /// Fraction of the picture height one pan key press moves.
    public static let panPerKey = 0.05

    public init(camera: Camera) {
        self.camera = camera
        home = camera
    }

    /// A view of a robot standing at `root` (its root link, m) facing `yaw` (rad): from its
    /// front left (60° off its heading), slightly above, 3.2 m away, looking at its middle.
    public static func framing(root: Vector3, yaw: Double, height: Double) -> Camera {
        framing(root: root, yaw: yaw, height: height, azimuthOffset: startAzimuthOffsets[0])
    }

    /// The start view that sees the robot: the first of `startAzimuthOffsets` (front left
    /// first, then turning round the robot) whose eye has a clear line to points across the
    /// robot's upper half (`clearSight(eye, point)`, e.g. a ray cast that hits the robot
    /// first); with none wholly clear, the one that sees most of them. A shelf or machine in
    /// front of the front-left view would otherwise fill the first picture; legs hidden
    /// behind a workbench are expected and don't count.
    public static func framing(root: Vector3, yaw: Double, height: Double,
                               clearSight: (_ eye: Vector3, _ point: Vector3) throws -> Bool) rethrows -> Camera {
        var best: (camera: Camera, seen: Int)?
        for offset in startAzimuthOffsets {
            let camera = framing(root: root, yaw: yaw, height: height, azimuthOffset: offset)
            let view = (camera.target - camera.position).normalized
            let side = Vector3(-view.y, view.x, 0).normalized
            var seen = 0, total = 0
            for fraction in [0.55, 0.75, 0.95] {
                for across in [-0.15, 0.0, 0.15] {
                    let point = Vector3(root.x, root.y, fraction * height) + side * across
                    total += 1
                    if try clearSight(camera.position, point) { seen += 1 }
                }
            }
            if seen == total { return camera }
            if seen > best?.seen ?? -1 { best = (camera, seen) }
        }
        return best?.camera ?? framing(root: root, yaw: yaw, height: height)
    }

    /// Azimuths (rad, from the robot's heading) the start view tries, in order.
    static let startAzimuthOffsets: [Double] = [60, 30, 90, 0, 120, -30, -60, -90, 150, -120, 180, -150]
        .map { $0 * Double.pi / 180 }

    private static func framing(root: Vector3, yaw: Double, height: Double, azimuthOffset: Double) -> Camera {
        let target = Vector3(root.x, root.y, max(0.5 * height, 0.3))
        let azimuth = yaw + azimuthOffset
        let elevation = 18 * Double.pi / 180
        let distance = max(3.2, 2.2 * height)
        let eye = target + Vector3(cos(elevation) * cos(azimuth), cos(elevation) * sin(azimuth), sin(elevation)) * distance
        return Camera(position: eye, target: target, verticalFieldOfView: 45 * .pi / 180, near: 0.02, far: 60)
    }

    /// Orbits by a mouse motion of (`dx`, `dy`) pixels: right turns the scene left, down tilts it.
    public mutating func orbit(pixelsX dx: Double, pixelsY dy: Double) {
        camera.orbit(azimuth: -dx * Self.orbitPerPixel, elevation: dy * Self.orbitPerPixel)
    }

    /// Pans by a mouse motion of (`dx`, `dy`) pixels in a picture `height` pixels tall.
    public mutating func pan(pixelsX dx: Double, pixelsY dy: Double, height: Int) {
        camera.pan(pixelsX: dx, pixelsY: dy, height: height)
    }

    /// Zooms by `notches` wheel notches (positive: closer).
    public mutating func zoom(notches: Double) {
        camera.zoom(pow(Self.zoomPerStep, notches))
    }

    /// The key moves (`ViewerAction`s the camera owns); false for other actions.
    public mutating func perform(_ action: ViewerAction, height: Int) -> Bool {
        let panPixels = Self.panPerKey * Double(max(height, 1))
        switch action {
        case .orbitLeft: camera.orbit(azimuth: Self.orbitPerKey, elevation: 0)
        case .orbitRight: camera.orbit(azimuth: -Self.orbitPerKey, elevation: 0)
        case .orbitUp: camera.orbit(azimuth: 0, elevation: Self.orbitPerKey)
        case .orbitDown: camera.orbit(azimuth: 0, elevation: -Self.orbitPerKey)
        case .panLeft: pan(pixelsX: panPixels, pixelsY: 0, height: height)
        case .panRight: pan(pixelsX: -panPixels, pixelsY: 0, height: height)
        case .panUp: pan(pixelsX: 0, pixelsY: panPixels, height: height)
        case .panDown: pan(pixelsX: 0, pixelsY: -panPixels, height: height)
        case .zoomIn: zoom(notches: 1)
        case .zoomOut: zoom(notches: -1)
        case .toggleFollow: isFollowing.toggle()
        case .resetCamera:
            camera = home
            isFollowing = false
        default: return false
        }
        return true
    }

    /// In follow mode, moves the camera with `point` (the robot's root link), keeping its
    /// offset and the target's height.
    public mutating func update(following point: Vector3) {
        guard isFollowing, point.isFinite else { return }
        camera.follow(Vector3(point.x, point.y, camera.target.z))
    }
}
