import ArgumentParser
import Foundation
import Scene
import Viewer

// `tground bench render`: the viewer's frame rate in a window and offscreen RGB-D frames/s.
struct BenchRenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Viewer frames per second and offscreen RGB-D camera frames per second.",
        discussion: """
            CASES
              viewer                `tground view` in a 1280x720 SDL window, no vsync,
                                    physics at 1x (zero policy): frames drawn per
                                    wall second and the real-time factor kept.
              viewer+overlays       the same with contacts, link frames and centres
                                    of mass on.
              viewer-half-res...    both again with the 3D picture drawn at 640x360
                                    and stretched (G; the default on software GL).
              offscreen-rgbd-scene  128x128 RGB + depth of the scene (EGL, sensor
                                    settings), readback included.
              offscreen-rgbd-bench  the renderer's RenderBench scene, 128x128 RGB-D.
              camera-NAME-...       each camera sensor of the scene (the robot's head
                                    camera `head`, 128x128 RGB + depth +
                                    segmentation by default, and the scene's own
                                    cameras), through the episode's camera provider.

            The window cases need an X server: when DISPLAY is unset a private Xvfb is
            started (and stopped) for them; without Xvfb they are skipped with a message.
            The scene is Scenes/pick_place.yaml, or Scenes/stand_push.yaml when absent.
            """
    )

    @Option(help: "The scene (default: Scenes/pick_place.yaml, else Scenes/stand_push.yaml).")
    var scene: String?

    @Option(help: "Wall seconds each window case runs.")
    var seconds: Double = 5

    @Option(name: .customLong("offscreen-frames"), help: "Frames each offscreen case renders.")
    var offscreenFrames: Int = 300

    @Flag(name: .customLong("no-window"), help: "Skip the window cases.")
    var noWindow = false

    @Flag(help: "Print one JSON object per case and line instead of a table.")
    var json = false

    func validate() throws {
        guard seconds > 0, seconds <= 3600 else { throw ValidationError("--seconds must be in (0, 3600]") }
        guard offscreenFrames > 0, offscreenFrames <= 1_000_000 else {
            throw ValidationError("--offscreen-frames must be between 1 and 1000000")
        }
    }

    func run() throws {
        let path = scene ?? (FileManager.default.fileExists(atPath: "Scenes/pick_place.yaml")
            ? "Scenes/pick_place.yaml" : "Scenes/stand_push.yaml")
        var figures: [RenderBenchFigure] = []
        if !noWindow {
            for (overlays, halfResolution) in [(false, false), (true, false), (false, true), (true, true)] {
                do {
                    figures.append(try ViewerBench.window(scenePath: path, seconds: seconds, overlays: overlays,
                                                          halfResolution: halfResolution))
                } catch {
                    FileHandle.standardError.write(Data("bench render: window case skipped: \(error)\n".utf8))
                    break
                }
            }
        }
        figures.append(try ViewerBench.offscreenScene(scenePath: path, frames: offscreenFrames))
        figures.append(try ViewerBench.offscreenBench(frames: offscreenFrames))
        let cameras = try SceneWorld(spec: try SceneFileLoader.load(path: path), seed: 0).cameras.names
        for name in cameras {
            figures.append(try ViewerBench.sceneCamera(scenePath: path, camera: name, frames: offscreenFrames))
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            for figure in figures { print(String(decoding: try encoder.encode(figure), as: UTF8.self)) }
        } else {
            print(ViewerBench.table(figures))
        }
    }
}
