// GazeController: points a camera frame's line of sight (its +x axis) at a point, by turning
// a yaw joint (about the vertical) and a pitch joint (about the sideways axis) of the head.
// Solved on the kinematic model (Newton steps on the two angles, so the camera's offset
// from the neck joints is accounted for), then moved towards at a bounded joint speed.
import Foundation
import Physics
import Robot

public struct GazeController: Sendable {
    let kinematics: KinematicModel
    let cameraFrame: String
    let yawIndex: Int
    let pitchIndex: Int
    /// Largest commanded joint speed, rad/s.
    public var maxSpeed = 1.5
    /// Joint coordinates the gaze is solved and commanded on (robot model order).
    public private(set) var q: [Double]

    /// `yawJoint` turns the head about the root's z axis, `pitchJoint` tilts it (positive:
    /// line of sight down). Returns nil when the model lacks a joint or the camera frame.
    public init?(kinematics: KinematicModel, cameraFrame: String, yawJoint: String, pitchJoint: String,
                 nominal: [String: Double]) {
        guard let yaw = kinematics.jointNames.firstIndex(of: yawJoint),
              let pitch = kinematics.jointNames.firstIndex(of: pitchJoint),
              kinematics.linkPoses(q: kinematics.coordinates(nominal), base: .identity)[cameraFrame] != nil else { return nil }
        self.kinematics = kinematics
        self.cameraFrame = cameraFrame
        yawIndex = yaw
        pitchIndex = pitch
        q = kinematics.coordinates(nominal)
    }

    /// The camera pose (root frame) for coordinates `q`.
    public func camera(_ q: [Double]) -> Pose {
        kinematics.linkPoses(q: q, base: .identity)[cameraFrame] ?? .identity
    }

    /// Yaw and pitch (rad) that put the line of sight through `target` (root frame), from
    /// the current coordinates, within the joints' limits.
    public func solve(target: Vector3) -> (yaw: Double, pitch: Double) {
        var trial = q
        let (lower, upper) = kinematics.limits
        for _ in 0..<6 {
            let pose = camera(trial)
            let sight = pose.rotation.rotate(.unitX)
            let wanted = (target - pose.position).normalized
            let (sightYaw, sightPitch) = Self.angles(sight)
            let (wantedYaw, wantedPitch) = Self.angles(wanted)
            trial[yawIndex] = min(max(trial[yawIndex] + remainder(wantedYaw - sightYaw, 2 * Double.pi), lower[yawIndex]),
                                  upper[yawIndex])
            trial[pitchIndex] = min(max(trial[pitchIndex] + (wantedPitch - sightPitch), lower[pitchIndex]),
                                    upper[pitchIndex])
        }
        return (trial[yawIndex], trial[pitchIndex])
    }

    /// Heading (about z) and downward pitch (rad) of a direction.
    public static func angles(_ direction: Vector3) -> (yaw: Double, pitch: Double) {
        (atan2(direction.y, direction.x), atan2(-direction.z, (direction.x * direction.x + direction.y * direction.y).squareRoot()))
    }

    /// One control period towards looking at `target` (root frame): returns the commanded
    /// yaw and pitch (rad). `bias` (rad, yaw and pitch) is added to the solved angles, e.g.
    /// an integral correction of what the servos and the body's sway leave.
    public mutating func step(target: Vector3, bias: (yaw: Double, pitch: Double) = (0, 0),
                              dt: Double) -> (yaw: Double, pitch: Double) {
        let solved = solve(target: target)
        let limit = maxSpeed * dt
        q[yawIndex] += min(max(solved.yaw + bias.yaw - q[yawIndex], -limit), limit)
        q[pitchIndex] += min(max(solved.pitch + bias.pitch - q[pitchIndex], -limit), limit)
        return (q[yawIndex], q[pitchIndex])
    }

    /// Whether the commanded angles are within `tolerance` (rad) of the solution for `target`.
    public func isSettled(target: Vector3, bias: (yaw: Double, pitch: Double) = (0, 0), tolerance: Double) -> Bool {
        let solved = solve(target: target)
        return abs(solved.yaw + bias.yaw - q[yawIndex]) < tolerance && abs(solved.pitch + bias.pitch - q[pitchIndex]) < tolerance
    }
}
