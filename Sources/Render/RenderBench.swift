// RenderBench: how many offscreen RGB-D frames per second the renderer makes for a small
// manufacturing-like scene (used by `tground bench render`).
import Foundation
import Physics
import Robot
import Scene

/// Figures of one benchmark run.
public struct RenderBenchResult: Hashable, Sendable, Codable {
    public var width: Int
    public var height: Int
    public var drawables: Int
    public var frames: Int
    /// Wall-clock seconds for the timed frames (render + readback).
    public var seconds: Double
    public var framesPerSecond: Double
    /// Which pictures each frame read back, e.g. "rgb+depth", or "none".
    public var readback: String
    public var shadows: Bool
    /// GL vendor, renderer and version, e.g. "Mesa llvmpipe (LLVM 15.0.6, 256 bits), 4.5 (Core Profile) Mesa 22.3.6".
    public var glDescription: String
}

public enum RenderBench {
    /// Renders `frames` frames of `benchScene(drawables:)` at `width` × `height` offscreen
    /// and reads back the pictures in `kinds` after each (only one pixel, to wait for the
    /// frame, when `kinds` is empty), after a few untimed warm-up frames. Objects move
    /// every frame, so nothing is reused between frames. Throws `.contextUnavailable`
    /// without EGL.
    public static func offscreen(width: Int = 128, height: Int = 128, drawables: Int = 40, frames: Int = 300,
                                 kinds: ImageKinds = [.rgb, .depth],
                                 settings: RenderSettings = .sensor) throws -> RenderBenchResult {
        let offscreen = try OffscreenRenderer(settings: settings)
        var scene = benchScene(drawables: drawables)
        let resting = scene.bodyPoses
        let camera = Camera(position: Vector3(2.2, -1.8, 1.8), target: Vector3(0, 0, 0.6),
                            verticalFieldOfView: 60 * .pi / 180, near: 0.05, far: 20)
        let warmUp = 5
        var started = ContinuousClock.now
        for frame in 0..<(warmUp + max(frames, 1)) {
            if frame == warmUp { started = ContinuousClock.now }
            // Each object bobs a little, as if the physics had stepped.
            let phase = Double(frame) * 0.05
            for index in scene.bodyPoses.indices where scene.drawables[index].body >= 0 {
                var pose = resting[index]
                pose.position.z += 0.02 * sin(phase + Double(index))
                scene.bodyPoses[index] = pose
            }
            if kinds.isEmpty {
                // No readback: wait for the frame by reading one pixel, as a window's swap would.
                _ = try offscreen.render(scene, camera: camera, width: width, height: height).segmentation(x: 0, y: 0)
            } else {
                _ = try offscreen.capture(scene, camera: camera, width: width, height: height, kinds: kinds)
            }
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let timed = max(frames, 1)
        let names = [(ImageKinds.rgb, "rgb"), (.depth, "depth"), (.segmentation, "segmentation")]
        return RenderBenchResult(width: width, height: height, drawables: scene.drawables.count, frames: timed,
                                 seconds: seconds, framesPerSecond: Double(timed) / max(seconds, 1e-9),
                                 readback: kinds.isEmpty ? "none" : names.filter { kinds.contains($0.0) }.map(\.1).joined(separator: "+"),
                                 shadows: settings.shadowMapSize > 0, glDescription: offscreen.renderer.glDescription)
    }

    /// A floor plane, a table, and `drawables − 2` parts on and around it (boxes,
    /// cylinders, spheres, capsules), each its own body (ids from 1; the floor is 0).
    public static func benchScene(drawables: Int = 40) -> RenderScene {
        var scene = RenderScene()
        func add(_ body: Int32, _ shape: GeometryShape, at position: Vector3, color: [Double]) {
            scene.drawables.append(Drawable(body: body, shape: shape, color: color))
            scene.bodyPoses.append(Pose(position: position))
        }
        add(0, .plane, at: .zero, color: [0.55, 0.55, 0.5, 1])
        add(1, .box(size: Vector3(1.2, 0.8, 0.05)), at: Vector3(0, 0, 0.7), color: [0.45, 0.3, 0.2, 1])
        let shapes: [GeometryShape] = [
            .box(size: Vector3(0.08, 0.08, 0.08)), .cylinder(radius: 0.04, length: 0.12),
            .sphere(radius: 0.05), .capsule(radius: 0.03, length: 0.1),
        ]
        let palette: [[Double]] = [[0.85, 0.2, 0.2, 1], [0.2, 0.55, 0.85, 1], [0.95, 0.75, 0.2, 1], [0.3, 0.7, 0.35, 1]]
        for index in 0..<max(drawables - 2, 0) {
            let column = index % 8, row = index / 8
            let position = Vector3(-0.5 + Double(column) * 0.14, -0.3 + Double(row % 5) * 0.14, 0.8 + Double(row / 5) * 0.15)
            add(Int32(index + 2), shapes[index % shapes.count], at: position, color: palette[index % palette.count])
        }
        return scene
    }
}
