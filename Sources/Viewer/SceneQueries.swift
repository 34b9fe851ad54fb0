// SceneQueries: what the viewer reads from a SceneWorld through the public API — the
// world pose and velocity of any body or link by id, which body an id names, link and
// robot masses, and the robot's centre of mass. Read-only; never changes the world.
import Physics
import Robot
import Scene

/// A body the viewer can push: its id, link (−1 for a rigid body or a base) and object.
enum PushableBody {
    case rigid(RigidBody)
    case multi(MultiBody, link: Int)

    /// Applies a force (N) at a world point for `duration` simulated seconds.
    func applyForce(_ force: Vector3, at point: Vector3, duration: Double) throws {
        switch self {
        case .rigid(let body): try body.applyWrench(force: force, at: point, duration: duration)
        case .multi(let body, let link): try body.applyWrench(link: link, force: force, at: point, duration: duration)
        }
    }
}

extension Pose {
    /// The inverse transform: `pose.inverse * pose == .identity`.
    var inverse: Pose {
        let rotation = self.rotation.conjugate
        return Pose(position: -rotation.rotate(position), rotation: rotation)
    }
}

extension SceneWorld {
    /// The physics object behind `body` (and its `link`), or nil for an unknown id, body −1
    /// or a body that does not move (static and kinematic rigid bodies).
    func pushableBody(_ body: Int32, link: Int) -> PushableBody? {
        if body == robot.body.id { return .multi(robot.body, link: link) }
        for part in parts where part.body.id == body { return .rigid(part.body) }
        for fixture in fixtures.values {
            for rigid in fixture.rigidBodies.values where rigid.id == body {
                return rigid.kind == .dynamic ? .rigid(rigid) : nil
            }
            for multi in fixture.multiBodies.values where multi.id == body { return .multi(multi, link: link) }
        }
        return nil
    }

    /// World pose and velocities of `body`'s `link` (its centre-of-mass frame, as the
    /// physics world reports it); identity at rest for body −1 or an unknown id.
    func state(of body: Int32, link: Int) throws -> BodyState {
        if body < 0 { return BodyState(pose: .identity) }
        if body == robot.body.id { return try Self.state(of: robot.body, link: link) }
        for part in parts where part.body.id == body { return try part.body.state() }
        for fixture in fixtures.values {
            for rigid in fixture.rigidBodies.values where rigid.id == body { return try rigid.state() }
            for multi in fixture.multiBodies.values where multi.id == body { return try Self.state(of: multi, link: link) }
        }
        return BodyState(pose: .identity)
    }

    private static func state(of body: MultiBody, link: Int) throws -> BodyState {
        try body.linkState(link)
    }

    /// For each drawable, the world pose of its body or link (identity for body −1): the
    /// `RenderScene.bodyPoses` the renderer multiplies by each drawable's local pose.
    func bodyPoses(for drawables: [Drawable]) throws -> [Pose] {
        var cache: [BodyKey: Pose] = [:]
        return try drawables.map { drawable in
            let key = BodyKey(body: drawable.body, link: drawable.link)
            if let known = cache[key] { return known }
            let pose = try state(of: drawable.body, link: drawable.link).pose
            cache[key] = pose
            return pose
        }
    }

    /// The mass (kg) the viewer's drag spring scales with: the robot's total mass for any
    /// robot link, a part's mass, or 10 kg for other movable fixtures.
    func dragMass(of body: Int32) -> Double {
        if body == robot.body.id { return robot.totalMass }
        if let part = parts.first(where: { $0.body.id == body }) { return part.spec.mass }
        return 10
    }

    /// Mass (kg) of one link of `body` (the robot's links merged into it summed; 10 kg for
    /// unknown fixture links), used to keep the drag spring's damping stable.
    func linkMass(of body: Int32, link: Int) -> Double {
        if body == robot.body.id { return max(robot.linkMass(link), 0.05) }
        if let part = parts.first(where: { $0.body.id == body }) { return part.spec.mass }
        return 10
    }

    /// Drawables of the robot's collision geometry, placed like its visuals (same body and
    /// links), coloured `color`.
    func robotCollisionDrawables(color: [Double]) -> [Drawable] {
        var drawables: [Drawable] = []
        for link in robot.model.links {
            guard let frame = robot.frames[link.name] else { continue }
            for collision in link.collisions {
                drawables.append(Drawable(body: robot.body.id, link: frame.link, localPose: frame.offset * collision.origin,
                                          shape: collision.shape, color: color))
            }
        }
        return drawables
    }
}

/// A body and one of its links, as a dictionary key.
struct BodyKey: Hashable {
    let body: Int32
    let link: Int
}

extension RobotInstance {
    /// Sum of every model link's mass (kg).
    var totalMass: Double {
        model.links.reduce(0) { $0 + ($1.inertial?.mass ?? 0) }
    }

    /// Mass (kg) of the model links merged into Bullet link `link` (−1: the base).
    func linkMass(_ link: Int) -> Double {
        model.links.reduce(0) { total, modelLink in
            frames[modelLink.name]?.link == link ? total + (modelLink.inertial?.mass ?? 0) : total
        }
    }

    /// The world position of every link's centre of mass with its mass, and the whole
    /// robot's centre of mass (m, kg).
    func centresOfMass() throws -> (links: [(position: Vector3, mass: Double)], total: Vector3?) {
        var links: [(position: Vector3, mass: Double)] = []
        var weighted = Vector3.zero
        var mass = 0.0
        for link in model.links {
            guard let inertial = link.inertial, inertial.mass > 0, frames[link.name] != nil else { continue }
            let position = try framePose(link.name).transform(inertial.origin.position)
            links.append((position, inertial.mass))
            weighted = weighted + position * inertial.mass
            mass += inertial.mass
        }
        return (links, mass > 0 ? weighted / mass : nil)
    }
}
