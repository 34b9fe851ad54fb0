// Renderer: draws a RenderScene from a Camera into a target — the viewer's window or an
// offscreen Framebuffer — with one OpenGL 3.3 core code path. It needs only a current
// GL context; it never creates windows or contexts itself.
import COpenGL
import Physics

/// Where a frame goes.
public enum RenderTarget {
    /// Framebuffer 0 of the current context (the viewer's SDL window), `width` × `height`
    /// pixels. Segmentation is not available there.
    case window(width: Int, height: Int)
    /// An offscreen framebuffer with colour, ids and depth for readback.
    case offscreen(Framebuffer)

    public var size: (width: Int, height: Int) {
        switch self {
        case .window(let width, let height): return (width, height)
        case .offscreen(let framebuffer): return (framebuffer.width, framebuffer.height)
        }
    }
}

/// An OpenGL 3.3 core renderer.
///
/// Lifetime and threads: create it, render with it and drop it on a thread where the
/// same GL context is current. GPU meshes and programs are freed by `release()` or in
/// `deinit`, which must run with that context current (`OffscreenRenderer` takes care of
/// this for offscreen use). Shapes are tessellated once and mesh files uploaded once per
/// path, for the renderer's lifetime.
///
/// A frame reads as its stages: resolve the drawables, render shadows, clear the target,
/// draw opaque geometry, the grid, overlays, then lines and points.
public final class Renderer {
    /// How frames look; change it between frames.
    public var settings: RenderSettings
    /// Vendor, renderer and version of the context the renderer was made in.
    public let glDescription: String
    /// Whether that context rasterizes on the CPU (llvmpipe and the like). The viewer may
    /// then choose a smaller `settings.shadowMapSize` (1024) to keep its frame rate.
    public var isSoftwareRasterizer: Bool { GLInfo.isSoftware(glDescription) }

    private let geometry = GeometryCache()
    private let surfaces: SurfacePass
    private let grid: GridPass
    private let annotations: LinePass
    private var released = false

    /// Compiles the shaders. Throws `.contextUnavailable` when no GL 3.3 context is current
    /// and `.shaderFailed` when the driver rejects a program.
    public init(settings: RenderSettings = .viewer) throws {
        glDescription = GLInfo.description()
        guard !glDescription.isEmpty else {
            throw RenderError.contextUnavailable(reason: "Renderer needs a current OpenGL 3.3 core context on this thread")
        }
        self.settings = settings
        surfaces = try SurfacePass()
        grid = try GridPass()
        annotations = try LinePass()
        try GLInfo.check("creating the renderer")
    }

    deinit { release() }

    /// Frees every GPU resource (the renderer's context must be current). Safe to call twice;
    /// the renderer must not be used afterwards.
    public func release() {
        guard !released else { return }
        released = true
        geometry.release()
        surfaces.release()
        grid.release()
        annotations.release()
    }

    /// Problems met while drawing, once each (e.g. a mesh file that could not be loaded and
    /// is therefore not drawn).
    public var warnings: [String] { geometry.warnings }

    /// Draws `scene` as seen by `camera` into `target`, leaving the target bound (the viewer
    /// may draw its HUD on top). Throws when `scene.bodyPoses` does not match the
    /// drawables, the camera cannot project, or GL reports an error.
    public func render(_ scene: RenderScene, camera: Camera, target: RenderTarget) throws {
        let (width, height) = target.size
        guard width > 0, height > 0 else { throw RenderError.invalidSize(width: width, height: height, limit: Int(Int32.max)) }
        try Self.validate(camera)
        let list = try DrawList(scene, cache: geometry, settings: settings, camera: camera, height: height)
        let viewProjection = camera.projectionMatrix(aspect: Double(width) / Double(height)) * camera.viewMatrix

        let light = try surfaces.renderShadows(list, settings: settings, pictureSize: max(width, height))
        bind(target, width: width, height: height)
        clear(target)
        surfaces.drawOpaque(list, camera: camera, viewProjection: viewProjection, light: light, settings: settings)
        if let floor = settings.grid {
            grid.draw(floor, viewProjection: viewProjection)
        }
        if settings.showsOverlays {
            surfaces.drawOverlays(list, camera: camera, viewProjection: viewProjection, settings: settings)
        }
        if settings.showsLines {
            annotations.draw(lines: scene.lines, viewProjection: viewProjection, width: width, height: height)
        }
        if settings.showsPoints {
            annotations.draw(points: scene.points, viewProjection: viewProjection)
        }
        finish()
        try GLInfo.check("rendering a frame")
    }

