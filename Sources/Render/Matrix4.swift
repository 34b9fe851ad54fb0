// Matrix4: the 4×4 transforms the renderer builds on the CPU (model, view, projection,
// light) before handing them to shaders as column-major floats.
import Foundation
import Physics

/// A 4×4 matrix of doubles, stored as four columns (OpenGL's column-major layout).
/// Points are column vectors: `m * p` maps `p` from the right-hand frame into the left.
public struct Matrix4: Hashable, Sendable {
    public var c0: SIMD4<Double>
    public var c1: SIMD4<Double>
    public var c2: SIMD4<Double>
    public var c3: SIMD4<Double>

    public init(_ c0: SIMD4<Double>, _ c1: SIMD4<Double>, _ c2: SIMD4<Double>, _ c3: SIMD4<Double>) {
        self.c0 = c0
        self.c1 = c1
        self.c2 = c2
        self.c3 = c3
    }

    public static let identity = Matrix4(SIMD4(1, 0, 0, 0), SIMD4(0, 1, 0, 0), SIMD4(0, 0, 1, 0), SIMD4(0, 0, 0, 1))

    /// The transform that scales by `scale` (per axis, in the local frame), then rotates and
    /// translates by `pose`: local coordinates → the pose's parent frame.
    public init(pose: Pose, scale: Vector3 = Vector3(1, 1, 1)) {
        let x = pose.rotation.rotate(.unitX) * scale.x
        let y = pose.rotation.rotate(.unitY) * scale.y
        let z = pose.rotation.rotate(.unitZ) * scale.z
        let p = pose.position
        self.init(SIMD4(x.x, x.y, x.z, 0), SIMD4(y.x, y.y, y.z, 0), SIMD4(z.x, z.y, z.z, 0), SIMD4(p.x, p.y, p.z, 1))
    }

    public static func * (a: Matrix4, b: Matrix4) -> Matrix4 {
        Matrix4(a * b.c0, a * b.c1, a * b.c2, a * b.c3)
    }

    public static func * (m: Matrix4, v: SIMD4<Double>) -> SIMD4<Double> {
        m.c0 * v.x + m.c1 * v.y + m.c2 * v.z + m.c3 * v.w
    }

    /// Maps a point (w = 1) and divides by the resulting w.
    public func transformPoint(_ point: Vector3) -> Vector3 {
        let r = self * SIMD4(point.x, point.y, point.z, 1)
        let w = r.w != 0 ? r.w : 1
        return Vector3(r.x / w, r.y / w, r.z / w)
    }

    /// The 16 entries as floats, column by column, for `glUniformMatrix4fv`.
    var floats: [Float] {
        var values: [Float] = []
        values.reserveCapacity(16)
        for column in [c0, c1, c2, c3] {
            values.append(Float(column.x))
            values.append(Float(column.y))
            values.append(Float(column.z))
            values.append(Float(column.w))
        }
        return values
    }

    /// The upper-left 3×3 block as 9 floats, column by column (for `glUniformMatrix3fv`).
    var upperLeftFloats: [Float] {
        [Float(c0.x), Float(c0.y), Float(c0.z), Float(c1.x), Float(c1.y), Float(c1.z),
         Float(c2.x), Float(c2.y), Float(c2.z)]
    }

    // MARK: - Cameras and lights

    /// OpenGL's perspective projection: eye space (looking down −z) → clip space, with
    /// depth −1 at `near` and +1 at `far` (metres, both > 0).
    public static func perspective(verticalFieldOfView: Double, aspect: Double, near: Double, far: Double) -> Matrix4 {
        let f = 1 / tan(verticalFieldOfView / 2)
        let depth = near - far
        return Matrix4(SIMD4(f / aspect, 0, 0, 0), SIMD4(0, f, 0, 0),
                       SIMD4(0, 0, (far + near) / depth, -1), SIMD4(0, 0, 2 * far * near / depth, 0))
    }

    /// OpenGL's orthographic projection of the eye-space box [left, right] × [bottom, top] ×
    /// [−far, −near] onto the clip cube.
    public static func orthographic(left: Double, right: Double, bottom: Double, top: Double,
                                    near: Double, far: Double) -> Matrix4 {
        Matrix4(SIMD4(2 / (right - left), 0, 0, 0), SIMD4(0, 2 / (top - bottom), 0, 0),
                SIMD4(0, 0, -2 / (far - near), 0),
                SIMD4(-(right + left) / (right - left), -(top + bottom) / (top - bottom), -(far + near) / (far - near), 1))
    }

    /// The view transform (world → eye space, eye looking down −z, +y up) of an eye at
    /// `eye` looking at `target`. When `up` is (nearly) parallel to the view direction,
    /// world +y (or +x) stands in for it.
    public static func lookAt(eye: Vector3, target: Vector3, up: Vector3) -> Matrix4 {
        let forward = (target - eye).normalized
        let (right, trueUp) = viewBasis(forward: forward, up: up)
        return Matrix4(SIMD4(right.x, trueUp.x, -forward.x, 0), SIMD4(right.y, trueUp.y, -forward.y, 0),
                       SIMD4(right.z, trueUp.z, -forward.z, 0),
                       SIMD4(-right.dot(eye), -trueUp.dot(eye), forward.dot(eye), 1))
    }

    /// Right and up unit vectors of a view looking along `forward` (unit), with `up` as the
    /// preferred up direction.
    static func viewBasis(forward: Vector3, up: Vector3) -> (right: Vector3, up: Vector3) {
        var right = forward.cross(up)
        if right.length < 1e-9 * max(up.length, 1) {
            right = forward.cross(abs(forward.y) < 0.9 ? Vector3.unitY : Vector3.unitX)
        }
        right = right.normalized
        return (right, right.cross(forward).normalized)
    }
}
