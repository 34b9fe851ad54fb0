// BodyDrag: ctrl+left-drag perturbation. A ray through the mouse picks a body (World.rayCast);
// a spring from the grabbed point (fixed in the body) to a target under the mouse pulls it,
// recomputed and applied before every physics step (Episode.beforePhysicsStep), and drawn
// as a line.
import Foundation
import Physics
import Render
import Scene

public struct BodyDrag: Sendable {
    /// The grabbed body and link (−1: a rigid body or a multibody's base).
    public let body: Int32
    public let link: Int
    /// The grabbed point in the link's frame (m).
    public let localAnchor: Vector3
    /// Where the spring pulls the grabbed point to (world, m). It moves in the plane through
    /// the grab point facing the camera.
    public private(set) var target: Vector3
    /// The plane the target moves in: its normal (the camera's forward at grab time).
    let planeNormal: Vector3
    /// Spring stiffness (N/m) and damping (N s/m).
    public let stiffness: Double
    public let damping: Double
    /// The largest force (N) the spring applies.
    public let maximumForce: Double

    /// Natural angular frequency (rad/s) of the spring on the dragged mass.
    static let frequency = 6.0
    /// The spring force never exceeds this many times the dragged mass's weight.
    static let maximumForceInWeights = 4.0

    /// Grabs whatever the ray from `origin` along `direction` (unit, world) hits first,
    /// within `reach` metres. Nil when it hits nothing, or something that cannot move.
    public static func grab(in world: SceneWorld, origin: Vector3, direction: Vector3, reach: Double = 100) throws
        -> BodyDrag? {
        guard let hit = try world.world.rayCast([Ray(from: origin, to: origin + direction * reach)]).first ?? nil,
              world.pushableBody(hit.body, link: hit.link) != nil else { return nil }
        let pose = try world.state(of: hit.body, link: hit.link).pose
        let mass = world.dragMass(of: hit.body)
        let linkMass = min(world.linkMass(of: hit.body, link: hit.link), mass)
        let stiffness = mass * frequency * frequency
        // Damping from the link's own mass keeps the explicit spring force stable on light
        // links (hands) while the stiffness can move the whole robot.
        let damping = 2 * 0.7 * (stiffness * linkMass).squareRoot()
        return BodyDrag(body: hit.body, link: hit.link, localAnchor: pose.inverse.transform(hit.position),
                        target: hit.position, planeNormal: direction.normalized, stiffness: stiffness, damping: damping,
                        maximumForce: maximumForceInWeights * mass * 9.81)
    }

    /// Moves the target to where the ray from `origin` along `direction` meets the drag plane
    /// (unchanged when the ray runs parallel to it or points away).
    public mutating func moveTarget(origin: Vector3, direction: Vector3) {
        let denominator = direction.dot(planeNormal)
        guard abs(denominator) > 1e-6 else { return }
        let distance = (target - origin).dot(planeNormal) / denominator
        guard distance > 0, distance.isFinite else { return }
        target = origin + direction * distance
    }

    /// The grabbed point now (world, m) and its velocity (m/s).
    public func anchor(in world: SceneWorld) throws -> (position: Vector3, velocity: Vector3) {
        let state = try world.state(of: body, link: link)
        let position = state.pose.transform(localAnchor)
        let velocity = state.linearVelocity + state.angularVelocity.cross(position - state.pose.position)
        return (position, velocity)
    }

    /// The spring-damper force (N, world) on the grabbed point now, capped at `maximumForce`.
    public func force(in world: SceneWorld) throws -> Vector3 {
        let (position, velocity) = try anchor(in: world)
        var force = (target - position) * stiffness - velocity * damping
        let magnitude = force.length
        if magnitude > maximumForce { force = force * (maximumForce / magnitude) }
        return force.isFinite ? force : .zero
    }

    /// Pushes the body for `duration` simulated seconds (the viewer: one physics step)
    /// with the current spring force at the grabbed point.
    public func apply(in world: SceneWorld, duration: Double) throws {
        guard let pushable = world.pushableBody(body, link: link) else { return }
        let force = try self.force(in: world)
        try pushable.applyForce(force, at: try anchor(in: world).position, duration: duration)
    }

    /// The spring as the viewer draws it: a line from the grabbed point to the target and
    /// a dot at each end.
    public func annotations(in world: SceneWorld) throws -> (lines: [LineSegment], points: [PointMarker]) {
        let position = try anchor(in: world).position
        let color = SIMD4<Float>(1, 0.9, 0.2, 1)
        return ([LineSegment(start: position, end: target, color: color, width: 3)],
                [PointMarker(position: position, color: color, size: 9), PointMarker(position: target, color: color, size: 6)])
    }
}
