// ViewerBench: `tground bench render` — the viewer's frame rate in a real SDL window (under
// a private Xvfb when there is no display) and offscreen RGB-D camera frames per second.
import Foundation
import Physics
import Render
import Runner
import Scene

/// One benchmark figure.
public struct RenderBenchFigure: Codable, Hashable, Sendable {
    /// e.g. "viewer", "viewer+overlays", "offscreen-rgbd-scene", "offscreen-rgbd-bench".
    public var name: String
    public var scene: String
    public var width: Int
    public var height: Int
    public var frames: Int
    public var seconds: Double
    public var framesPerSecond: Double
    /// For viewer figures: simulated seconds per wall second over the run.
    public var realTimeFactor: Double?
    public var glDescription: String
}

public enum ViewerBench {
    /// The viewer on `scenePath` in a `width` × `height` window without vsync: frames drawn
    /// per second over `seconds` of wall time (after 10 warm-up frames), physics running
    /// at 1× as in `tground view`, the 3D picture at full or half resolution. Starts Xvfb
    /// when DISPLAY is unset.
    public static func window(scenePath: String, width: Int = 1280, height: Int = 720, seconds: Double = 5,
                              overlays: Bool = false, halfResolution: Bool = false) throws -> RenderBenchFigure {
        var display: VirtualDisplay?
        if !VirtualDisplay.hasDisplay { display = try VirtualDisplay(width: max(width, 1280), height: max(height, 720)) }
        defer { display?.stop() }
        let session = try ViewerSession(source: try SceneSource(path: scenePath), seed: 0, policy: .builtin(.zero),
                                        width: width, height: height)
        if overlays {
            session.overlays.contacts = true
            session.overlays.frames = true
            session.overlays.centreOfMass = true
        }
        let window = try SDLWindow(title: "tground bench render", width: width, height: height, vsync: false)
        let app = try ViewerApp(session: session, window: window)
        session.halfResolution = halfResolution
        for _ in 0..<10 { try app.runFrame() }
        let startFrames = app.framesDrawn
        let startSimulated = session.episode.simulatedTime
        let start = app.now
        while app.now - start < seconds && !session.episode.finished {
            try app.runFrame()
        }
        let elapsed = app.now - start
        let frames = app.framesDrawn - startFrames
        let name = "viewer" + (halfResolution ? "-half-res" : "") + (overlays ? "+overlays" : "")
        return RenderBenchFigure(name: name, scene: session.episode.scene.name,
                                 width: session.viewportWidth, height: session.viewportHeight, frames: frames,
                                 seconds: elapsed, framesPerSecond: Double(frames) / max(elapsed, 1e-9),
                                 realTimeFactor: (session.episode.simulatedTime - startSimulated) / max(elapsed, 1e-9),
                                 glDescription: app.renderer.glDescription)
    }

    /// Offscreen `width` × `height` RGB + depth captures of `scenePath`'s start state from
    /// a camera in front of the robot, with the sensor settings: frames per second over
    /// `frames` frames (after 5 warm-up frames), readback included.
    public static func offscreenScene(scenePath: String, width: Int = 128, height: Int = 128, frames: Int = 300) throws
        -> RenderBenchFigure {
        let world = try SceneWorld(spec: try SceneFileLoader.load(path: scenePath), seed: 0)
        let renderer = try OffscreenRenderer(settings: .sensor)
        let scene = RenderScene(drawables: world.drawables, bodyPoses: try world.bodyPoses(for: world.drawables))
        let root = try world.robot.framePose(world.robot.model.rootLink).position
        let camera = Camera(position: root + Vector3(1.8, 0.9, 0.6), target: root, verticalFieldOfView: 60 * .pi / 180,
                            near: 0.05, far: 20)
        for _ in 0..<5 { _ = try renderer.capture(scene, camera: camera, width: width, height: height, kinds: [.rgb, .depth]) }
        let start = ContinuousClock.now
        for _ in 0..<max(frames, 1) {
            _ = try renderer.capture(scene, camera: camera, width: width, height: height, kinds: [.rgb, .depth])
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return RenderBenchFigure(name: "offscreen-rgbd-scene", scene: world.spec.name, width: width, height: height,
                                 frames: max(frames, 1), seconds: seconds,
                                 framesPerSecond: Double(max(frames, 1)) / max(seconds, 1e-9), realTimeFactor: nil,
                                 glDescription: renderer.renderer.glDescription)
    }

    /// A scene camera sensor (default: the robot's head camera) through the episode's
    /// camera provider, at 128x128 with RGB, depth and segmentation: the drawables' poses
    /// read from the world, the render and the readback of all three, per frame.
    public static func sceneCamera(scenePath: String, camera name: String = SceneCameras.headCameraName,
                                   frames: Int = 300) throws -> RenderBenchFigure {
        let world = try SceneWorld(spec: try SceneFileLoader.load(path: scenePath), seed: 0)
        guard let camera = world.cameras.camera(named: name) else {
            throw CameraError.unknownCamera(name, known: world.cameras.names)
        }
        let provider = OffscreenCameraProvider()
        try provider.prepare()
        let pose = try camera.pose(in: world)
        for _ in 0..<5 { _ = try provider.render(camera, pose: pose, in: world, time: 0) }
        let start = ContinuousClock.now
        for _ in 0..<max(frames, 1) { _ = try provider.render(camera, pose: try camera.pose(in: world), in: world, time: 0) }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let channels = camera.spec.channels.map(\.rawValue).joined(separator: "+")
        return RenderBenchFigure(name: "camera-\(name)-\(channels)", scene: world.spec.name, width: camera.spec.width,
                                 height: camera.spec.height, frames: max(frames, 1), seconds: seconds,
                                 framesPerSecond: Double(max(frames, 1)) / max(seconds, 1e-9), realTimeFactor: nil,
                                 glDescription: "")
    }

    /// The renderer's own offscreen benchmark (`RenderBench`), as a figure.
    public static func offscreenBench(width: Int = 128, height: Int = 128, frames: Int = 300) throws -> RenderBenchFigure {
        let result = try RenderBench.offscreen(width: width, height: height, frames: frames, kinds: [.rgb, .depth])
        return RenderBenchFigure(name: "offscreen-rgbd-bench", scene: "RenderBench (\(result.drawables) drawables)",
                                 width: result.width, height: result.height, frames: result.frames, seconds: result.seconds,
                                 framesPerSecond: result.framesPerSecond, realTimeFactor: nil,
                                 glDescription: result.glDescription)
    }

    /// A table of `figures` for people.
    public static func table(_ figures: [RenderBenchFigure]) -> String {
        var lines = ["case                       scene            size        frames  seconds      FPS    RTF"]
        for figure in figures {
            let rtf = figure.realTimeFactor.map { String(format: "%6.2f", $0) } ?? "     -"
            lines.append(figure.name.padding(toLength: 26, withPad: " ", startingAt: 0) + " "
                         + String(figure.scene.prefix(16)).padding(toLength: 16, withPad: " ", startingAt: 0) + " "
                         + "\(figure.width)x\(figure.height)".padding(toLength: 11, withPad: " ", startingAt: 0)
                         + String(format: "%7d %8.2f %8.1f ", figure.frames, figure.seconds, figure.framesPerSecond) + rtf)
        }
        if let gl = figures.first?.glDescription { lines.append("GL: \(gl)") }
        return lines.joined(separator: "\n")
    }
}
