// DrawList: a frame's drawables resolved for drawing — GPU mesh, model and normal
// matrices, colour and ids — split into opaque geometry and translucent overlays, with
// the sphere around everything that casts a shadow.
import Foundation
import Physics
import Scene

/// One drawable ready to draw.
struct DrawItem {
    let mesh: GPUMesh
    /// Geometry frame (scaled) → world.
    let model: Matrix4
    /// Its upper 3×3 maps normals to world (the inverse transpose of the model's).
    let normalMatrix: Matrix4
    let color: SIMD4<Float>
    let body: Int32
    let link: Int32
    /// World position of the geometry frame and its bounding radius (m; infinite for planes).
    let centre: Vector3
    let boundingRadius: Double
}

struct DrawList {
    var opaque: [DrawItem] = []
    var overlays: [DrawItem] = []
    /// The sphere holding every finite opaque item, or nil when there is none.
    var casterBounds: (centre: Vector3, radius: Double)?

    /// Resolves `scene` through `cache` for `camera` and a picture `height` pixels tall (which
    /// sets each round shape's level of detail). Throws when poses and drawables differ in
    /// count; skips drawables whose mesh file cannot be loaded or whose pose is not finite.
    init(_ scene: RenderScene, cache: GeometryCache, settings: RenderSettings, camera: Camera, height: Int) throws {
        guard scene.bodyPoses.count == scene.drawables.count else {
            throw RenderError.poseCountMismatch(drawables: scene.drawables.count, poses: scene.bodyPoses.count)
        }
        var low = Vector3(.infinity, .infinity, .infinity)
        var high = -low
        // One metre at distance d along the view spans (height / 2) / (d · tan(fov / 2)) pixels.
        let forward = camera.forward
        let pixelsAtOneMetre = Double(height) / 2 / tan(camera.verticalFieldOfView / 2)
        for (drawable, bodyPose) in zip(scene.drawables, scene.bodyPoses) {
            if drawable.isOverlay && !settings.showsOverlays { continue }
            let pose = bodyPose * drawable.localPose
            let distance = (pose.position - camera.position).dot(forward)
            let pixelsPerMetre = distance > camera.near ? pixelsAtOneMetre / distance : .infinity
            guard pose.isFinite,
                  let geometry = cache.resolve(drawable.shape, planeHalfExtent: settings.planeHalfExtent,
                                               pixelsPerMetre: pixelsPerMetre) else { continue }
            let item = DrawItem(mesh: geometry.mesh, model: Matrix4(pose: pose, scale: geometry.scale),
                                normalMatrix: Matrix4(pose: pose, scale: Self.reciprocal(geometry.scale)),
                                color: Self.rgba(drawable.color), body: drawable.body, link: Int32(clamping: drawable.link),
                                centre: pose.position, boundingRadius: geometry.boundingRadius)
            if drawable.isOverlay {
                overlays.append(item)
            } else {
                opaque.append(item)
                if geometry.boundingRadius.isFinite {
                    let reach = Vector3(geometry.boundingRadius, geometry.boundingRadius, geometry.boundingRadius)
                    low = Self.minimum(low, pose.position - reach)
                    high = Self.maximum(high, pose.position + reach)
                }
            }
        }
        if low.x <= high.x {
            casterBounds = ((low + high) / 2, (high - low).length / 2)
        }
        // Nearest first and planes last, so the depth test rejects hidden fragments before
        // they are shaded (it matters most to software GL).
        let eye = camera.position
        opaque.sort { a, b in
            if a.boundingRadius.isFinite != b.boundingRadius.isFinite { return a.boundingRadius.isFinite }
            return (a.centre - eye).dot(forward) < (b.centre - eye).dot(forward)
        }
    }

    /// Overlays from the farthest to the nearest to `eye`, for back-to-front blending.
    func overlaysBackToFront(eye: Vector3) -> [DrawItem] {
        overlays.sorted { ($0.centre - eye).length > ($1.centre - eye).length }
    }

    // Drawable colours: RGB or RGBA in [0, 1]; missing entries are 1 (opaque white).
    static func rgba(_ color: [Double]) -> SIMD4<Float> {
        func channel(_ index: Int) -> Float {
            index < color.count && color[index].isFinite ? Float(min(max(color[index], 0), 1)) : 1
        }
        return SIMD4(channel(0), channel(1), channel(2), channel(3))
    }

    // 1/s per axis; a flat axis (s = 0) gets a huge factor, so its faces keep their normal.
    private static func reciprocal(_ scale: Vector3) -> Vector3 {
        func inverse(_ value: Double) -> Double { value == 0 ? 1e6 : 1 / value }
        return Vector3(inverse(scale.x), inverse(scale.y), inverse(scale.z))
    }

    private static func minimum(_ a: Vector3, _ b: Vector3) -> Vector3 { Vector3(min(a.x, b.x), min(a.y, b.y), min(a.z, b.z)) }
    private static func maximum(_ a: Vector3, _ b: Vector3) -> Vector3 { Vector3(max(a.x, b.x), max(a.y, b.y), max(a.z, b.z)) }
}
