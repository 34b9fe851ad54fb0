// VideoRecorder: an MP4 through ffmpeg, or numbered PNG frames when ffmpeg is absent.
import Foundation
import Render
import Viewer
import XCTest

final class VideoRecorderTests: XCTestCase {
    func frame(_ shade: UInt8, width: Int = 65, height: Int = 33) -> RGBImage {
        RGBImage(width: width, height: height, pixels: [UInt8](repeating: shade, count: width * height * 3))
    }

    func testFFmpegWritesAnMP4() throws {
        guard let ffmpeg = VideoRecorder.findExecutable("ffmpeg") else {
            throw XCTSkip("no ffmpeg on PATH (install ffmpeg: Tools/setup.sh)")
        }
        let directory = try temporaryDirectory(self)
        let path = directory + "/clip.mp4"
        let recorder = try VideoRecorder(path: path, width: 65, height: 33, frameRate: 30, ffmpeg: ffmpeg)
        XCTAssertEqual(recorder.output, .mp4(path: path))
        XCTAssertNil(recorder.fallbackReason)
        for index in 0..<15 { try recorder.add(frame(UInt8(index * 10)), now: Double(index) / 30) }
        let message = try recorder.finish()
        XCTAssertTrue(message.contains("15 frames"), message)
        let size = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        XCTAssertGreaterThan(size, 0)
    }

    func testWithoutFFmpegFramesBecomeNumberedPNGs() throws {
        let directory = try temporaryDirectory(self)
        let recorder = try VideoRecorder(path: directory + "/clip.mp4", width: 65, height: 33, ffmpeg: nil)
        XCTAssertEqual(recorder.output, .pngFrames(directory: directory + "/clip-frames"))
        XCTAssertNotNil(recorder.fallbackReason)
        try recorder.add(frame(10), now: 0)
        try recorder.add(frame(20), now: 0.01)  // sooner than 1/30 s: dropped
        try recorder.add(frame(30), now: 0.1)   // 0.1 s in: frames 2 to 4 are due
        _ = try recorder.finish()
        let files = try FileManager.default.contentsOfDirectory(atPath: directory + "/clip-frames").sorted()
        XCTAssertEqual(files, ["frame-000001.png", "frame-000002.png", "frame-000003.png", "frame-000004.png"])
        XCTAssertEqual(try PNGReader.read(path: directory + "/clip-frames/frame-000004.png").pixels.first, 30)
    }

    func testFramesOfAnotherSizeAreRefused() throws {
        let directory = try temporaryDirectory(self)
        let recorder = try VideoRecorder(path: directory + "/clip.mp4", width: 65, height: 33, ffmpeg: nil)
        XCTAssertThrowsError(try recorder.add(frame(1, width: 64), now: 0))
    }
}
