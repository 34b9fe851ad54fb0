// ViewerApp: `tground view` in a window. Each frame reads as its stages: take the events →
// run the control steps the clock owes → draw the scene and the HUD → capture (screenshot,
// video) → swap. Physics runs in whole control steps against wall time, so a slow frame
// costs frames, never simulated time.
import Foundation
import Render

public final class ViewerApp {
    public let session: ViewerSession
    public let window: SDLWindow
    public let renderer: Renderer
    private let hud: HUDPass
    private var recorder: VideoRecorder?
    /// The reduced-resolution target of `session.halfResolution`, made on first use.
    private var halfResolutionTarget: Framebuffer?
    /// Where F12 screenshots and F9 videos are saved.
    public var captureDirectory = FileManager.default.currentDirectoryPath
    /// Frames drawn so far.
    public private(set) var framesDrawn = 0
    private let started = ContinuousClock.now

    /// Makes the renderer and the HUD in `window`'s GL context (current on this thread).
    public init(session: ViewerSession, window: SDLWindow, settings: RenderSettings = .viewer) throws {
        self.session = session
        self.window = window
        window.makeCurrent()
        renderer = try Renderer(settings: settings)
        hud = try HUDPass()
        let size = window.drawableSize
        session.resize(width: size.width, height: size.height)
        // On a CPU rasteriser (llvmpipe): half-resolution 3D and a 1024-texel shadow map.
        if renderer.isSoftwareRasterizer {
            session.halfResolution = true
            renderer.settings.shadowMapSize = min(renderer.settings.shadowMapSize, 1024)
        }
    }

    deinit {
        if let recorder { _ = try? recorder.finish() }
        window.makeCurrent()
        halfResolutionTarget?.release()
        hud.release()
        renderer.release()
    }

    /// Seconds since the app started, from a monotonic clock.
    public var now: Double {
        let elapsed = ContinuousClock.now - started
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    public var isRecording: Bool { recorder != nil }

    /// Runs frames until the user quits (or `maximumFrames` have been drawn).
    public func run(maximumFrames: Int? = nil) throws {
        while !session.wantsQuit {
            if let maximumFrames, framesDrawn >= maximumFrames { break }
            try runFrame()
        }
        if let recorder {
            session.show(try recorder.finish())
            self.recorder = nil
        }
    }

    /// One frame. With `capture`, returns the picture drawn (read before the swap).
    @discardableResult
    public func runFrame(capture: Bool = false) throws -> RGBImage? {
        let time = now
        for event in window.pollEvents() {
            session.handle(event, now: time)
        }
        session.advance(now: now)
        try draw(now: now)
        let requests = session.takeRequests()
        if requests.contains(.screenshot) && session.halfResolution {
            // Screenshots are always drawn at the window's full resolution.
            session.halfResolution = false
            defer { session.halfResolution = true }
            try draw(now: now)
        }
        let needsPicture = capture || recorder != nil || !requests.isEmpty
        let picture = needsPicture ? renderer.readWindowRGB(width: session.viewportWidth, height: session.viewportHeight) : nil
        if let picture { handle(requests, picture: picture) }
        window.swap()
        framesDrawn += 1
        session.noteFrame(now: now)
        return capture ? picture : nil
    }

    /// Draws the scene (at full or half resolution) and the HUD into the window's back buffer.
    public func draw(now: Double) throws {
        window.makeCurrent()
        let scene = try session.renderScene()
        let width = session.viewportWidth, height = session.viewportHeight
        if session.halfResolution {
            let target = try halfResolutionFramebuffer(width: max(width / 2, 1), height: max(height / 2, 1))
            try renderer.render(scene, camera: session.camera, target: .offscreen(target))
            target.blitToWindow(width: width, height: height)
        } else {
            try renderer.render(scene, camera: session.camera, target: .window(width: width, height: height))
        }
        hud.draw(ViewerHUD.canvas(for: session, scene: scene, width: width, height: height, now: now,
                                  recording: recorder != nil))
    }

    private func halfResolutionFramebuffer(width: Int, height: Int) throws -> Framebuffer {
        if let existing = halfResolutionTarget, existing.width == width, existing.height == height { return existing }
        halfResolutionTarget?.release()
        halfResolutionTarget = nil
        let created = try Framebuffer(width: width, height: height)
        halfResolutionTarget = created
        return created
    }

    // Screenshots, recording on and off, and the next video frame.
    private func handle(_ requests: [CaptureRequest], picture: RGBImage) {
        for request in requests {
            switch request {
            case .screenshot:
                let path = captureDirectory + "/tground-\(Self.timestamp()).png"
                do {
                    try PNGWriter.write(picture, path: path)
                    session.show("screenshot saved to \(path)", now: now)
                } catch {
                    session.show("screenshot failed: \(error)", now: now)
                }
            case .toggleRecording:
                toggleRecording(size: (picture.width, picture.height))
            }
        }
        guard let recorder else { return }
        do {
            try recorder.add(picture, now: now)
        } catch {
            session.show("recording stopped: \(error)", now: now)
            _ = try? recorder.finish()
            self.recorder = nil
        }
    }

    /// Starts or stops recording video of the window.
    public func toggleRecording(size: (width: Int, height: Int)? = nil, ffmpeg: String? = VideoRecorder.findExecutable("ffmpeg")) {
        if let recorder {
            do {
                session.show(try recorder.finish(), now: now)
            } catch {
                session.show("recording failed: \(error)", now: now)
            }
            self.recorder = nil
            return
        }
        let size = size ?? (session.viewportWidth, session.viewportHeight)
        let path = captureDirectory + "/tground-\(Self.timestamp()).mp4"
        do {
            let started = try VideoRecorder(path: path, width: size.width, height: size.height, ffmpeg: ffmpeg)
            recorder = started
            if let reason = started.fallbackReason {
                session.show("\(reason): recording PNG frames to \(started.destination)", now: now)
            } else {
                session.show("recording to \(started.destination) (F9 stops)", now: now)
            }
        } catch {
            session.show("cannot record: \(error)", now: now)
        }
    }

    static func timestamp() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss-SSS"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: Date())
    }
}
