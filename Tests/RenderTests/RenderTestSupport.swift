// Helpers for the render tests: an offscreen renderer (or a skip when EGL has no GL 3.3
// context at all), simple scenes, and pixel statistics.
import Foundation
import Physics
import Render
import Robot
import Scene
import XCTest

/// An offscreen renderer with `settings`; skips the calling test, saying why, when EGL
/// cannot create an OpenGL 3.3 core context on this machine.
func makeOffscreenRenderer(settings: RenderSettings = .sensor) throws -> OffscreenRenderer {
    do {
        return try OffscreenRenderer(settings: settings)
    } catch let error as RenderError {
        if case .contextUnavailable = error {
            throw XCTSkip("no offscreen OpenGL: \(error) — install libegl-mesa0 and libgl1-mesa-dri (Tools/setup.sh)")
        }
        throw error
    }
}

/// A camera `height` metres above the origin looking straight down.
func cameraLookingDown(from height: Double, fieldOfView: Double = 60 * .pi / 180) -> Camera {
    Camera(position: Vector3(0, 0, height), target: .zero, verticalFieldOfView: fieldOfView, near: 0.05, far: 10)
}

/// A scene from (drawable, world pose of its body) pairs.
func scene(_ parts: [(Drawable, Pose)]) -> RenderScene {
    RenderScene(drawables: parts.map(\.0), bodyPoses: parts.map(\.1))
}

/// A fresh temporary directory, removed when the test ends.
func temporaryDirectory(_ test: XCTestCase) throws -> String {
    let path = NSTemporaryDirectory() + "tground-render-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}
