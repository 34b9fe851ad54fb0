// Mass-property algebra: rotating and shifting inertia tensors, summing bodies, and
// finding principal axes (Bullet's multibody links need a principal centre-of-mass frame).
import Foundation
import Physics

/// A 3x3 matrix, row-major, for the few places the robot layer needs one.
struct Matrix3: Equatable {
    var m: [Double]  // 9 entries, row-major

    static let identity = Matrix3(m: [1, 0, 0, 0, 1, 0, 0, 0, 1])

    init(m: [Double]) { self.m = m }

    init(_ tensor: InertiaTensor) {
        m = [tensor.ixx, tensor.ixy, tensor.ixz, tensor.ixy, tensor.iyy, tensor.iyz, tensor.ixz, tensor.iyz, tensor.izz]
    }

    init(_ q: Quaternion) {
        let (x, y, z, w) = (q.x, q.y, q.z, q.w)
        m = [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
             2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
             2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]
    }

    subscript(row: Int, column: Int) -> Double {
        get { m[row * 3 + column] }
        set { m[row * 3 + column] = newValue }
    }

    var transposed: Matrix3 { Matrix3(m: [m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]]) }

    static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
        var r = [Double](repeating: 0, count: 9)
        for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { r[i * 3 + j] += a[i, k] * b[k, j] } } }
        return Matrix3(m: r)
    }

    static func + (a: Matrix3, b: Matrix3) -> Matrix3 { Matrix3(m: zip(a.m, b.m).map { $0 + $1 }) }

    var tensor: InertiaTensor {
        InertiaTensor(ixx: m[0], ixy: (m[1] + m[3]) / 2, ixz: (m[2] + m[6]) / 2, iyy: m[4], iyz: (m[5] + m[7]) / 2, izz: m[8])
    }

    var determinant: Double {
        m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6])
    }

    /// The unit quaternion of a rotation matrix (columns are the rotated frame's axes).
    var quaternion: Quaternion {
        let trace = m[0] + m[4] + m[8]
        var q: Quaternion
        if trace > 0 {
            let s = (trace + 1).squareRoot() * 2
            q = Quaternion(x: (m[7] - m[5]) / s, y: (m[2] - m[6]) / s, z: (m[3] - m[1]) / s, w: s / 4)
        } else if m[0] > m[4] && m[0] > m[8] {
            let s = (1 + m[0] - m[4] - m[8]).squareRoot() * 2
            q = Quaternion(x: s / 4, y: (m[1] + m[3]) / s, z: (m[2] + m[6]) / s, w: (m[7] - m[5]) / s)
        } else if m[4] > m[8] {
            let s = (1 + m[4] - m[0] - m[8]).squareRoot() * 2
            q = Quaternion(x: (m[1] + m[3]) / s, y: s / 4, z: (m[5] + m[7]) / s, w: (m[2] - m[6]) / s)
        } else {
            let s = (1 + m[8] - m[0] - m[4]).squareRoot() * 2
            q = Quaternion(x: (m[2] + m[6]) / s, y: (m[5] + m[7]) / s, z: s / 4, w: (m[3] - m[1]) / s)
        }
        let length = q.length
        return Quaternion(x: q.x / length, y: q.y / length, z: q.z / length, w: q.w / length)
    }
}

enum InertiaMath {
    /// The tensor expressed in a frame rotated by `rotation` relative to the tensor's frame:
    /// I' = R I R^T where R maps the tensor's frame into the new one's parent.
    static func rotate(_ tensor: InertiaTensor, by rotation: Quaternion) -> InertiaTensor {
        let r = Matrix3(rotation)
        return (r * Matrix3(tensor) * r.transposed).tensor
    }

    /// Parallel-axis theorem: the tensor about a point displaced by `offset` from the COM.
    static func shift(_ tensor: InertiaTensor, mass: Double, offset d: Vector3) -> InertiaTensor {
        let d2 = d.dot(d)
        return InertiaTensor(ixx: tensor.ixx + mass * (d2 - d.x * d.x), ixy: tensor.ixy - mass * d.x * d.y,
                             ixz: tensor.ixz - mass * d.x * d.z, iyy: tensor.iyy + mass * (d2 - d.y * d.y),
                             iyz: tensor.iyz - mass * d.y * d.z, izz: tensor.izz + mass * (d2 - d.z * d.z))
    }

    /// Sums inertials given in one common frame into one inertial (origin rotation identity,
    /// tensor about the combined centre of mass in that frame's axes). nil if no mass.
    static func combine(_ parts: [Inertial]) -> Inertial? {
        let mass = parts.reduce(0) { $0 + $1.mass }
        guard mass > 0 else { return nil }
        let com = parts.reduce(Vector3.zero) { $0 + $1.mass * $1.origin.position } / mass
        var total = Matrix3(m: [Double](repeating: 0, count: 9))
        for part in parts {
            let aligned = rotate(part.inertia, by: part.origin.rotation)
            let shifted = shift(aligned, mass: part.mass, offset: part.origin.position - com)
            total = total + Matrix3(shifted)
        }
        return Inertial(mass: mass, origin: Pose(position: com), inertia: total.tensor)
    }

    /// The tensor plus a rotor of moment `rotorInertia` about the unit `axis` (a pure
    /// rotational term: the same about every point on a parallel axis).
    static func addingRotor(_ tensor: InertiaTensor, rotorInertia: Double, axis a: Vector3) -> InertiaTensor {
        InertiaTensor(ixx: tensor.ixx + rotorInertia * a.x * a.x, ixy: tensor.ixy + rotorInertia * a.x * a.y,
                      ixz: tensor.ixz + rotorInertia * a.x * a.z, iyy: tensor.iyy + rotorInertia * a.y * a.y,
                      iyz: tensor.iyz + rotorInertia * a.y * a.z, izz: tensor.izz + rotorInertia * a.z * a.z)
    }

    /// Principal moments and the rotation whose columns are the principal axes (a proper
    /// rotation), by cyclic Jacobi sweeps on the symmetric tensor.
    static func principalAxes(_ tensor: InertiaTensor) -> (moments: Vector3, rotation: Quaternion) {
        var a = Matrix3(tensor)
        var v = Matrix3.identity
        for _ in 0..<50 {
            let offDiagonal = abs(a[0, 1]) + abs(a[0, 2]) + abs(a[1, 2])
            if offDiagonal < 1e-15 * max(1e-30, abs(a[0, 0]) + abs(a[1, 1]) + abs(a[2, 2])) { break }
            for (p, q) in [(0, 1), (0, 2), (1, 2)] where abs(a[p, q]) > 0 {
                let theta = (a[q, q] - a[p, p]) / (2 * a[p, q])
                let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                let c = 1 / (t * t + 1).squareRoot()
                let s = t * c
                var j = Matrix3.identity
                j[p, p] = c
                j[q, q] = c
                j[p, q] = s
                j[q, p] = -s
                a = j.transposed * a * j
                v = v * j
            }
        }
        if v.determinant < 0 {
            for row in 0..<3 { v[row, 2] = -v[row, 2] }
        }
        return (Vector3(a[0, 0], a[1, 1], a[2, 2]), v.quaternion)
    }
}
