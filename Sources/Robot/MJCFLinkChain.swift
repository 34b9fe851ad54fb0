// Turns the MJCF body tree into RobotModel links and joints. RobotModel allows one joint
// per link, so a body with joints j1…jn becomes a chain: parent →j1→ body__j1 →j2→ … →jn→
// body, the intermediate links massless (inertial nil). Each joint's child frame sits at
// the joint's anchor with the body's orientation, so every axis passes through its
// anchor exactly as in MuJoCo; the body's geoms, inertial and children are shifted by the
// last anchor to stay where the file puts them. A body without joints hangs on a fixed
// joint. A joint's `ref` is folded into its origin so joint positions equal MuJoCo's qpos.
import Physics

struct MJCFLinkChain {
    /// Between a body's name and a joint's in the names of intermediate links.
    static let separator = "__"

    /// Identifies an MJCF joint: its body's id and its position among the body's joints.
    struct JointKey: Hashable {
        var body: Int
        var joint: Int
    }

    private(set) var links: [RobotLink] = []
    private(set) var joints: [RobotJoint] = []
    /// MJCF joint → RobotModel joint name, for actuators and keyframes (free joints excluded).
    private(set) var jointNames: [JointKey: String] = [:]
    private var usedLinkNames: Set<String> = []
    private var usedJointNames: Set<String> = []
    private let context: MJCFContext

    init(context: MJCFContext) { self.context = context }

    /// Adds a link with no geometry or mass (the synthetic world root or a chain link).
    mutating func addEmptyLink(_ name: String) {
        usedLinkNames.insert(name)
        links.append(RobotLink(name: name))
    }

    /// Adds `body` and its subtree. `parent` is the parent link's name (nil for the robot
    /// root, whose free joint, if any, is the floating base and not a RobotJoint);
    /// `parentShift` is the parent body's frame in the parent link's frame.
    mutating func add(_ body: MJCFBody, parent: String?, parentShift: Pose = .identity) throws {
        let movable = body.joints.enumerated().filter { $0.element.kind != .free }
        if let free = body.joints.first(where: { $0.kind == .free }) {
            guard parent == nil else {
                throw free.location.error("free joint in body '\(body.name)': only a top-level body may float")
            }
            guard body.joints.count == 1 else {
                throw free.location.error("body '\(body.name)': a free joint cannot be combined with other joints")
            }
        }
        let linkName = claimLinkName(body.name, at: body.location)
        var shift = Pose.identity
        if let parent {
            if movable.isEmpty {
                let name = claimJointName("\(body.name)_fixed", at: body.location)
                joints.append(RobotJoint(name: name, kind: .fixed, parent: parent, child: linkName,
                                         origin: parentShift * body.frame))
            } else {
                shift = try addChain(movable, of: body, linkName: linkName, parent: parent, parentShift: parentShift)
            }
        } else if !movable.isEmpty {
            throw body.location.error("body '\(body.name)': the robot root cannot have joints other than a free joint")
        }
        var link = RobotLink(name: linkName)
        link.inertial = body.inertial.map { Inertial(mass: $0.mass, origin: shift * $0.origin, inertia: $0.inertia) }
        for geom in body.geoms {
            var geometry = geom.geometry
            geometry.origin = shift * geom.frame
            if geom.role != .collision { link.visuals.append(geometry) }
            if geom.role != .visual { link.collisions.append(geometry) }
        }
        // After the body's chain links, before its descendants.
        links.append(link)
        for child in body.children {
            try add(child, parent: linkName, parentShift: shift)
        }
    }

    /// Adds the joints of one body and the intermediate links between them; returns the
    /// body frame in the last link's frame.
    private mutating func addChain(_ chain: [(offset: Int, element: MJCFJoint)], of body: MJCFBody, linkName: String,
                                   parent: String, parentShift: Pose) throws -> Pose {
        var previousLink = parent
        var previousAnchor = Vector3.zero
        for (index, (positionInBody, joint)) in chain.enumerated() {
            let jointName = claimJointName(joint.name ?? "\(body.name)_joint\(index)", at: joint.location)
            let isLast = index == chain.count - 1
            let childLink = isLast ? linkName : claimLinkName("\(body.name)\(Self.separator)\(jointName)", at: joint.location)
            if !isLast {
                context.notes.once("chain.links", at: joint.location,
                                   "bodies with several joints are split into massless links named <body>\(Self.separator)<joint> "
                                       + "(inertial nil: the builder gives them a tiny mass, plus their joint's armature "
                                       + "as a rotor), one joint each")
            }
            var origin = index == 0 ? parentShift * body.frame * Pose(position: joint.anchor)
                : Pose(position: joint.anchor - previousAnchor)
            if joint.reference != 0 {
                switch joint.kind {
                case .hinge: origin = origin * Pose(rotation: Quaternion(axis: joint.axis, angle: -joint.reference))
                case .slide: origin = origin * Pose(position: joint.axis * -joint.reference)
                default: break
                }
            }
            joints.append(RobotJoint(
                name: jointName, kind: kind(of: joint), parent: previousLink, child: childLink, origin: origin,
                axis: joint.axis, limits: limits(of: joint), damping: joint.damping, friction: joint.frictionLoss,
                stiffness: joint.stiffness, springReference: joint.springReference, armature: joint.armature))
            jointNames[JointKey(body: body.index, joint: positionInBody)] = jointName
            if !isLast { addEmptyLink(childLink) }
            previousLink = childLink
            previousAnchor = joint.anchor
        }
        return Pose(position: -previousAnchor)
    }

    private func kind(of joint: MJCFJoint) -> JointKind {
        switch joint.kind {
        case .hinge: return joint.range == nil ? .continuous : .revolute
        case .slide: return .prismatic
        case .ball: return .spherical
        case .free: return .floating
        }
    }

    /// Range (a ball joint's cone half-angle as `upper`) and effort; nil when neither is known.
    private func limits(of joint: MJCFJoint) -> JointLimits? {
        guard joint.range != nil || joint.effortLimit != nil else { return nil }
        let lower = joint.kind == .ball ? nil : joint.range?.lower
        return JointLimits(lower: lower, upper: joint.range?.upper, effort: joint.effortLimit)
    }

    /// Sets the effort limit of a joint that has none (from its actuator).
    mutating func setEffortIfUnknown(_ effort: Double, joint name: String) {
        guard let index = joints.firstIndex(where: { $0.name == name }) else { return }
        var limits = joints[index].limits ?? JointLimits()
        if limits.effort == nil {
            limits.effort = effort
            joints[index].limits = limits
        }
    }

    private mutating func claimLinkName(_ name: String, at location: MJCFLocation) -> String {
        Self.unique(name, among: &usedLinkNames, at: location, notes: context)
    }

    private mutating func claimJointName(_ name: String, at location: MJCFLocation) -> String {
        Self.unique(name, among: &usedJointNames, at: location, notes: context)
    }

    /// `name`, or `name_2`, `name_3`, … when taken (MJCF names are unique per kind, but
    /// generated names may clash). Links and joints have separate namespaces, as in URDF.
    private static func unique(_ name: String, among usedNames: inout Set<String>, at location: MJCFLocation,
                               notes context: MJCFContext) -> String {
        var candidate = name
        var counter = 2
        while usedNames.contains(candidate) {
            candidate = "\(name)_\(counter)"
            counter += 1
        }
        if candidate != name {
            context.notes.once("name.clash", at: location, "the name '\(name)' was taken: renamed '\(candidate)'")
        }
        usedNames.insert(candidate)
        return candidate
    }
}
