import ArgumentParser
import Foundation
import Runner
import Scene
import Viewer

// `tground view SCENE`: the interactive viewer, or its frames rendered offscreen.
struct ViewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view",
        abstract: "Open a scene in the viewer window (or render its frames offscreen).",
        discussion: """
            Plays an episode of the scene in a window: the robot driven by the policy,
            physics in real time (in whole control steps paced by the wall clock; slow
            frames are dropped, never simulated time), with an orbit camera, pause and
            single-step, slow motion, resets that reload the edited scene file, mouse
            perturbation, overlays, a HUD, screenshots and video.

            KEYS
            \(ViewCommand.keyList())

            HEADLESS
              --headless-frames N --screenshot FILE renders N frames offscreen through
              EGL (no window, no X server needed) on a fixed 60 frames/s clock, HUD
              included, and writes the last one as PNG.

            EXAMPLES
              tground view Scenes/pick_place.yaml
              tground view Scenes/stand_push.yaml --seed 3 --policy random
              tground view Scenes/pick_place.yaml --policy expert
              tground view Scenes/pick_place.yaml --headless-frames 120 --screenshot a.png
              tground view Scenes/stand_push.yaml --headless-frames 60 --keys ckmj \\
                  --screenshot overlays.png
            """
    )

    @Argument(help: "The scene file (Scenes/*.yaml).")
    var scene: String

    @Option(help: "Episode seed (an unsigned 64-bit integer).")
    var seed: UInt64 = 0

    @Option(help: "zero, random, expert (the task's scripted expert), expert:NAME=VALUE,... (with settings of its controller) or replay:FILE (a record's actions).")
    var policy: String = "zero"

    @Option(name: .customLong("set"), help: "Override a scene key: key.path=value (repeatable).")
    var overrides: [String] = []

    @Option(help: "Window (or headless picture) width in pixels.")
    var width: Int = 1280

    @Option(help: "Window (or headless picture) height in pixels.")
    var height: Int = 720

    @Option(name: .customLong("headless-frames"), help: "Render this many frames offscreen instead of opening a window.")
    var headlessFrames: Int?

    @Option(help: "With --headless-frames: the PNG file to write the last frame to.")
    var screenshot: String?

    @Option(help: "Keys to press before the first frame, e.g. 'ckm' for contacts, frames and centre of mass.")
    var keys: String = ""

    @Option(name: .customLong("quit-after-frames"), help: "Close the window after this many frames (scripts, timing).")
    var quitAfterFrames: Int?

    @Flag(name: .customLong("no-vsync"), help: "Draw as fast as possible instead of waiting for the display.")
    var noVsync = false

    func validate() throws {
        do {
            _ = try PolicySpec(parsing: policy)
        } catch {
            throw ValidationError("\(error)")
        }
        guard (1...16384).contains(width), (1...16384).contains(height) else {
            throw ValidationError("--width and --height must be between 1 and 16384 pixels")
        }
        if let headlessFrames {
            guard headlessFrames > 0 else { throw ValidationError("--headless-frames must be > 0") }
            guard screenshot != nil else { throw ValidationError("--headless-frames needs --screenshot FILE") }
        } else if screenshot != nil {
            throw ValidationError("--screenshot goes with --headless-frames N (in the window, F12 saves screenshots)")
        }
        if let quitAfterFrames, quitAfterFrames <= 0 { throw ValidationError("--quit-after-frames must be > 0") }
    }

    func run() throws {
        let started = ProcessClock.secondsSinceStart()
        let session: ViewerSession
        do {
            let source = try SceneSource(path: scene, overrides: overrides)
            session = try ViewerSession(source: source, seed: seed, policy: try PolicySpec(parsing: policy),
                                        width: width, height: height)
        } catch let error as SceneError {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode.failure
        } catch let error as BatchError {
            FileHandle.standardError.write(Data("tground view: --policy \(policy): \(error)\n".utf8))
            throw ExitCode.failure
        }
        for character in keys {
            session.handle(.keyDown(character == " " ? .space : .character(Character(character.lowercased()))))
        }
        if let headlessFrames, let screenshot {
            try runHeadless(session, frames: headlessFrames, path: screenshot)
            return
        }
        let window: SDLWindow
        do {
            window = try SDLWindow(title: "tground view — \(session.episode.scene.name)", width: width, height: height,
                                   vsync: !noVsync)
        } catch {
            FileHandle.standardError.write(Data("""
                tground view: \(error)
                  (no display? render offscreen instead: --headless-frames N --screenshot FILE)

                """.utf8))
            throw ExitCode.failure
        }
        let app = try ViewerApp(session: session, window: window)
        try app.runFrame()
        let up = ProcessClock.secondsSinceStart()
        FileHandle.standardError.write(Data((String(
            format: "tground view: window up %.3f s after process start (%.3f s in `view`); ", up, up - started)
            + "SDL \(window.videoDriver), " + app.renderer.glDescription + "\n").utf8))
        try app.run(maximumFrames: quitAfterFrames)
    }

    private func runHeadless(_ session: ViewerSession, frames: Int, path: String) throws {
        let viewer: HeadlessViewer
        do {
            viewer = try HeadlessViewer(session: session, width: width, height: height)
        } catch {
            FileHandle.standardError.write(Data("tground view: offscreen rendering is unavailable: \(error)\n".utf8))
            throw ExitCode.failure
        }
        try viewer.run(frames: frames, screenshot: path)
        print("wrote \(path): \(width)x\(height), frame \(frames), sim \(String(format: "%.3f", session.episode.simulatedTime)) s, "
              + "step \(session.episode.controlStep)")
    }

    // The key table for the help text, from the viewer's own bindings.
    static func keyList() -> String {
        let entries = KeyBindings.helpLines()
        let width = (entries.map(\.keys.count).max() ?? 0) + 2
        return entries.map { "  " + $0.keys.padding(toLength: width, withPad: " ", startingAt: 0) + $0.help }
            .joined(separator: "\n")
    }
}

/// Seconds since this process started (from /proc; 0 where /proc is missing).
enum ProcessClock {
    static func secondsSinceStart() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let uptimeText = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8),
              let uptime = Double(uptimeText.split(separator: " ").first ?? "") else { return 0 }
        // Field 22 (starttime, clock ticks after boot) counts from after the command name's ')'.
        guard let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return 0 }
        let hertz = Double(sysconf(Int32(_SC_CLK_TCK)))
        return uptime - ticks / max(hertz, 1)
    }
}
