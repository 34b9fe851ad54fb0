// SwingTrajectory: the path of a swinging foot from lift-off to touch-down. The foot rises
// first, travels horizontally on a minimum-jerk profile while in the air, and comes down
// softly; its heading turns with the travel. The landing spot may change mid-swing
// (capture stepping); the path bends towards it from where the foot is.
import Foundation
import Physics

public struct SwingTrajectory: Sendable {
    public var start: FootPlacement
    public var end: FootPlacement
    /// Seconds from lift-off to touch-down.
    public var duration: Double
    /// Highest sole height over the floor (m).
    public var height: Double
    /// Fraction of the swing spent lifting before the foot travels (and lowering after).
    public var liftFraction: Double

    public init(start: FootPlacement, end: FootPlacement, duration: Double, height: Double, liftFraction: Double = 0.15) {
        self.start = start
        self.end = end
        self.duration = duration
        self.height = height
        self.liftFraction = liftFraction
    }

    /// The minimum-jerk blend 10s³ − 15s⁴ + 6s⁵ of s ∈ [0, 1].
    static func minimumJerk(_ s: Double) -> Double {
        let t = min(max(s, 0), 1)
        return t * t * t * (10 + t * (-15 + 6 * t))
    }

    /// Horizontal travel fraction (0 … 1) at phase s.
    func travel(_ s: Double) -> Double {
        Self.minimumJerk((s - liftFraction) / max(1 - 2 * liftFraction, 1e-9))
    }

    /// The sole centre's world pose `time` s after lift-off (floor at z = `floor`).
    public func pose(at time: Double, floor: Double = 0) -> Pose {
        let s = min(max(time / max(duration, 1e-9), 0), 1)
        let a = travel(s)
        let position = start.position + (end.position - start.position) * a
        let yaw = start.yaw + wrappedAngle(end.yaw - start.yaw) * a
        // Height: a smooth bump, zero speed at both ends.
        let z = height * (s <= 0 || s >= 1 ? 0 : pow(sin(Double.pi * s), 1.5))
        return Pose(position: Vector3(position.x, position.y, floor + z), rotation: Quaternion(axis: .unitZ, angle: yaw))
    }

    /// Moves the landing spot at `time`, keeping the foot where it is now: the start is
    /// re-chosen so the path passes through the current point.
    public mutating func retarget(_ newEnd: FootPlacement, at time: Double) {
        let s = min(max(time / max(duration, 1e-9), 0), 1)
        let a = travel(s)
        if a >= 0.999 {
            end = newEnd
            return
        }
        let here = start.position + (end.position - start.position) * a
        let hereYaw = start.yaw + wrappedAngle(end.yaw - start.yaw) * a
        // here = start' + (newEnd − start') a  ⇒  start' = (here − a newEnd) / (1 − a).
        let startPosition = (here - newEnd.position * a) * (1 / (1 - a))
        let startYaw = (hereYaw - (hereYaw + wrappedAngle(newEnd.yaw - hereYaw)) * a) / (1 - a)
        start = FootPlacement(position: startPosition, yaw: startYaw)
        end = FootPlacement(position: newEnd.position, yaw: hereYaw + wrappedAngle(newEnd.yaw - hereYaw))
    }
}
