// The viewer in a real SDL window (under a private Xvfb when DISPLAY is unset): the robot
// where the camera puts it, HUD text, and scripted SDL events — keys and mouse injected
// through SDL's own queue — pausing, stepping, resetting, moving the camera, dragging,
// resizing and capturing.
import Foundation
import Render
import Viewer
import XCTest

final class ViewerWindowTests: XCTestCase {
    nonisolated(unsafe) static var display: VirtualDisplay?
    nonisolated(unsafe) static var unavailable: String?

    override class func setUp() {
        super.setUp()
        guard !VirtualDisplay.hasDisplay else { return }
        do {
            display = try VirtualDisplay(width: 1280, height: 720)
        } catch {
            unavailable = "\(error)"
        }
    }

    override class func tearDown() {
        display?.stop()
        display = nil
        super.tearDown()
    }

    /// A window app on `scene`, or a skip naming what is missing.
    func makeApp(_ scene: String = "stand_push", width: Int = 640, height: Int = 360,
                 settings: RenderSettings = unshadowedSettings) throws -> ViewerApp {
        if let unavailable = Self.unavailable { throw XCTSkip("no X display for window tests: \(unavailable)") }
        let session = try makeSession(scene, width: width, height: height)
        let window: SDLWindow
        do {
            window = try SDLWindow(title: "ViewerWindowTests", width: width, height: height, vsync: false)
        } catch {
            throw XCTSkip("SDL video init failed: \(error)")
        }
        let app = try ViewerApp(session: session, window: window, settings: settings)
        app.captureDirectory = try temporaryDirectory(self)
        return app
    }

    // The robot where the camera puts it, the HUD with text, with the 3D picture at full
    // and at half resolution; the screenshots are kept in the temporary directory for
    // people to look at.
    func testWindowShowsTheRobotInsideItsProjectedBoxAndTheHUD() throws {
        for name in testScenes {
            for halfResolution in [false, true] {
                try checkRobotAndHUD(name, halfResolution: halfResolution)
            }
        }
    }

    func checkRobotAndHUD(_ name: String, halfResolution: Bool) throws {
        let app = try makeApp(name)
        let session = app.session
        session.halfResolution = halfResolution
        for _ in 0..<5 { try app.runFrame() }
        session.perform(.togglePause)
        let withHUD = try XCTUnwrap(try app.runFrame(capture: true))
        XCTAssertEqual(withHUD.width, 640)
        XCTAssertEqual(withHUD.height, 360)
        let saved = NSTemporaryDirectory() + "tground-viewer-window-\(name)\(halfResolution ? "-half" : "").png"
        try PNGWriter.write(withHUD, path: saved)
        print("window screenshot: \(saved)")
        session.showsHUD = false
        let withRobot = try XCTUnwrap(try app.runFrame(capture: true))
        session.hiddenBodies = [session.world.robot.body.id]
        let withoutRobot = try XCTUnwrap(try app.runFrame(capture: true))
        try assertRobotInsideItsBox(with: withRobot, without: withoutRobot, session: session, excluded: [])

        let panel = try statusPanel(session, width: 640, height: 360)
        XCTAssertGreaterThan(differingPixels(withHUD, withRobot, in: panel), 300, "\(name): HUD panel should be drawn")
        XCTAssertGreaterThan(brightPixels(withHUD, in: panel), 150, "\(name): HUD text should be there")
    }

    // Injected key events: space pauses, `.` steps exactly one control step, R resets to a
    // fresh episode's state; space resumes.
    func testInjectedKeysPauseStepAndReset() throws {
        let app = try makeApp()
        let session = app.session
        let window = app.window
        for _ in 0..<3 { try app.runFrame() }
        window.post(.keyDown(.space))
        try app.runFrame()
        XCTAssertTrue(session.clock.isPaused)
        let paused = session.episode.controlStep
        for _ in 0..<3 {
            usleep(20_000)
            try app.runFrame()
        }
        XCTAssertEqual(session.episode.controlStep, paused, "no steps while paused")

        window.post(.keyDown(.character(".")))
        try app.runFrame()
        XCTAssertEqual(session.episode.controlStep, paused + 1)
        window.post(.keyDown(.character(".")))
        window.post(.keyDown(.character(".")))
        try app.runFrame()
        XCTAssertEqual(session.episode.controlStep, paused + 3)

        window.post(.keyDown(.character("r")))
        try app.runFrame()
        XCTAssertEqual(session.episode.controlStep, 0)
        XCTAssertEqual(try session.world.world.stateHash(), try freshStateHash(of: session))

        window.post(.keyDown(.space))
        try app.runFrame()
        XCTAssertFalse(session.clock.isPaused)
    }