    /// The window's current colour buffer (framebuffer 0, `width` × `height` from the
    /// bottom-left corner) as RGB rows from the top: the viewer's screenshot.
    public func readWindowRGB(width: Int, height: Int) -> RGBImage {
        glBindFramebuffer(GLenum(GL_READ_FRAMEBUFFER), 0)
        glPixelStorei(GLenum(GL_PACK_ALIGNMENT), 1)
        var bottomUp = [UInt8](repeating: 0, count: max(width, 0) * max(height, 0) * 3)
        bottomUp.withUnsafeMutableBytes { bytes in
            glReadPixels(0, 0, GLsizei(width), GLsizei(height), GLenum(GL_RGB), GLenum(GL_UNSIGNED_BYTE), bytes.baseAddress)
        }
        return RGBImage(width: width, height: height, pixels: Framebuffer.flipRows(bottomUp, rowLength: width * 3))
    }

    // MARK: - Stages

    private func bind(_ target: RenderTarget, width: Int, height: Int) {
        switch target {
        case .window: glBindFramebuffer(GLenum(GL_FRAMEBUFFER), 0)
        case .offscreen(let framebuffer): glBindFramebuffer(GLenum(GL_FRAMEBUFFER), framebuffer.name)
        }
        glViewport(0, 0, GLsizei(width), GLsizei(height))
        glDisable(GLenum(GL_CULL_FACE))
        glDisable(GLenum(GL_SCISSOR_TEST))
    }

    // Background colour, depth 1, and (offscreen) ids of "no body".
    private func clear(_ target: RenderTarget) {
        let background = settings.backgroundColor
        glDepthMask(GLboolean(GL_TRUE))
        glColorMask(GLboolean(GL_TRUE), GLboolean(GL_TRUE), GLboolean(GL_TRUE), GLboolean(GL_TRUE))
        switch target {
        case .window:
            glClearColor(background.x, background.y, background.z, 1)
            glClearDepth(1)
            glClear(GLbitfield(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT))
        case .offscreen:
            let colour: [Float] = [background.x, background.y, background.z, 1]
            glClearBufferfv(GLenum(GL_COLOR), 0, colour)
            let ids: [GLint] = [SegmentationImage.none, SegmentationImage.none, 0, 0]
            glClearBufferiv(GLenum(GL_COLOR), 1, ids)
            let depth: [Float] = [1]
            glClearBufferfv(GLenum(GL_DEPTH), 0, depth)
        }
    }

    // Leaves GL in a plain state for whoever draws next (the viewer's HUD).
    private func finish() {
        glColorMaski(1, GLboolean(GL_TRUE), GLboolean(GL_TRUE), GLboolean(GL_TRUE), GLboolean(GL_TRUE))
        glBindVertexArray(0)
        glUseProgram(0)
    }

    static func validate(_ camera: Camera) throws {
        guard camera.position.isFinite, camera.target.isFinite, camera.up.isFinite, camera.up.length > 0 else {
            throw RenderError.invalidCamera("position, target and up must be finite, up non-zero")
        }
        guard camera.distance > 0 else { throw RenderError.invalidCamera("position and target coincide") }
        guard camera.near > 0, camera.far > camera.near, camera.far.isFinite else {
            throw RenderError.invalidCamera("need 0 < near (\(camera.near)) < far (\(camera.far))")
        }
        guard camera.verticalFieldOfView > 0, camera.verticalFieldOfView < .pi else {
            throw RenderError.invalidCamera("vertical field of view \(camera.verticalFieldOfView) rad is outside (0, π)")
        }
    }
}
