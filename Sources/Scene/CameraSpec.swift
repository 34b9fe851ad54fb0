// CameraSpec: a camera sensor a scene file declares under `cameras:` — where it is (attached
// to a robot frame, or fixed in the world), what it sees (field of view, clip distances),
// its picture size, rate and channels. Checked as it is decoded, so every mistake names
// its file, line and key. See Scenes/README.md ("Cameras").
import Foundation
import Physics

/// A picture a camera produces.
public enum CameraChannel: String, Codable, Sendable, Hashable, CaseIterable {
    /// 8-bit colour.
    case rgb
    /// Distance along the view direction, metres (infinity where nothing is seen).
    case depth
    /// Body and link ids of what each pixel shows (−1: nothing).
    case segmentation
}

public struct CameraSpec: Codable, Sendable, Hashable {
    /// Unique among the scene's cameras; tasks and the Python binding ask for it by name.
    public var name: String
    /// A robot frame or link the camera is fixed to (e.g. the profile's `head_camera`);
    /// nil for a camera fixed in the world.
    public var attach: String?
    /// World cameras: the eye (m, world). Attached cameras: the offset from the frame (m,
    /// frame axes), default zero.
    public var position: Vector3?
    /// World cameras: the point looked at (m, world); or give `yaw`/`pitch` instead.
    public var lookAt: Vector3?
    /// Turn about the (world or frame) z axis, rad; then `pitch` about the turned y axis,
    /// rad, positive tilting the view down. Zero looks along +x.
    public var yaw: Double
    public var pitch: Double
    /// Vertical field of view, degrees (the file format's unit), in (0, 180).
    public var fovDegrees: Double
    /// Picture size, pixels (1…4096).
    public var width: Int
    public var height: Int
    /// Pictures per second of simulated time; 0: a new picture every control step.
    public var rateHz: Double
    public var channels: [CameraChannel]
    /// Clip distances (m), 0 < near < far.
    public var near: Double
    public var far: Double
    /// File line of this camera (for errors found when the world is built); 0 when unknown.
    public var line: Int

    public static let defaultFieldOfViewDegrees = 60.0
    public static let defaultSize = 128
    public static let defaultRate = 30.0
    public static let defaultNear = 0.02
    public static let defaultFar = 20.0

    public init(name: String, attach: String? = nil, position: Vector3? = nil, lookAt: Vector3? = nil, yaw: Double = 0,
                pitch: Double = 0, fovDegrees: Double = CameraSpec.defaultFieldOfViewDegrees,
                width: Int = CameraSpec.defaultSize, height: Int = CameraSpec.defaultSize,
                rateHz: Double = CameraSpec.defaultRate, channels: [CameraChannel] = CameraChannel.allCases,
                near: Double = CameraSpec.defaultNear, far: Double = CameraSpec.defaultFar, line: Int = 0) {
        self.name = name
        self.attach = attach
        self.position = position
        self.lookAt = lookAt
        self.yaw = yaw
        self.pitch = pitch
        self.fovDegrees = fovDegrees
        self.width = width
        self.height = height
        self.rateHz = rateHz
        self.channels = channels
        self.near = near
        self.far = far
        self.line = line
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, attach, position, yaw, pitch, width, height, channels, near, far
        case lookAt = "look_at", fovDegrees = "fov_degrees", rateHz = "rate_hz"
    }

