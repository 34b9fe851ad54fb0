// OffscreenRenderer: a Renderer with its own EGL context and framebuffers, for camera
// sensors, headless screenshots and tests — no window, no X server.
import Physics

/// Renders `RenderScene`s into offscreen framebuffers and reads them back.
///
/// Owns an `OffscreenContext`, a `Renderer` and one `Framebuffer` per picture size in
/// use. Not thread-safe: use it from one thread at a time (each call makes its context
/// current on the calling thread); give each worker thread its own.
public final class OffscreenRenderer {
    public let context: OffscreenContext
    public let renderer: Renderer
    private var framebuffers: [Size: Framebuffer] = [:]
    private struct Size: Hashable { let width: Int, height: Int }
    /// Framebuffers kept for different sizes before all are dropped and recreated.
    private static let maximumFramebuffers = 8

    /// Creates the context and compiles the renderer's shaders. Throws
    /// `.contextUnavailable` when EGL cannot make a GL 3.3 core context.
    public init(settings: RenderSettings = .sensor) throws {
        context = try OffscreenContext()
        renderer = try Renderer(settings: settings)
    }

    deinit {
        // GPU objects belong to this context: free them with it current, then the context goes.
        if (try? context.makeCurrent()) != nil {
            framebuffers.values.forEach { $0.release() }
            renderer.release()
        }
    }

    /// How frames look (the renderer's settings).
    public var settings: RenderSettings {
        get { renderer.settings }
        set { renderer.settings = newValue }
    }

    /// Renders `scene` from `camera` into the `width` × `height` framebuffer and returns it
    /// for readback (valid until the next call with another size evicts it).
    @discardableResult
    public func render(_ scene: RenderScene, camera: Camera, width: Int, height: Int) throws -> Framebuffer {
        try context.makeCurrent()
        let target = try framebuffer(width: width, height: height)
        try renderer.render(scene, camera: camera, target: .offscreen(target))
        return target
    }

    /// Renders and reads back the pictures in `kinds`.
    public func capture(_ scene: RenderScene, camera: Camera, width: Int, height: Int,
                        kinds: ImageKinds = .all) throws -> CameraImages {
        let target = try render(scene, camera: camera, width: width, height: height)
        return CameraImages(rgb: kinds.contains(.rgb) ? target.readRGB() : nil,
                            depth: kinds.contains(.depth) ? target.readDepth(camera: camera) : nil,
                            segmentation: kinds.contains(.segmentation) ? target.readSegmentation() : nil)
    }

    /// Renders `scene` and writes the colour picture to `path` as PNG (headless screenshots).
    public func screenshot(_ scene: RenderScene, camera: Camera, width: Int, height: Int, path: String) throws {
        let target = try render(scene, camera: camera, width: width, height: height)
        try PNGWriter.write(target.readRGB(), path: path)
    }

    private func framebuffer(width: Int, height: Int) throws -> Framebuffer {
        let size = Size(width: width, height: height)
        if let existing = framebuffers[size] { return existing }
        if framebuffers.count >= Self.maximumFramebuffers {
            framebuffers.values.forEach { $0.release() }
            framebuffers.removeAll()
        }
        let created = try Framebuffer(width: width, height: height)
        framebuffers[size] = created
        return created
    }
}
