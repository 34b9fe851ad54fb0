// HeadlessViewer: `tground view --headless-frames N --screenshot FILE` — the viewer's
// frames, HUD included, rendered offscreen through EGL (no window, no X server) on a fixed
// frame clock, so the same scene, seed and N give the same picture for docs and tests.
import Foundation
import Render

public final class HeadlessViewer {
    public let session: ViewerSession
    public let offscreen: OffscreenRenderer
    private let hud: HUDPass
    /// The frame clock: simulated frames per wall second the session is told have passed.
    public let frameRate: Double
    public private(set) var framesDrawn = 0

    /// Makes an EGL context, the renderer and the HUD. Throws `RenderError.contextUnavailable`
    /// when EGL has no OpenGL 3.3 core context.
    public init(session: ViewerSession, width: Int, height: Int, frameRate: Double = 60,
                settings: RenderSettings = .viewer) throws {
        self.session = session
        self.frameRate = frameRate
        offscreen = try OffscreenRenderer(settings: settings)
        try offscreen.context.makeCurrent()
        hud = try HUDPass()
        session.resize(width: width, height: height)
    }

    deinit {
        if (try? offscreen.context.makeCurrent()) != nil { hud.release() }
    }

    /// Advances the session by one frame period of wall time (running the control steps it
    /// owes at 1/`frameRate` s per frame), then renders and returns the frame, HUD included.
    @discardableResult
    public func renderFrame(readBack: Bool = true) throws -> RGBImage? {
        let now = Double(framesDrawn) / frameRate
        session.advance(now: now)
        let scene = try session.renderScene()
        let width = session.viewportWidth, height = session.viewportHeight
        let framebuffer = try offscreen.render(scene, camera: session.camera, width: width, height: height)
        hud.draw(ViewerHUD.canvas(for: session, scene: scene, width: width, height: height, now: now))
        framesDrawn += 1
        session.noteFrame(now: now)
        return readBack ? framebuffer.readRGB() : nil
    }

    /// Renders `frames` frames and writes the last one to `path` as PNG; returns it.
    @discardableResult
    public func run(frames: Int, screenshot path: String) throws -> RGBImage {
        var last: RGBImage?
        for index in 0..<max(frames, 1) {
            last = try renderFrame(readBack: index == max(frames, 1) - 1)
        }
        guard let picture = last else { throw RenderError.invalidSize(width: 0, height: 0, limit: 0) }
        try PNGWriter.write(picture, path: path)
        return picture
    }
}
