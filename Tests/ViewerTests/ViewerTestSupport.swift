// Helpers for the viewer tests: scene paths, sessions, a shared Xvfb for window tests, and
// the picture checks (robot pixels inside its projected bounding box, HUD text present).
import Foundation
import Physics
import Render
import Scene
import Tasks
import Viewer
import XCTest

/// The repository root (…/Tests/ViewerTests/ThisFile.swift → …).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

func scenePath(_ name: String) -> String { repositoryRoot + "/Scenes/\(name).yaml" }

/// The scenes the window and picture tests open: stand_push, and pick_place when present.
var testScenes: [String] {
    ["stand_push", "pick_place"].filter { FileManager.default.fileExists(atPath: scenePath($0)) }
}

func makeSession(_ name: String = "stand_push", seed: UInt64 = 0, width: Int = 640, height: Int = 360) throws
    -> ViewerSession {
    try ViewerSession(source: try SceneSource(path: scenePath(name)), seed: seed, policy: .builtin(.zero), width: width,
                      height: height)
}

/// The renderer settings of picture tests: the viewer's, without shadows (a shadow lies
/// outside its body's bounding box, and the tests compare pictures with and without the robot).
var unshadowedSettings: RenderSettings {
    var settings = RenderSettings.viewer
    settings.shadowMapSize = 0
    return settings
}