    // Injected mouse events: left drag orbits, the wheel zooms, ctrl+left drag grabs the
    // robot and draws the spring, release lets go.
    func testInjectedMouseMovesTheCameraAndDragsTheRobot() throws {
        let app = try makeApp()
        let session = app.session
        let window = app.window
        try app.runFrame()
        window.post(.keyDown(.space))
        try app.runFrame()
        let start = session.camera
        window.post(.mouseDown(.left, x: 300, y: 200))
        window.post(.mouseMotion(x: 360, y: 200, dx: 60, dy: 0))
        window.post(.mouseUp(.left, x: 360, y: 200))
        try app.runFrame()
        XCTAssertNotEqual(session.camera.position, start.position)
        XCTAssertEqual(session.camera.distance, start.distance, accuracy: 1e-6)

        let distance = session.camera.distance
        window.post(.wheel(dy: 1))
        try app.runFrame()
        XCTAssertLessThan(session.camera.distance, distance)

        let torso = try session.world.robot.framePose(session.world.robot.model.rootLink).position
        let point = try XCTUnwrap(session.camera.project(torso, width: 640, height: 360))
        window.post(.keyDown(.controlKey))
        window.post(.mouseDown(.left, x: point.x, y: point.y))
        window.post(.mouseMotion(x: point.x + 60, y: point.y - 20, dx: 60, dy: -20))
        let picture = try XCTUnwrap(try app.runFrame(capture: true))
        try PNGWriter.write(picture, path: NSTemporaryDirectory() + "tground-viewer-window-drag.png")
        let drag = try XCTUnwrap(session.drag, "ctrl+left press on the robot should grab it")
        XCTAssertEqual(drag.body, session.world.robot.body.id)
        XCTAssertTrue(try session.renderScene().lines.contains { $0.end == drag.target })
        // The spring is drawn in yellow.
        let yellow = (0..<picture.height).reduce(0) { total, y in
            total + (0..<picture.width).filter { x in
                let p = picture[x, y]
                return p.red > 200 && p.green > 180 && p.blue < 90
            }.count
        }
        XCTAssertGreaterThan(yellow, 10)
        window.post(.keyDown(.character(".")))
        try app.runFrame()
        window.post(.mouseUp(.left, x: point.x + 60, y: point.y - 20))
        window.post(.keyUp(.controlKey))
        try app.runFrame()
        XCTAssertNil(session.drag)
    }

    // Resizing the window changes the viewport and the pictures' size.
    func testResizeChangesTheViewport() throws {
        let app = try makeApp()
        try app.runFrame()
        app.window.post(.resized(width: 480, height: 300))
        var picture: RGBImage?
        for _ in 0..<20 where app.session.viewportWidth != 480 {
            usleep(20_000)
            picture = try app.runFrame(capture: true)
        }
        XCTAssertEqual(app.session.viewportWidth, 480)
        XCTAssertEqual(app.session.viewportHeight, 300)
        picture = try app.runFrame(capture: true)
        XCTAssertEqual(picture?.width, 480)
        XCTAssertEqual(picture?.height, 300)
    }

    // F12 writes a PNG; F9 records video (MP4 with ffmpeg, PNG frames without) until F9 again.
    func testScreenshotAndRecordingKeys() throws {
        let app = try makeApp(width: 320, height: 180)
        let directory = app.captureDirectory
        app.window.post(.keyDown(.function(12)))
        try app.runFrame()
        var files = try FileManager.default.contentsOfDirectory(atPath: directory)
        XCTAssertEqual(files.filter { $0.hasSuffix(".png") }.count, 1, "\(files)")
        let shot = try PNGReader.read(path: directory + "/" + (files.first { $0.hasSuffix(".png") } ?? ""))
        XCTAssertEqual(shot.width, 320)

        app.window.post(.keyDown(.function(9)))
        try app.runFrame()
        XCTAssertTrue(app.isRecording)
        for _ in 0..<5 {
            usleep(40_000)
            try app.runFrame()
        }
        app.window.post(.keyDown(.function(9)))
        try app.runFrame()
        XCTAssertFalse(app.isRecording)
        files = try FileManager.default.contentsOfDirectory(atPath: directory)
        if VideoRecorder.findExecutable("ffmpeg") != nil {
            let video = try XCTUnwrap(files.first { $0.hasSuffix(".mp4") }, "\(files)")
            let size = try FileManager.default.attributesOfItem(atPath: directory + "/" + video)[.size] as? Int
            XCTAssertGreaterThan(size ?? 0, 0)
        } else {
            XCTAssertTrue(files.contains { $0.hasSuffix("-frames") }, "\(files)")
        }

        // Without ffmpeg: numbered PNGs and a message.
        app.toggleRecording(ffmpeg: nil)
        try app.runFrame()
        app.toggleRecording()
        files = try FileManager.default.contentsOfDirectory(atPath: directory)
        let frames = try XCTUnwrap(files.first { $0.hasSuffix("-frames") }, "\(files)")
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: directory + "/" + frames).isEmpty)
    }
}
