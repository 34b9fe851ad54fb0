// OffscreenCameraProvider: renders a scene's camera sensors (Scene.CameraProvider) with an
// offscreen EGL renderer — RGB, depth in metres and body/link segmentation at each camera's
// size, without a window or X server. The EGL context is made on first use, so a process
// that never asks for a picture never pays for it.
import Physics
import Scene

/// One per episode (or per thread): the renderer inside is not thread-safe.
public final class OffscreenCameraProvider: CameraProvider {
    private var renderer: OffscreenRenderer?
    /// Why the renderer could not be made (kept, so it is tried once).
    public private(set) var failure: String?
    private let settings: RenderSettings
    /// Pictures rendered by this provider (all cameras).
    public private(set) var renderCount = 0

    public init(settings: RenderSettings = .sensor) {
        self.settings = settings
    }

    /// Makes the renderer now; throws `CameraError.unavailable` when EGL has no GL 3.3 core.
    public func prepare() throws {
        if renderer != nil { return }
        if let failure { throw CameraError.unavailable(failure) }
        do {
            renderer = try OffscreenRenderer(settings: settings)
        } catch {
            failure = "offscreen OpenGL (EGL, GL 3.3 core) is unavailable: \(error)"
            throw CameraError.unavailable(failure ?? "")
        }
    }

    public var isAvailable: Bool { (try? prepare()) != nil }

    public func render(_ camera: SceneCamera, pose: Pose, in world: SceneWorld, time: Double) throws -> CameraFrame {
        try prepare()
        guard let renderer else { throw CameraError.unavailable(failure ?? "no renderer") }
        let scene = try Self.renderScene(of: world, hiding: camera.housing)
        let spec = camera.spec
        var outputs: ImageKinds = []
        if spec.channels.contains(.rgb) { outputs.insert(.rgb) }
        if spec.channels.contains(.depth) { outputs.insert(.depth) }
        if spec.channels.contains(.segmentation) { outputs.insert(.segmentation) }
        let sensor = CameraSensor(name: spec.name, mount: .world(pose), verticalFieldOfView: camera.verticalFieldOfView,
                                  width: spec.width, height: spec.height, rate: spec.rateHz, near: spec.near,
                                  far: spec.far, outputs: outputs)
        let images = try sensor.capture(scene, using: renderer)
        renderCount += 1
        return CameraFrame(camera: spec.name, width: spec.width, height: spec.height, time: time, pose: pose,
                           verticalFieldOfView: camera.verticalFieldOfView, rgb: images.rgb?.pixels,
                           depth: images.depth?.metres, bodyIDs: images.segmentation?.bodyIDs,
                           linkIDs: images.segmentation?.linkIDs)
    }

    /// The world's drawables at their poses now, without translucent overlays (goal zones
    /// are not physical) and without the camera's own housing link.
    static func renderScene(of world: SceneWorld, hiding housing: (body: Int32, link: Int)?) throws -> RenderScene {
        let poses = try world.drawableBodyPoses()
        var drawables: [Drawable] = []
        var bodyPoses: [Pose] = []
        for (drawable, pose) in zip(world.drawables, poses) where !drawable.isOverlay {
            if let housing, drawable.body == housing.body, drawable.link == housing.link { continue }
            drawables.append(drawable)
            bodyPoses.append(pose)
        }
        return RenderScene(drawables: drawables, bodyPoses: bodyPoses)
    }
}
