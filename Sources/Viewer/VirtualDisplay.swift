// VirtualDisplay: a private Xvfb X server for window tests and the render benchmark on
// machines without a display. It picks a free display number itself (-displayfd), sets
// DISPLAY for this process (SDL reads it at video init), and is killed when stopped.
import Foundation

public final class VirtualDisplay {
    /// The display name, e.g. ":93".
    public let name: String
    private let process: Process
    private let previousDisplay: String?

    /// Starts `Xvfb` with one `width` × `height` × 24-bit screen and points DISPLAY at it.
    /// Throws a message naming what is missing (no Xvfb on PATH, or Xvfb did not start).
    public init(width: Int = 1280, height: Int = 720) throws {
        guard let executable = VideoRecorder.findExecutable("Xvfb") else {
            throw WindowError(description: "no Xvfb binary on PATH (install xvfb: Tools/setup.sh)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        // -displayfd 1: Xvfb chooses a free display and writes its number to standard output.
        process.arguments = ["-displayfd", "1", "-screen", "0", "\(width)x\(height)x24", "-nolisten", "tcp", "-noreset"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw WindowError(description: "Xvfb did not start: \(error)")
        }
        // Read the display number (a line), giving up after 10 s.
        let reader = output.fileHandleForReading
        let deadline = Date().addingTimeInterval(10)
        var text = ""
        while !text.contains("\n") && Date() < deadline && process.isRunning {
            let chunk = reader.availableData
            if chunk.isEmpty { usleep(10_000) } else { text += String(decoding: chunk, as: UTF8.self) }
        }
        let number = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !number.isEmpty, Int(number) != nil, process.isRunning else {
            if process.isRunning { process.terminate() }
            throw WindowError(description: "Xvfb did not report a display within 10 s")
        }
        self.process = process
        name = ":" + number
        previousDisplay = ProcessInfo.processInfo.environment["DISPLAY"]
        setenv("DISPLAY", name, 1)
    }

    deinit { stop() }

    /// Kills the server and restores DISPLAY. Safe to call twice.
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
        if let previousDisplay { setenv("DISPLAY", previousDisplay, 1) } else { unsetenv("DISPLAY") }
    }

    /// Whether DISPLAY names an X server for this process.
    public static var hasDisplay: Bool {
        !(ProcessInfo.processInfo.environment["DISPLAY"] ?? "").isEmpty
    }
}