/// A fresh temporary directory, removed when the test ends.
func temporaryDirectory(_ test: XCTestCase) throws -> String {
    let path = NSTemporaryDirectory() + "tground-viewer-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}

/// The world state hash of a freshly built episode of `session`'s scene and seed.
func freshStateHash(of session: ViewerSession) throws -> UInt64 {
    try Episode(scene: session.source.spec, seed: session.seed).world.world.stateHash()
}

// MARK: - Pictures

/// The robot's collider bounding box projected into a `width` × `height` picture, grown by
/// `margin` pixels (the union of its eight corners' projections).
func projectedRobotBox(_ session: ViewerSession, width: Int, height: Int, margin: Double = 3) throws -> PixelRect {
    let box = try session.world.robot.body.boundingBox()
    var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
    for corner in 0..<8 {
        let point = Vector3(corner & 1 == 0 ? box.min.x : box.max.x, corner & 2 == 0 ? box.min.y : box.max.y,
                            corner & 4 == 0 ? box.min.z : box.max.z)
        let projected = try XCTUnwrap(session.camera.project(point, width: width, height: height),
                                      "the robot's bounding box must be in front of the camera")
        minX = min(minX, projected.x); maxX = max(maxX, projected.x)
        minY = min(minY, projected.y); maxY = max(maxY, projected.y)
    }
    let x = Int((minX - margin).rounded(.down)), y = Int((minY - margin).rounded(.down))
    return PixelRect(x: x, y: y, width: Int((maxX + margin).rounded(.up)) - x, height: Int((maxY + margin).rounded(.up)) - y)
}

/// Whether `pixel` looks like one of `materials` (RGB in [0, 1]) under the viewer's
/// near-white light: a scaled copy of the material colour, within a tolerance.
func looksLike(_ pixel: (red: UInt8, green: UInt8, blue: UInt8), anyOf materials: [SIMD3<Double>]) -> Bool {
    let colour = SIMD3<Double>(Double(pixel.red), Double(pixel.green), Double(pixel.blue)) / 255
    for material in materials {
        let scale = (colour * material).sum() / max((material * material).sum(), 1e-9)
        guard scale > 0.1, scale < 2.5 else { continue }
        let residual = colour - material * scale
        let error = (residual * residual).sum().squareRoot()
        if error <= 0.06 + 0.12 * (colour * colour).sum().squareRoot() { return true }
    }
    return false
}

/// What the robot check found.
struct RobotPixels {
    var inside = 0
    var outside = 0
    var robotColouredInside = 0
}

/// Compares a picture with the robot and one without it (same camera, same instant): the
/// pixels that differ are the robot's. Pixels inside `excluded` rectangles (the HUD) are
/// ignored.
func robotPixels(with: RGBImage, without: RGBImage, box: PixelRect, excluded: [PixelRect],
                 materials: [SIMD3<Double>]) -> RobotPixels {
    var result = RobotPixels()
    for y in 0..<with.height {
        for x in 0..<with.width where !excluded.contains(where: { $0.contains(x: x, y: y) }) {
            let a = with[x, y], b = without[x, y]
            let difference = max(abs(Int(a.red) - Int(b.red)), abs(Int(a.green) - Int(b.green)), abs(Int(a.blue) - Int(b.blue)))
            guard difference > 6 else { continue }
            if box.contains(x: x, y: y) {
                result.inside += 1
                if looksLike(a, anyOf: materials) { result.robotColouredInside += 1 }
            } else {
                result.outside += 1
            }
        }
    }
    return result
}

/// The robot's visual material colours.
func robotMaterials(_ session: ViewerSession) -> [SIMD3<Double>] {
    let colours = session.world.drawables.filter { $0.body == session.world.robot.body.id }.map(\.color)
    return Array(Set(colours.map { $0.count >= 3 ? [$0[0], $0[1], $0[2]] : [1, 1, 1] })).map { SIMD3($0[0], $0[1], $0[2]) }
}

/// Asserts the robot is where the camera says: at least `minimum` robot pixels, nearly all
/// inside its projected bounding box and robot-coloured, and none outside.
func assertRobotInsideItsBox(with: RGBImage, without: RGBImage, session: ViewerSession, excluded: [PixelRect],
                             minimum: Int = 300, file: StaticString = #filePath, line: UInt = #line) throws {
    let box = try projectedRobotBox(session, width: with.width, height: with.height)
    let found = robotPixels(with: with, without: without, box: box, excluded: excluded, materials: robotMaterials(session))
    XCTAssertGreaterThanOrEqual(found.inside, minimum, "too few robot pixels inside its box \(box)", file: file, line: line)
    XCTAssertLessThanOrEqual(found.outside, max(found.inside / 200, 5),
                             "robot pixels outside its projected box \(box): \(found.outside)", file: file, line: line)
    XCTAssertGreaterThanOrEqual(Double(found.robotColouredInside), 0.8 * Double(found.inside),
                                "robot pixels should be robot-coloured: \(found)", file: file, line: line)
}

/// Pixels inside `rect` that differ between two pictures by more than a little.
func differingPixels(_ a: RGBImage, _ b: RGBImage, in rect: PixelRect) -> Int {
    var count = 0
    for y in max(rect.y, 0)..<min(rect.y + rect.height, a.height) {
        for x in max(rect.x, 0)..<min(rect.x + rect.width, a.width) {
            let p = a[x, y], q = b[x, y]
            if max(abs(Int(p.red) - Int(q.red)), abs(Int(p.green) - Int(q.green)), abs(Int(p.blue) - Int(q.blue))) > 24 {
                count += 1
            }
        }
    }
    return count
}

/// Near-white pixels (HUD text) inside `rect`.
func brightPixels(_ image: RGBImage, in rect: PixelRect) -> Int {
    var count = 0
    for y in max(rect.y, 0)..<min(rect.y + rect.height, image.height) {
        for x in max(rect.x, 0)..<min(rect.x + rect.width, image.width) {
            let p = image[x, y]
            if p.red > 200 && p.green > 200 && p.blue > 200 { count += 1 }
        }
    }
    return count
}

/// The status panel's rectangle for `session` in a `width` × `height` picture.
func statusPanel(_ session: ViewerSession, width: Int, height: Int) throws -> PixelRect {
    let shown = session.showsHUD
    session.showsHUD = true
    defer { session.showsHUD = shown }
    let canvas = ViewerHUD.canvas(for: session, scene: RenderScene(), width: width, height: height, now: 0)
    return try XCTUnwrap(canvas.panels.first, "the HUD should draw a status panel")
}
