// MJCF's five ways to write a frame's orientation — quat (w x y z), euler (with the
// compiler's eulerseq), axisangle, xyaxes and zaxis — turned into one Quaternion, with
// angles in the compiler's unit (degrees unless angle="radian").
import Foundation
import Physics

enum MJCFOrientation {
    static let keys = ["quat", "euler", "axisangle", "xyaxes", "zaxis"]

    /// The frame given by `pos` and the orientation attributes (identity when absent).
    static func pose(_ attributes: MJCFAttributes, compiler: MJCFCompiler) throws -> Pose {
        Pose(position: try attributes.vector("pos") ?? .zero, rotation: try rotation(attributes, compiler: compiler))
    }

    /// The rotation written by whichever orientation attribute is present. Values on the
    /// element itself win over values from its default class; two on the element itself
    /// are an error, as in MuJoCo.
    static func rotation(_ attributes: MJCFAttributes, compiler: MJCFCompiler) throws -> Quaternion {
        var present = keys.filter { attributes.has($0) }
        if present.count > 1 {
            let own = present.filter { attributes.element.attributes[$0] != nil }
            if own.count > 1 {
                throw attributes.location.error("orientation given twice (\(own.joined(separator: ", "))): use one")
            }
            present = own.isEmpty ? [present[0]] : own
        }
        guard let key = present.first else { return .identity }
        let location = attributes.location(of: key)
        switch key {
        case "quat":
            let q = try attributes.numbers(key, count: 4) ?? [1, 0, 0, 0]
            return try quaternion(w: q[0], x: q[1], y: q[2], z: q[3], at: location)
        case "euler":
            let angles = try attributes.numbers(key, count: 3) ?? [0, 0, 0]
            return euler(angles.map { $0 * compiler.angleScale }, sequence: compiler.eulerSequence)
        case "axisangle":
            let values = try attributes.numbers(key, count: 4) ?? [0, 0, 1, 0]
            let axis = Vector3(values[0], values[1], values[2])
            guard axis.length > 1e-12 else { throw location.error("axisangle: the axis is zero") }
            return Quaternion(axis: axis, angle: values[3] * compiler.angleScale)
        case "xyaxes":
            let v = try attributes.numbers(key, count: 6) ?? [1, 0, 0, 0, 1, 0]
            return try xyAxes(x: Vector3(v[0], v[1], v[2]), y: Vector3(v[3], v[4], v[5]), at: location)
        default:
            guard let z = try attributes.vector(key), z.length > 1e-12 else { throw location.error("zaxis: the axis is zero") }
            return zAxis(z)
        }
    }

    /// MJCF order w x y z, normalized.
    static func quaternion(w: Double, x: Double, y: Double, z: Double, at location: MJCFLocation) throws -> Quaternion {
        let length = (w * w + x * x + y * y + z * z).squareRoot()
        guard length > 1e-12 else { throw location.error("quat: the quaternion is zero") }
        return Quaternion(x: x / length, y: y / length, z: z / length, w: w / length)
    }

    /// Rotations about the axes of `sequence`, in radians: a lower-case axis rotates with
    /// the frame (post-multiplied), an upper-case axis stays fixed (pre-multiplied).
    static func euler(_ angles: [Double], sequence: [Character]) -> Quaternion {
        var result = Quaternion.identity
        for (angle, axisName) in zip(angles, sequence) {
            let axis: Vector3
            switch axisName.lowercased() {
            case "x": axis = .unitX
            case "y": axis = .unitY
            default: axis = .unitZ
            }
            let step = Quaternion(axis: axis, angle: angle)
            result = axisName.isLowercase ? result * step : step * result
        }
        return result
    }

    /// The frame whose x axis is `x` and whose y axis is `y` made orthogonal to it.
    static func xyAxes(x: Vector3, y: Vector3, at location: MJCFLocation) throws -> Quaternion {
        let xAxis = x.normalized
        let yOrthogonal = y - xAxis * xAxis.dot(y)
        guard x.length > 1e-12, yOrthogonal.length > 1e-12 else {
            throw location.error("xyaxes: the axes are zero or parallel")
        }
        let yAxis = yOrthogonal.normalized
        return rotation(columns: xAxis, yAxis, xAxis.cross(yAxis))
    }

    /// The smallest rotation taking +z onto `z`.
    static func zAxis(_ z: Vector3) -> Quaternion {
        let target = z.normalized
        let axis = Vector3.unitZ.cross(target)
        let sine = axis.length
        if sine < 1e-12 {
            return target.z >= 0 ? .identity : Quaternion(x: 1, y: 0, z: 0, w: 0)
        }
        return Quaternion(axis: axis / sine, angle: atan2(sine, target.z))
    }

    /// The quaternion of the rotation matrix with these (orthonormal) columns.
    static func rotation(columns x: Vector3, _ y: Vector3, _ z: Vector3) -> Quaternion {
        let (m00, m01, m02) = (x.x, y.x, z.x)
        let (m10, m11, m12) = (x.y, y.y, z.y)
        let (m20, m21, m22) = (x.z, y.z, z.z)
        let trace = m00 + m11 + m22
        var q: Quaternion
        if trace > 0 {
            let s = (trace + 1).squareRoot() * 2
            q = Quaternion(x: (m21 - m12) / s, y: (m02 - m20) / s, z: (m10 - m01) / s, w: s / 4)
        } else if m00 > m11 && m00 > m22 {
            let s = (1 + m00 - m11 - m22).squareRoot() * 2
            q = Quaternion(x: s / 4, y: (m01 + m10) / s, z: (m02 + m20) / s, w: (m21 - m12) / s)
        } else if m11 > m22 {
            let s = (1 + m11 - m00 - m22).squareRoot() * 2
            q = Quaternion(x: (m01 + m10) / s, y: s / 4, z: (m12 + m21) / s, w: (m02 - m20) / s)
        } else {
            let s = (1 + m22 - m00 - m11).squareRoot() * 2
            q = Quaternion(x: (m02 + m20) / s, y: (m12 + m21) / s, z: s / 4, w: (m10 - m01) / s)
        }
        let length = q.length
        return Quaternion(x: q.x / length, y: q.y / length, z: q.z / length, w: q.w / length)
    }
}
