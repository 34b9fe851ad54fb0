// PNGWriter and PNGReader: round trips and clear failures.
import Foundation
import Physics
import Render
import Scene
import XCTest

final class PNGWriterTests: XCTestCase {
    func testWriteThenReadGivesTheSameSizeAndBytes() throws {
        let directory = try temporaryDirectory(self)
        let width = 7, height = 5
        let pixels = (0..<(width * height * 3)).map { UInt8(truncatingIfNeeded: $0 * 37 + 11) }
        let path = directory + "/picture.png"
        try PNGWriter.write(rgb: pixels, width: width, height: height, path: path)
        let header = try XCTUnwrap(FileManager.default.contents(atPath: path)).prefix(8)
        XCTAssertEqual(Array(header), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let read = try PNGReader.read(path: path)
        XCTAssertEqual(read.width, width)
        XCTAssertEqual(read.height, height)
        XCTAssertEqual(read.pixels, pixels)
    }

    func testRenderedFrameRoundTrips() throws {
        let offscreen = try makeOffscreenRenderer(settings: .viewer)
        let directory = try temporaryDirectory(self)
        let path = directory + "/frame.png"
        let floor = Drawable(body: 0, shape: .plane, color: [0.6, 0.6, 0.6, 1])
        let box = Drawable(body: 1, shape: .box(size: Vector3(0.3, 0.3, 0.3)), color: [0.9, 0.2, 0.1, 1])
        let camera = Camera(position: Vector3(1.2, -1, 0.9), target: Vector3(0, 0, 0.15))
        let frame = scene([(floor, .identity), (box, Pose(position: Vector3(0, 0, 0.15)))])
        let rgb = try XCTUnwrap(try offscreen.capture(frame, camera: camera, width: 40, height: 30, kinds: [.rgb]).rgb)
        try PNGWriter.write(rgb, path: path)
        XCTAssertEqual(try PNGReader.read(path: path), rgb)
    }

    func testUnwritablePathThrowsNamingThePath() {
        let path = "/nonexistent-directory-\(UUID().uuidString)/picture.png"
        XCTAssertThrowsError(try PNGWriter.write(rgb: [0, 0, 0], width: 1, height: 1, path: path)) { error in
            guard case .png(let failedPath, let message)? = error as? RenderError else {
                return XCTFail("expected RenderError.png, got \(error)")
            }
            XCTAssertEqual(failedPath, path)
            XCTAssertTrue(message.contains("No such file"), message)
            XCTAssertTrue("\(error)".contains(path))
        }
    }

    func testWrongBufferSizeAndBadDimensionsThrow() {
        XCTAssertThrowsError(try PNGWriter.write(rgb: [0, 0], width: 1, height: 1, path: "/tmp/never.png"))
        XCTAssertThrowsError(try PNGWriter.write(rgb: [], width: 0, height: 1, path: "/tmp/never.png"))
    }

    func testReadingAMissingOrNonPNGFileThrows() throws {
        XCTAssertThrowsError(try PNGReader.read(path: "/nonexistent/picture.png"))
        let directory = try temporaryDirectory(self)
        let path = directory + "/not.png"
        try "not a png".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try PNGReader.read(path: path)) { error in
            XCTAssertTrue("\(error)".contains(path))
        }
    }
}
