// HeadlessViewer: the viewer's frames rendered offscreen (EGL, no X server): a PNG comes
// out, the robot is where the camera puts it, the HUD has text.
import Foundation
import Render
import Viewer
import XCTest

final class HeadlessViewerTests: XCTestCase {
    func makeViewer(_ session: ViewerSession, width: Int = 640, height: Int = 360,
                    settings: RenderSettings = .viewer) throws -> HeadlessViewer {
        do {
            return try HeadlessViewer(session: session, width: width, height: height, settings: settings)
        } catch let error as RenderError {
            if case .contextUnavailable = error {
                throw XCTSkip("no offscreen OpenGL: \(error) — install libegl-mesa0 and libgl1-mesa-dri (Tools/setup.sh)")
            }
            throw error
        }
    }

    // --headless-frames N --screenshot FILE: N frames, a PNG of the right size, simulated
    // time advanced by the fixed 60 frames/s clock.
    func testHeadlessFramesWriteAPNG() throws {
        let directory = try temporaryDirectory(self)
        let session = try makeSession()
        let viewer = try makeViewer(session)
        let path = directory + "/headless.png"
        let picture = try viewer.run(frames: 31, screenshot: path)
        XCTAssertEqual(viewer.framesDrawn, 31)
        let read = try PNGReader.read(path: path)
        XCTAssertEqual(read.width, 640)
        XCTAssertEqual(read.height, 360)
        XCTAssertEqual(read.pixels, picture.pixels)
        // 30 frame periods of 1/60 s at 1× are 30 control steps at 60 Hz.
        XCTAssertEqual(session.episode.controlStep, 30)
    }

    // The command line: `tground view SCENE --headless-frames N --screenshot FILE` writes
    // the PNG (skipped when the tground executable was not built next to the tests).
    func testViewCommandHeadlessWritesAPNG() throws {
        let products = Bundle.main.bundleURL.deletingLastPathComponent()
        var tground = products.appendingPathComponent("tground").path
        if !FileManager.default.isExecutableFile(atPath: tground) {
            tground = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
                .appendingPathComponent("tground").path
        }
        guard FileManager.default.isExecutableFile(atPath: tground) else {
            throw XCTSkip("no tground executable next to the test bundle (\(products.path)); run `swift build` first")
        }
        let path = try temporaryDirectory(self) + "/view.png"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tground)
        process.arguments = ["view", scenePath("stand_push"), "--headless-frames", "3", "--screenshot", path,
                             "--width", "200", "--height", "120"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            _ = try makeViewer(try makeSession(width: 8, height: 8), width: 8, height: 8)  // skips without EGL
        }
        XCTAssertEqual(process.terminationStatus, 0)
        let picture = try PNGReader.read(path: path)
        XCTAssertEqual(picture.width, 200)
        XCTAssertEqual(picture.height, 120)
    }

    // The same scene, seed and frame count give the same picture bit for bit.
    func testHeadlessPicturesAreReproducible() throws {
        let directory = try temporaryDirectory(self)
        var pictures: [RGBImage] = []
        for index in 0..<2 {
            let viewer = try makeViewer(try makeSession(), width: 320, height: 180)
            pictures.append(try viewer.run(frames: 12, screenshot: directory + "/run\(index).png"))
        }
        XCTAssertEqual(pictures[0], pictures[1])
    }

    // Robot pixels inside the robot's projected bounding box, background outside; HUD text.
    func testRobotInsideItsProjectedBoxAndHUDHasText() throws {
        for name in testScenes {
            let session = try makeSession(name)
            let viewer = try makeViewer(session, settings: unshadowedSettings)
            for _ in 0..<10 { try viewer.renderFrame(readBack: false) }
            session.perform(.togglePause)
            let withHUD = try XCTUnwrap(try viewer.renderFrame())
            try PNGWriter.write(withHUD, path: NSTemporaryDirectory() + "tground-viewer-headless-\(name).png")
            session.showsHUD = false
            let withRobot = try XCTUnwrap(try viewer.renderFrame())
            session.hiddenBodies = [session.world.robot.body.id]
            let withoutRobot = try XCTUnwrap(try viewer.renderFrame())
            try assertRobotInsideItsBox(with: withRobot, without: withoutRobot, session: session, excluded: [])

            let panel = try statusPanel(session, width: 640, height: 360)
            XCTAssertGreaterThan(differingPixels(withHUD, withRobot, in: panel), 500, "\(name): HUD panel should differ from the scene")
            XCTAssertGreaterThan(brightPixels(withHUD, in: panel), 200, "\(name): HUD text should be there")
        }
    }

    // Overlays draw: contacts under the feet, link frames, centres of mass, the collision
    // geometry in place of the visuals.
    func testOverlaysChangeThePicture() throws {
        let session = try makeSession(width: 320, height: 180)
        let viewer = try makeViewer(session, width: 320, height: 180)
        for _ in 0..<5 { try viewer.renderFrame(readBack: false) }
        session.perform(.togglePause)
        session.showsHUD = false
        let plain = try XCTUnwrap(try viewer.renderFrame())
        let whole = PixelRect(x: 0, y: 0, width: 320, height: 180)
        for action in [ViewerAction.toggleContacts, .toggleFrames, .toggleCentreOfMass, .toggleCollisionGeometry] {
            session.perform(action)
            let toggled = try XCTUnwrap(try viewer.renderFrame())
            XCTAssertGreaterThan(differingPixels(plain, toggled, in: whole), 20, "\(action) should change the picture")
            session.perform(action)
        }
    }
}
