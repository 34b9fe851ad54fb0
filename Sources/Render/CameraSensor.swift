// CameraSensor: a camera mounted in the world or on a body/link that produces RGB, depth
// and segmentation pictures offscreen at a set resolution and rate.
import Physics

/// A simulated camera. A value type: what the camera *is*; pictures come from
/// `capture(_:mountPose:using:)`.
///
/// Its frame follows the camera-link convention: it looks along +x with +z up in the
/// picture. Mounted on a body, its pose is `mountPose * offset` where `mountPose` is the
/// body's (or link's) world pose as the physics world reports it.
public struct CameraSensor: Hashable, Sendable {
    /// Where the camera is fixed.
    public enum Mount: Hashable, Sendable {
        /// A fixed pose in the world frame.
        case world(Pose)
        /// Rigidly attached to body `body` (link `link`, −1 for a rigid body or a base) at
        /// `offset` in that body's or link's frame.
        case body(Int32, link: Int, offset: Pose)
    }

    /// Unique among a scene's sensors, e.g. "head_camera".
    public var name: String
    public var mount: Mount
    /// Full vertical field of view (rad).
    public var verticalFieldOfView: Double
    /// Picture size in pixels.
    public var width: Int
    public var height: Int
    /// Pictures per second of simulated time (Hz); 0 or less means every control step.
    public var rate: Double
    /// Clip distances (m): depth reads infinity beyond `far`.
    public var near: Double
    public var far: Double
    /// The pictures each capture produces.
    public var outputs: ImageKinds

    public init(name: String, mount: Mount, verticalFieldOfView: Double = 60 * .pi / 180, width: Int = 128,
                height: Int = 128, rate: Double = 30, near: Double = 0.02, far: Double = 20,
                outputs: ImageKinds = .all) {
        self.name = name
        self.mount = mount
        self.verticalFieldOfView = verticalFieldOfView
        self.width = width
        self.height = height
        self.rate = rate
        self.near = near
        self.far = far
        self.outputs = outputs
    }

    /// The body whose pose the caller must supply to `capture`, or nil for a world mount.
    public var mountBody: (body: Int32, link: Int)? {
        if case .body(let body, let link, _) = mount { return (body, link) }
        return nil
    }

    /// The camera frame in the world, given the mount body's world pose (ignored for a
    /// world mount).
    public func pose(mountPose: Pose = .identity) -> Pose {
        switch mount {
        case .world(let pose): return pose
        case .body(_, _, let offset): return mountPose * offset
        }
    }

    /// The render camera for the current mount pose.
    public func camera(mountPose: Pose = .identity) -> Camera {
        Camera(pose: pose(mountPose: mountPose), verticalFieldOfView: verticalFieldOfView, near: near, far: far)
    }

    /// Seconds of simulated time between pictures (0 when every step gets one).
    public var period: Double { rate > 0 ? 1 / rate : 0 }

    /// Whether a picture is due at simulated `time` (s) when the last one was taken at
    /// `lastCapture` (nil: never).
    public func isDue(at time: Double, lastCapture: Double?) -> Bool {
        guard let lastCapture else { return true }
        return time - lastCapture >= period - 1e-9
    }

    /// Renders `scene` from this camera with `renderer` and returns the pictures in
    /// `outputs`. `mountPose` is the mount body's world pose (ignored for a world mount).
    /// The renderer's settings decide what is visible (`RenderSettings.sensor`: no grid,
    /// overlays, lines or points).
    public func capture(_ scene: RenderScene, mountPose: Pose = .identity, using renderer: OffscreenRenderer) throws
        -> CameraImages {
        try renderer.capture(scene, camera: camera(mountPose: mountPose), width: width, height: height, kinds: outputs)
    }
}
