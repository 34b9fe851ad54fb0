// RenderBench: the benchmark runs and reports consistent figures (never judged on speed).
import Render
import XCTest

final class RenderBenchTests: XCTestCase {
    func testOffscreenBenchReportsItsFigures() throws {
        _ = try makeOffscreenRenderer()
        let result = try RenderBench.offscreen(width: 32, height: 32, drawables: 12, frames: 3)
        XCTAssertEqual(result.frames, 3)
        XCTAssertEqual(result.drawables, 12)
        XCTAssertEqual(result.readback, "rgb+depth")
        XCTAssertGreaterThan(result.framesPerSecond, 0)
        XCTAssertEqual(result.framesPerSecond, Double(result.frames) / result.seconds, accuracy: 1e-6 * result.framesPerSecond)
        XCTAssertFalse(result.glDescription.isEmpty)
        XCTAssertEqual(RenderBench.benchScene(drawables: 40).drawables.count, 40)
    }
}