    public init(from decoder: Decoder) throws {
        line = decoder.sourceLine
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func fail(_ key: CodingKeys, _ message: String) -> DecodingError {
            DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: message)
        }
        name = try c.decode(String.self, forKey: .name)
        guard !name.isEmpty else { throw fail(.name, "a camera needs a name") }
        attach = try c.decodeIfPresent(String.self, forKey: .attach)
        position = try c.decodeIfPresent(Vector3.self, forKey: .position)
        lookAt = try c.decodeIfPresent(Vector3.self, forKey: .lookAt)
        let yawValue = try c.decodeIfPresent(Double.self, forKey: .yaw)
        let pitchValue = try c.decodeIfPresent(Double.self, forKey: .pitch)
        yaw = yawValue ?? 0
        pitch = pitchValue ?? 0
        guard yaw.isFinite else { throw fail(.yaw, "expected a finite angle (rad)") }
        guard pitch.isFinite else { throw fail(.pitch, "expected a finite angle (rad)") }
        if attach != nil {
            if lookAt != nil { throw fail(.lookAt, "an attached camera looks along its frame; turn it with yaw and pitch") }
        } else {
            guard let eye = position else {
                throw DecodingError.dataCorrupted(DecodingError.Context(
                    codingPath: c.codingPath, debugDescription: "a camera needs attach (a robot frame) or a position"))
            }
            if let target = lookAt {
                if yawValue != nil || pitchValue != nil {
                    throw fail(.lookAt, "give look_at or yaw/pitch, not both")
                }
                guard (target - eye).length > 1e-9 else { throw fail(.lookAt, "look_at is the camera's own position") }
            }
        }
        fovDegrees = try c.decodeIfPresent(Double.self, forKey: .fovDegrees) ?? Self.defaultFieldOfViewDegrees
        guard fovDegrees > 0, fovDegrees < 180 else { throw fail(.fovDegrees, "must be in (0, 180) degrees, got \(fovDegrees)") }
        width = try c.decodeIfPresent(Int.self, forKey: .width) ?? Self.defaultSize
        guard (1...4096).contains(width) else { throw fail(.width, "must be 1…4096 pixels, got \(width)") }
        height = try c.decodeIfPresent(Int.self, forKey: .height) ?? Self.defaultSize
        guard (1...4096).contains(height) else { throw fail(.height, "must be 1…4096 pixels, got \(height)") }
        rateHz = try c.decodeIfPresent(Double.self, forKey: .rateHz) ?? Self.defaultRate
        guard rateHz.isFinite, rateHz >= 0 else { throw fail(.rateHz, "must be >= 0 Hz (0: every control step), got \(rateHz)") }
        channels = try c.decodeIfPresent([CameraChannel].self, forKey: .channels) ?? CameraChannel.allCases
        guard !channels.isEmpty else { throw fail(.channels, "expected one or more of rgb, depth, segmentation") }
        guard Set(channels).count == channels.count else { throw fail(.channels, "a channel is listed twice") }
        near = try c.decodeIfPresent(Double.self, forKey: .near) ?? Self.defaultNear
        guard near.isFinite, near > 0 else { throw fail(.near, "must be > 0 m, got \(near)") }
        far = try c.decodeIfPresent(Double.self, forKey: .far) ?? Self.defaultFar
        guard far.isFinite, far > near else { throw fail(.far, "must be more than near (\(near) m), got \(far)") }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(attach, forKey: .attach)
        try c.encodeIfPresent(position, forKey: .position)
        try c.encodeIfPresent(lookAt, forKey: .lookAt)
        if lookAt == nil {
            try c.encode(yaw, forKey: .yaw)
            try c.encode(pitch, forKey: .pitch)
        }
        try c.encode(fovDegrees, forKey: .fovDegrees)
        try c.encode(width, forKey: .width)
        try c.encode(height, forKey: .height)
        try c.encode(rateHz, forKey: .rateHz)
        try c.encode(channels, forKey: .channels)
        try c.encode(near, forKey: .near)
        try c.encode(far, forKey: .far)
    }

    /// The camera's rotation relative to its frame (attached) or the world: from `look_at`
    /// when given, else `yaw` then `pitch`. Camera-link convention: +x is the line of
    /// sight, +z up in the picture, +y to the left.
    public var rotation: Quaternion {
        var turn = yaw, tilt = pitch
        if let target = lookAt, let eye = position {
            let direction = (target - eye).normalized
            turn = abs(direction.x) + abs(direction.y) > 1e-12 ? atan2(direction.y, direction.x) : 0
            tilt = asin(max(-1, min(1, -direction.z)))
        }
        return Quaternion(axis: .unitZ, angle: turn) * Quaternion(axis: .unitY, angle: tilt)
    }

    /// Where the camera sits relative to its frame (attached) or the world.
    public var localPose: Pose { Pose(position: position ?? .zero, rotation: rotation) }
}
