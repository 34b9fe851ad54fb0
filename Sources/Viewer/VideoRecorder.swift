// VideoRecorder: the viewer's recording — raw RGB frames piped into an `ffmpeg` child
// process that writes an MP4, or, when ffmpeg is absent or fails to start, numbered PNG
// files in a folder (with a message saying so). Frames are paced by wall time, so the
// video plays at the speed the user saw.
import Foundation
import Render

public final class VideoRecorder {
    public enum Output: Hashable, Sendable {
        case mp4(path: String)
        case pngFrames(directory: String)
    }

    public let output: Output
    public let width: Int
    public let height: Int
    /// Video frames per second.
    public let frameRate: Double
    /// Frames written so far.
    public private(set) var framesWritten = 0
    /// Why recording went to PNG frames instead of MP4 (nil for MP4).
    public let fallbackReason: String?

    private var process: Process?
    private var pipe: FileHandle?
    private var startTime: Double?
    /// At most this many copies of one frame are written to catch up after a slow frame.
    static let maximumRepeats = 10

    /// Starts recording `width` × `height` frames to `path` (an .mp4). `ffmpeg` is the
    /// executable to use (default: the first `ffmpeg` on PATH); when it is nil or cannot
    /// start, frames go to `<path without extension>-frames/frame-000001.png`… instead.
    public init(path: String, width: Int, height: Int, frameRate: Double = 30,
                ffmpeg: String? = VideoRecorder.findExecutable("ffmpeg")) throws {
        guard width > 0, height > 0 else { throw RenderError.invalidSize(width: width, height: height, limit: Int(Int32.max)) }
        self.width = width
        self.height = height
        self.frameRate = frameRate
        var reason: String?
        if let ffmpeg {
            do {
                let started = try Self.startFFmpeg(ffmpeg, path: path, width: width, height: height, frameRate: frameRate)
                process = started.process
                pipe = started.input
                output = .mp4(path: path)
                fallbackReason = nil
                return
            } catch {
                reason = "ffmpeg could not start (\(error))"
            }
        } else {
            reason = "ffmpeg not found on PATH"
        }
        let directory = (path as NSString).deletingPathExtension + "-frames"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        output = .pngFrames(directory: directory)
        fallbackReason = reason
    }

    deinit { _ = try? finish() }

    /// A description of where the video goes, for messages.
    public var destination: String {
        switch output {
        case .mp4(let path): return path
        case .pngFrames(let directory): return directory + "/frame-NNNNNN.png"
        }
    }

    /// Adds the picture shown at wall time `now` (s): written once, or several times when
    /// frames were slower than the video's frame rate. Pictures of another size throw.
    public func add(_ image: RGBImage, now: Double) throws {
        guard image.width == width, image.height == height else {
            throw RenderError.invalidSize(width: image.width, height: image.height, limit: max(width, height))
        }
        let start = startTime ?? now
        startTime = start
        let due = Int(((now - start) * frameRate).rounded(.down)) + 1
        let copies = min(max(due - framesWritten, framesWritten == 0 ? 1 : 0), Self.maximumRepeats)
        for _ in 0..<copies { try write(image) }
    }

    private func write(_ image: RGBImage) throws {
        framesWritten += 1
        switch output {
        case .mp4:
            guard let pipe else { return }
            try pipe.write(contentsOf: Data(image.pixels))
        case .pngFrames(let directory):
            try PNGWriter.write(image, path: directory + String(format: "/frame-%06d.png", framesWritten))
        }
    }

    /// Stops recording: closes ffmpeg's input and waits for it to finish the file. Returns
    /// a message naming the output. Safe to call twice.
    @discardableResult
    public func finish() throws -> String {
        if let pipe {
            self.pipe = nil
            try? pipe.close()
            process?.waitUntilExit()
            if let process, process.terminationStatus != 0 {
                self.process = nil
                return "ffmpeg exited with status \(process.terminationStatus); \(destination) may be incomplete"
            }
            process = nil
        }
        return "recorded \(framesWritten) frames to \(destination)"
    }

    // MARK: - ffmpeg

    private static func startFFmpeg(_ executable: String, path: String, width: Int, height: Int, frameRate: Double) throws
        -> (process: Process, input: FileHandle) {
        // A write to a pipe whose reader died must fail, not kill the viewer.
        signal(SIGPIPE, SIG_IGN)
        let codec = encoders(of: executable).contains("libx264") ? ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20"]
            : ["-c:v", "mpeg4", "-q:v", "3"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-y", "-loglevel", "error", "-f", "rawvideo", "-pixel_format", "rgb24",
                             "-video_size", "\(width)x\(height)", "-framerate", String(format: "%g", frameRate), "-i", "-",
                             "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2"] + codec + ["-pix_fmt", "yuv420p", path]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return (process, input.fileHandleForWriting)
    }

    // The names in `ffmpeg -encoders`.
    private static func encoders(of executable: String) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-hide_banner", "-encoders"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "" }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The first executable file called `name` in the directories of PATH, or nil.
    public static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
