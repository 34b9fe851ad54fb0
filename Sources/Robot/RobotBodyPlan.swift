// RobotBodyPlan: which model links merge into which body, and each body's mass properties
// in a principal centre-of-mass frame — the bookkeeping between a RobotModel and a multibody.
import Physics

/// One body of the plan: a model link driven by a movable joint (or the root), with every
/// link attached to it by fixed joints merged in.
struct PlannedBody {
    var name: String
    /// The movable joint driving this body (nil for the root).
    var joint: RobotJoint?
    /// Index of the parent body in the plan.
    var parentBody: Int
    /// The joint frame (= this body's link frame at q = 0) in the parent body's link frame.
    var jointOriginInParentFrame: Pose
    /// Combined mass properties in this body's link frame (origin rotation identity).
    var inertial: Inertial
    /// Principal centre-of-mass frame in the link frame, and its principal moments.
    var centerOfMassPose: Pose
    var principalMoments: Vector3
    /// Collision geometry in the link frame.
    var collisions: [RobotGeometry]
}

struct RobotBodyPlan {
    var bodies: [PlannedBody] = []
    var frames: [String: RobotFrame] = [:]
    var notes: [ImportNote] = []

    init(model: RobotModel) throws {
        let file = model.sourceFile
        guard model.link(named: model.rootLink) != nil else {
            throw ImportError(file: file, line: 0, message: "root link \(model.rootLink) is not among the links")
        }
        var linkByName: [String: RobotLink] = [:]
        for link in model.links { linkByName[link.name] = link }

        // Owner body of each model link and the link's pose in the owner's link frame.
        var owner: [String: (body: Int, pose: Pose)] = [model.rootLink: (0, .identity)]
        var members: [[(link: RobotLink, pose: Pose)]] = [[(linkByName[model.rootLink]!, .identity)]]
        bodies.append(PlannedBody(name: model.rootLink, joint: nil, parentBody: -1, jointOriginInParentFrame: .identity,
                                  inertial: Inertial(mass: 0, inertia: .diagonal(.zero)), centerOfMassPose: .identity,
                                  principalMoments: .zero, collisions: []))
        for joint in model.joints {
            guard let parent = owner[joint.parent] else {
                throw ImportError(file: file, line: 0, message: "joint \(joint.name): parent link \(joint.parent) comes after it or does not exist")
            }
            guard let child = linkByName[joint.child] else {
                throw ImportError(file: file, line: 0, message: "joint \(joint.name): child link \(joint.child) does not exist")
            }
            let originInOwner = parent.pose * joint.origin
            if joint.kind == .fixed {
                owner[child.name] = (parent.body, originInOwner)
                members[parent.body].append((child, originInOwner))
            } else {
                owner[child.name] = (bodies.count, .identity)
                members.append([(child, .identity)])
                bodies.append(PlannedBody(name: child.name, joint: joint, parentBody: parent.body,
                                          jointOriginInParentFrame: originInOwner,
                                          inertial: Inertial(mass: 0, inertia: .diagonal(.zero)),
                                          centerOfMassPose: .identity, principalMoments: .zero, collisions: []))
            }
        }

        // Mass properties and colliders per body.
        for index in bodies.indices {
            var parts: [Inertial] = []
            var collisions: [RobotGeometry] = []
            for (link, pose) in members[index] {
                if let inertial = link.inertial, inertial.mass > 0 {
                    parts.append(Inertial(mass: inertial.mass, origin: pose * inertial.origin, inertia: inertial.inertia))
                }
                for geometry in link.collisions {
                    var placed = geometry
                    placed.origin = pose * geometry.origin
                    collisions.append(placed)
                }
            }
            bodies[index].collisions = collisions
            var combined = InertiaMath.combine(parts)
            if combined == nil && index > 0 {
                // A moving body with no mass at all: Bullet needs some.
                notes.append(ImportNote(file: file, line: 0,
                                        message: "link \(bodies[index].name) moves but has no mass: using 1 g and 1e-6 kg m^2"))
                combined = Inertial(mass: 1e-3, inertia: .diagonal(Vector3(1e-6, 1e-6, 1e-6)))
            }
            guard var inertial = combined else { continue }
            // Armature (MJCF): the reflected inertia of the joint's rotor. MuJoCo adds it to
            // the diagonal of the joint-space inertia; Featherstone's multibody has no such
            // term, so it becomes a rotor about the joint axis on the driven body. The joint
            // then moves exactly that much more inertia; the approximation is that the rotor
            // also turns with the parent's rotation about the same axis.
            // A ball joint's armature acts on each of its three axes; a slide joint's would
            // be a mass along one direction, which a rigid link cannot have.
            if let joint = bodies[index].joint, joint.armature > 0 {
                switch joint.kind {
                case .revolute, .continuous:
                    if joint.axis.length > 0 {
                        inertial.inertia = InertiaMath.addingRotor(inertial.inertia, rotorInertia: joint.armature,
                                                                   axis: joint.axis.normalized)
                    }
                case .spherical:
                    for axis in [Vector3.unitX, .unitY, .unitZ] {
                        inertial.inertia = InertiaMath.addingRotor(inertial.inertia, rotorInertia: joint.armature, axis: axis)
                    }
                default:
                    notes.append(ImportNote(file: file, line: 0, message: "joint \(joint.name): armature on a "
                                                + "\(joint.kind.rawValue) joint is not modelled"))
                }
            }
            let (moments, rotation) = InertiaMath.principalAxes(inertial.inertia)
            let floor = max(1e-9, 1e-6 * max(moments.x, moments.y, moments.z))
            bodies[index].inertial = inertial
            bodies[index].principalMoments = Vector3(max(moments.x, floor), max(moments.y, floor), max(moments.z, floor))
            bodies[index].centerOfMassPose = Pose(position: inertial.origin.position, rotation: rotation)
        }

        // Every model link is a frame on its body, relative to the body's COM frame.
        for (name, placement) in owner {
            let body = bodies[placement.body]
            frames[name] = RobotFrame(link: placement.body - 1, offset: body.centerOfMassPose.inverse * placement.pose)
        }
    }
}
