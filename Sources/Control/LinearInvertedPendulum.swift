// LinearInvertedPendulum: the centre of mass at constant height z over a point foot (the
// ZMP p): c̈ = ω² (c − p), ω = √(g / z). Its divergent component — the instantaneous
// capture point ξ = c + ċ / ω — is where the ZMP must go for the body to come to rest, and
// it runs away from the ZMP as ξ̇ = ω (ξ − p).
import Foundation

public struct LinearInvertedPendulum: Sendable {
    /// COM height above the floor (m).
    public let height: Double
    public let gravity: Double

    public init(height: Double, gravity: Double = 9.81) {
        self.height = height
        self.gravity = gravity
    }

    /// Natural frequency ω (1/s).
    public var omega: Double { (gravity / height).squareRoot() }

    /// Instantaneous capture point (m) of a COM at `com` moving at `velocity`.
    public func capturePoint(com: Point2, velocity: Point2) -> Point2 { com + velocity * (1 / omega) }

    /// The capture point `time` s later with the ZMP held at `zmp`.
    public func capturePoint(_ capture: Point2, after time: Double, zmp: Point2) -> Point2 {
        zmp + (capture - zmp) * exp(omega * time)
    }

    /// COM position and velocity `time` s later with the ZMP held at `zmp`.
    public func propagate(com: Point2, velocity: Point2, zmp: Point2, time: Double) -> (com: Point2, velocity: Point2) {
        let w = omega
        let c = cosh(w * time), s = sinh(w * time)
        let offset = com - zmp
        return (zmp + offset * c + velocity * (s / w), offset * (w * s) + velocity * c)
    }
}
