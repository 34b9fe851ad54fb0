// HUDCanvas: text and panels become triangles where the layout says; world annotations are
// projected, and those behind the eye are left out.
import Physics
import Render
import Viewer
import XCTest

final class HUDCanvasTests: XCTestCase {
    func testPanelSizeFollowsTheText() {
        let canvas = HUDCanvas(width: 640, height: 360)
        XCTAssertEqual(canvas.scale, 1)
        let size = canvas.panelSize([HUDLine("abcd"), HUDLine("ab")], padding: 4)
        XCTAssertEqual(size.width, BitmapFont.width(of: "abcd") + 8)
        XCTAssertEqual(size.height, BitmapFont.lineHeight + BitmapFont.glyphHeight + 8)
        XCTAssertEqual(HUDCanvas(width: 1280, height: 720).scale, 2)
    }

    func testTextBecomesTwoQuadsPerVisibleCharacter() {
        var canvas = HUDCanvas(width: 640, height: 360)
        canvas.text("a b", x: 10, y: 10, color: HUDLine.white)
        // Two visible characters, each drawn twice (shadow + text), six vertices per quad.
        XCTAssertEqual(canvas.vertexCount, 2 * 2 * 6)
        let rect = canvas.panel([HUDLine("hello")], x: 5, y: 6)
        XCTAssertEqual(canvas.panels, [rect])
        XCTAssertEqual(rect.x, 5)
        XCTAssertEqual(rect.y, 6)
    }

    func testAnnotationsBehindTheCameraAreSkipped() {
        var canvas = HUDCanvas(width: 100, height: 100)
        let camera = Camera(position: Vector3(0, -3, 1), target: Vector3(0, 0, 1))
        let visible = LineSegment(start: Vector3(-0.5, 0, 1), end: Vector3(0.5, 0, 1), color: SIMD4(1, 0, 0, 1))
        let behind = LineSegment(start: Vector3(0, -5, 1), end: Vector3(0, -6, 1), color: SIMD4(1, 0, 0, 1))
        canvas.annotations(lines: [visible, behind], points: [PointMarker(position: Vector3(0, -4, 1), color: SIMD4(1, 1, 1, 1))],
                           camera: camera, opacity: 0.5)
        XCTAssertEqual(canvas.vertexCount, 6)
        // The alpha of the copy drawn on top is scaled.
        XCTAssertEqual(canvas.vertices[7], 0.5)
    }

    func testHUDStatusNamesTaskSeedStepRewardAndStatus() throws {
        let session = try makeSession(seed: 7)
        session.handle(.keyDown(.space))
        session.handle(.keyDown(.character(".")))
        let text = ViewerHUD.statusLines(of: session, recording: true).map(\.text).joined(separator: "\n")
        for expected in ["stand_push", "seed 7", "step 1 / 600", "sim 0.02 s", "RTF", "FPS", "reward", "alive",
                         "status: running", "PAUSED", "REC", "speed 1x"] {
            XCTAssertTrue(text.contains(expected), "HUD should say \(expected):\n\(text)")
        }
        let joints = ViewerHUD.jointLines(of: session)
        XCTAssertEqual(joints.count, session.episode.actionSize + 1)
        let help = ViewerHUD.helpLines().map(\.text).joined(separator: "\n")
        XCTAssertTrue(help.contains("F12"))
        XCTAssertTrue(help.contains("Ctrl+left drag"))
    }
}
