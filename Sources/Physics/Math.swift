// Small value types for positions, rotations and poses. SI units; the world is z-up.
import Foundation

/// A 3-vector in metres (positions), metres per second (velocities), newtons (forces)…
/// The meaning and frame are stated where a vector is used.
public struct Vector3: Hashable, Codable, Sendable, CustomStringConvertible {
    public var x: Double
    public var y: Double
    public var z: Double

    public init(_ x: Double, _ y: Double, _ z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    public static let zero = Vector3(0, 0, 0)
    public static let unitX = Vector3(1, 0, 0)
    public static let unitY = Vector3(0, 1, 0)
    public static let unitZ = Vector3(0, 0, 1)

    public var length: Double { (x * x + y * y + z * z).squareRoot() }
    public var isFinite: Bool { x.isFinite && y.isFinite && z.isFinite }
    public var normalized: Vector3 { let l = length; return l > 0 ? self / l : self }

    public func dot(_ other: Vector3) -> Double { x * other.x + y * other.y + z * other.z }
    public func cross(_ o: Vector3) -> Vector3 {
        Vector3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x)
    }

    public static func + (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x + b.x, a.y + b.y, a.z + b.z) }
    public static func - (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x - b.x, a.y - b.y, a.z - b.z) }
    public static prefix func - (a: Vector3) -> Vector3 { Vector3(-a.x, -a.y, -a.z) }
    public static func * (a: Vector3, s: Double) -> Vector3 { Vector3(a.x * s, a.y * s, a.z * s) }
    public static func * (s: Double, a: Vector3) -> Vector3 { a * s }
    public static func / (a: Vector3, s: Double) -> Vector3 { Vector3(a.x / s, a.y / s, a.z / s) }

    public var description: String { "(\(x), \(y), \(z))" }

    /// Written as `[x, y, z]`.
    public init(from decoder: Decoder) throws {
        var c = try decoder.unkeyedContainer()
        var values: [Double] = []
        while !c.isAtEnd { values.append(try c.decode(Double.self)) }
        guard values.count == 3 else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath, debugDescription: "expected 3 numbers, got \(values.count)"))
        }
        guard values.allSatisfy(\.isFinite) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath, debugDescription: "expected finite numbers, got \(values)"))
        }
        self.init(values[0], values[1], values[2])
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(x)
        try c.encode(y)
        try c.encode(z)
    }
}

/// A unit quaternion (x, y, z, w) that rotates vectors from a local frame into its parent.
public struct Quaternion: Hashable, Codable, Sendable {
    public var x: Double
    public var y: Double
    public var z: Double
    public var w: Double

    public init(x: Double, y: Double, z: Double, w: Double) {
        self.x = x
        self.y = y
        self.z = z
        self.w = w
    }

    public static let identity = Quaternion(x: 0, y: 0, z: 0, w: 1)

    /// Written as `[x, y, z, w]`.
    public init(from decoder: Decoder) throws {
        var c = try decoder.unkeyedContainer()
        var values: [Double] = []
        while !c.isAtEnd { values.append(try c.decode(Double.self)) }
        guard values.count == 4 else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath, debugDescription: "expected 4 numbers (x y z w), got \(values.count)"))
        }
        self.init(x: values[0], y: values[1], z: values[2], w: values[3])
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.unkeyedContainer()
        for value in [x, y, z, w] { try c.encode(value) }
    }

    /// A rotation of `angle` radians about `axis` (any non-zero length).
    public init(axis: Vector3, angle: Double) {
        let unit = axis.normalized
        let half = angle / 2
        let s = sin(half)
        self.init(x: unit.x * s, y: unit.y * s, z: unit.z * s, w: cos(half))
    }

    /// Roll (about x), pitch (about y), yaw (about z), applied in that order (URDF's rpy).
    public init(roll: Double, pitch: Double, yaw: Double) {
        let qx = Quaternion(axis: .unitX, angle: roll)
        let qy = Quaternion(axis: .unitY, angle: pitch)
        let qz = Quaternion(axis: .unitZ, angle: yaw)
        self = qz * qy * qx
    }

    public var isFinite: Bool { x.isFinite && y.isFinite && z.isFinite && w.isFinite }
    public var length: Double { (x * x + y * y + z * z + w * w).squareRoot() }
    public var conjugate: Quaternion { Quaternion(x: -x, y: -y, z: -z, w: w) }

    public static func * (a: Quaternion, b: Quaternion) -> Quaternion {
        Quaternion(
            x: a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
            y: a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
            z: a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w,
            w: a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z)
    }

    /// Rotates a vector from the local frame into the parent frame.
    public func rotate(_ v: Vector3) -> Vector3 {
        let u = Vector3(x, y, z)
        let t = 2 * u.cross(v)
        return v + w * t + u.cross(t)
    }
}

/// A rigid transform: where a frame's origin is and how it is turned, in its parent frame.
public struct Pose: Hashable, Codable, Sendable {
    public var position: Vector3
    public var rotation: Quaternion

    public init(position: Vector3 = .zero, rotation: Quaternion = .identity) {
        self.position = position
        self.rotation = rotation
    }

    public static let identity = Pose()
    public var isFinite: Bool { position.isFinite && rotation.isFinite }

    /// Maps a point from this frame into the parent frame.
    public func transform(_ point: Vector3) -> Vector3 { position + rotation.rotate(point) }

    /// The pose of `child` (given in this frame) in the parent frame.
    public static func * (parent: Pose, child: Pose) -> Pose {
        Pose(position: parent.transform(child.position), rotation: parent.rotation * child.rotation)
    }
}

