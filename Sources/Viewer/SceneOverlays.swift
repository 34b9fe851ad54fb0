// SceneOverlays: the frame the viewer draws — the scene's drawables (visual or collision
// geometry for the robot) at their bodies' poses, plus the annotations the user toggled:
// contact points with force arrows, link frames and centres of mass.
import Physics
import Render
import Robot
import Scene

/// Which extras are drawn.
public struct OverlayOptions: Hashable, Sendable {
    public var contacts = false
    public var frames = false
    /// The robot's collision geometry instead of its visuals.
    public var collisionGeometry = false
    public var centreOfMass = false

    public init() {}
}

public enum SceneOverlays {
    /// Metres of arrow per newton of contact force, and the longest arrow drawn (m).
    public static let metresPerNewton = 0.002
    public static let longestArrow = 0.6
    /// Length of link-frame axes (m).
    public static let frameAxisLength = 0.08
    static let collisionColor: [Double] = [0.35, 0.85, 0.45, 1]
    static let contactColor = SIMD4<Float>(1, 0.15, 0.1, 1)
    static let frictionColor = SIMD4<Float>(1, 0.6, 0.1, 1)
    static let centreOfMassColor = SIMD4<Float>(0.9, 0.1, 0.9, 1)

    /// The frame of `world` with `options`, without the bodies in `hidden`.
    public static func renderScene(of world: SceneWorld, options: OverlayOptions, collisionDrawables: [Drawable],
                                   hidden: Set<Int32> = []) throws -> RenderScene {
        var drawables = world.drawables
        if options.collisionGeometry {
            drawables.removeAll { $0.body == world.robot.body.id }
            drawables += collisionDrawables
        }
        if !hidden.isEmpty { drawables.removeAll { hidden.contains($0.body) } }
        var scene = RenderScene(drawables: drawables, bodyPoses: try world.bodyPoses(for: drawables))
        if options.contacts { try addContacts(of: world, to: &scene) }
        if options.frames { try addFrames(of: world.robot, to: &scene) }
        if options.centreOfMass { try addCentresOfMass(of: world, to: &scene) }
        return scene
    }

    /// A dot at each contact point and arrows for the normal force (red) and the friction
    /// force (orange) on the body that moves — the robot first — so feet show the floor
    /// pushing them up.
    static func addContacts(of world: SceneWorld, to scene: inout RenderScene) throws {
        let robot = world.robot.body.id
        for contact in try world.world.contacts() {
            // Bullet's normal on B points from B towards A: it is the direction of the force on A.
            let onB = contact.bodyB == robot
                || (contact.bodyA != robot && world.pushableBody(contact.bodyA, link: contact.linkA) == nil)
            let sign = onB ? -1.0 : 1.0
            let point = onB ? contact.positionOnB : contact.positionOnA
            scene.points.append(PointMarker(position: point, color: contactColor, size: 7))
            let normal = contact.normalOnB * (sign * contact.normalForce * metresPerNewton)
            scene.lines += LineSegment.arrow(from: point, vector: clamped(normal), color: contactColor)
            let friction = (contact.frictionDirection1 * contact.frictionForce1 + contact.frictionDirection2 * contact.frictionForce2)
                * (sign * metresPerNewton)
            scene.lines += LineSegment.arrow(from: point, vector: clamped(friction), color: frictionColor, width: 1.5)
        }
    }

    private static func clamped(_ vector: Vector3) -> Vector3 {
        let length = vector.length
        return length > longestArrow ? vector * (longestArrow / length) : vector
    }

    /// x, y, z axes at every link frame of the robot.
    static func addFrames(of robot: RobotInstance, to scene: inout RenderScene) throws {
        for link in robot.model.links where robot.frames[link.name] != nil {
            scene.lines += LineSegment.axes(of: try robot.framePose(link.name), length: frameAxisLength)
        }
    }

    /// The robot's centre of mass (a large dot with a plumb line to the floor), each link's
    /// (small dots) and each part's.
    static func addCentresOfMass(of world: SceneWorld, to scene: inout RenderScene) throws {
        let (links, total) = try world.robot.centresOfMass()
        for link in links {
            scene.points.append(PointMarker(position: link.position, color: centreOfMassColor, size: 5))
        }
        if let total {
            scene.points.append(PointMarker(position: total, color: centreOfMassColor, size: 14))
            let floor = Vector3(total.x, total.y, 0)
            scene.lines.append(LineSegment(start: total, end: floor, color: centreOfMassColor, width: 1.5))
            scene.points.append(PointMarker(position: floor, color: centreOfMassColor, size: 8))
        }
        for part in world.parts {
            scene.points.append(PointMarker(position: try part.body.state().pose.position, color: centreOfMassColor, size: 8))
        }
    }
}
