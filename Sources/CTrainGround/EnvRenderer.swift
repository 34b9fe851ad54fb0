// EnvRenderer: an env's offscreen picture (rgb_array) — the scene's drawables at their
// current poses, seen from the options' camera or from one that follows the robot.
import Physics
import Render
import Scene

final class EnvRenderer {
    private let renderer: OffscreenRenderer
    private let options: EnvOptions
    /// The follow camera's eye relative to the robot base (m): in front, to the left, above.
    static let followOffset = Vector3(2.8, 1.6, 0.8)

    /// Makes the EGL context; `.renderUnavailable` when the machine has no GL 3.3 core.
    init(options: EnvOptions) throws {
        self.options = options
        do {
            renderer = try OffscreenRenderer(settings: .viewer)
        } catch {
            throw ABIError(.renderUnavailable, "offscreen rendering is unavailable: \(error)")
        }
    }

    func render(_ world: SceneWorld, into pixels: UnsafeMutablePointer<UInt8>, width: Int, height: Int) throws {
        let scene = RenderScene(drawables: world.drawables, bodyPoses: try world.drawableBodyPoses())
        let framebuffer = try renderer.render(scene, camera: try camera(for: world), width: width, height: height)
        let image = framebuffer.readRGB()
        guard image.pixels.count == width * height * 3 else {
            throw ABIError(.failed, "the renderer returned \(image.pixels.count) bytes for \(width)×\(height) RGB")
        }
        image.pixels.withUnsafeBufferPointer { source in
            if let start = source.baseAddress { pixels.update(from: start, count: width * height * 3) }
        }
    }

    private func camera(for world: SceneWorld) throws -> Camera {
        let base = try world.robot.framePose(world.robot.model.rootLink).position
        let target = options.cameraTarget ?? base
        let position = options.cameraPosition ?? (target + Self.followOffset)
        return Camera(position: position, target: target, verticalFieldOfView: options.cameraFieldOfView)
    }
}
