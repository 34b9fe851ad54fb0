// Camera: a pinhole camera in the world (eye, target, up, vertical field of view, clip
// distances) with the orbit, pan, zoom and follow moves the viewer binds to the mouse.
import Foundation
import Physics

/// A perspective camera. World frame, z up, metres and radians.
///
/// The camera sits at `position` and looks at `target`; `up` says which way is up in the
/// picture (it need not be perpendicular to the view direction). Depth images measure
/// distance along the view direction (not along each pixel's ray).
public struct Camera: Hashable, Sendable {
    /// Where the eye is, in world coordinates (m).
    public var position: Vector3
    /// The point the camera looks at and orbits around (m, world).
    public var target: Vector3
    /// The preferred up direction in the picture (world; any length > 0).
    public var up: Vector3
    /// The full vertical field of view (rad), in (0, π).
    public var verticalFieldOfView: Double
    /// Near and far clip distances (m), 0 < near < far. Nothing nearer or farther is drawn.
    public var near: Double
    public var far: Double

    public init(position: Vector3, target: Vector3, up: Vector3 = .unitZ,
                verticalFieldOfView: Double = 45 * .pi / 180, near: Double = 0.01, far: Double = 100) {
        self.position = position
        self.target = target
        self.up = up
        self.verticalFieldOfView = verticalFieldOfView
        self.near = near
        self.far = far
    }

    /// A camera whose frame is `pose` (world), in the robotics convention of a camera link:
    /// it looks along the frame's +x axis, with +z up in the picture and +y to the left.
    /// `target` is put 1 m ahead.
    public init(pose: Pose, verticalFieldOfView: Double = 45 * .pi / 180, near: Double = 0.01, far: Double = 100) {
        self.init(position: pose.position, target: pose.transform(.unitX), up: pose.rotation.rotate(.unitZ),
                  verticalFieldOfView: verticalFieldOfView, near: near, far: far)
    }

    /// Unit vector from the eye towards the target (world).
    public var forward: Vector3 { (target - position).normalized }
    /// Distance from the eye to the target (m).
    public var distance: Double { (target - position).length }
    /// Unit vectors pointing right and up in the picture (world).
    public var rightAndUp: (right: Vector3, up: Vector3) { Matrix4.viewBasis(forward: forward, up: up) }

    /// World → eye space (OpenGL convention: the eye looks down −z).
    public var viewMatrix: Matrix4 { Matrix4.lookAt(eye: position, target: target, up: up) }

    /// Eye → clip space for a picture `aspect` = width / height wide.
    public func projectionMatrix(aspect: Double) -> Matrix4 {
        Matrix4.perspective(verticalFieldOfView: verticalFieldOfView, aspect: aspect, near: near, far: far)
    }

    /// The distance along the view direction (m) of a depth-buffer value `windowDepth` in
    /// [0, 1] written with this camera's projection; `.infinity` for 1 (nothing drawn).
    public func linearDepth(windowDepth: Double) -> Double {
        guard windowDepth < 1 else { return .infinity }
        let ndc = 2 * windowDepth - 1
        return 2 * near * far / (far + near - ndc * (far - near))
    }

    // MARK: - Picture coordinates

    /// Where `point` (world) appears in a `width` × `height` picture: x to the right and y
    /// down from the top-left corner, in pixels (pixel centres at .5), and its depth along
    /// the view direction (m). Nil when the point is behind the eye.
    public func project(_ point: Vector3, width: Int, height: Int) -> (x: Double, y: Double, depth: Double)? {
        let eye = viewMatrix * SIMD4(point.x, point.y, point.z, 1)
        guard eye.z < 0 else { return nil }
        let clip = projectionMatrix(aspect: Double(width) / Double(height)) * eye
        let ndcX = clip.x / clip.w, ndcY = clip.y / clip.w
        return ((ndcX + 1) / 2 * Double(width), (1 - ndcY) / 2 * Double(height), -eye.z)
    }

    /// The ray from the eye through picture point (`x`, `y`) (pixels from the top-left, as
    /// in `project`) of a `width` × `height` picture: origin (world, m) and unit direction.
    /// The viewer uses it to pick and drag bodies under the mouse.
    public func ray(x: Double, y: Double, width: Int, height: Int) -> (origin: Vector3, direction: Vector3) {
        let (right, trueUp) = rightAndUp
        let halfHeight = tan(verticalFieldOfView / 2)
        let halfWidth = halfHeight * Double(width) / Double(height)
        let sx = (2 * x / Double(width) - 1) * halfWidth
        let sy = (1 - 2 * y / Double(height)) * halfHeight
        return (position, (forward + right * sx + trueUp * sy).normalized)
    }

    // MARK: - Moves for the viewer

    /// Turns the eye around `target`: `azimuth` (rad) about world z, `elevation` (rad) up
    /// towards the zenith. Elevation stays within ±89°, so the view never flips.
    public mutating func orbit(azimuth: Double, elevation: Double) {
        let offset = position - target
        let radius = max(offset.length, 1e-6)
        let currentAzimuth = atan2(offset.y, offset.x)
        let currentElevation = asin(max(-1, min(1, offset.z / radius)))
        let limit = 89 * Double.pi / 180
        let newAzimuth = currentAzimuth + azimuth
        let newElevation = max(-limit, min(limit, currentElevation + elevation))
        position = target + Vector3(cos(newElevation) * cos(newAzimuth), cos(newElevation) * sin(newAzimuth),
                                    sin(newElevation)) * radius
    }

    /// Slides eye and target together by `right` and `up` metres along the picture's right
    /// and up directions.
    public mutating func pan(right: Double, up upDistance: Double) {
        let (rightVector, upVector) = rightAndUp
        let shift = rightVector * right + upVector * upDistance
        position = position + shift
        target = target + shift
    }

    /// `pan` by a mouse motion of (`dx`, `dy`) pixels (y down) in a picture `height` pixels
    /// tall, so that the point at the target's depth follows the mouse.
    public mutating func pan(pixelsX dx: Double, pixelsY dy: Double, height: Int) {
        let metresPerPixel = 2 * distance * tan(verticalFieldOfView / 2) / Double(max(height, 1))
        pan(right: -dx * metresPerPixel, up: dy * metresPerPixel)
    }

    /// Moves the eye towards (factor < 1) or away from (factor > 1) the target, keeping at
    /// least `minimumDistance` metres between them.
    public mutating func zoom(_ factor: Double, minimumDistance: Double = 0.05) {
        guard factor.isFinite, factor > 0 else { return }
        let offset = position - target
        let newDistance = max(minimumDistance, offset.length * factor)
        position = target + offset.normalized * newDistance
    }

    /// Moves eye and target together so that the target lands on `point` (follow mode).
    public mutating func follow(_ point: Vector3) {
        let shift = point - target
        position = position + shift
        target = point
    }
}
