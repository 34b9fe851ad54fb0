// <joint> and <freejoint> elements: type, anchor and axis in the body frame, limits
// (limited/range/autolimits, hinge angles in the compiler's unit → radians), and the
// passive dynamics RobotJoint carries (damping, frictionloss, stiffness, springref,
// armature) plus actuatorfrcrange as an effort limit.
import Physics

struct MJCFJoint {
    enum Kind: String {
        case free, ball, slide, hinge

        /// Numbers in qpos and qvel (MuJoCo's nq and nv shares).
        var positionCount: Int { self == .free ? 7 : (self == .ball ? 4 : 1) }
        var velocityCount: Int { self == .free ? 6 : (self == .ball ? 3 : 1) }
    }

    var name: String?
    var location: MJCFLocation
    var kind: Kind
    /// Anchor point and unit axis in the body frame.
    var anchor: Vector3
    var axis: Vector3
    /// Radians (hinge, ball) or metres (slide); nil when unlimited. A ball joint's range
    /// is (0, cone half-angle).
    var range: (lower: Double, upper: Double)?
    var damping: Double
    var frictionLoss: Double
    var stiffness: Double
    var springReference: Double
    var armature: Double
    /// The joint position at which the body sits where the file draws it (MuJoCo's ref).
    var reference: Double
    /// |actuatorfrcrange| bound, N m or N; nil when not given.
    var effortLimit: Double?
}

enum MJCFJointReader {
    private static let solverAttributes = ["solreflimit", "solimplimit", "solreffriction", "solimpfriction", "margin",
                                           "springdamper", "group", "actuatorgravcomp"]

    /// Reads a <joint> or <freejoint>. `frame` places a <frame> ancestor inside the body.
    static func read(_ element: MJCFElement, childclass: String?, frame: Pose, context: MJCFContext) throws -> MJCFJoint {
        if element.name == "freejoint" {
            let attributes = MJCFAttributes(element)
            return MJCFJoint(name: attributes["name"], location: element.location, kind: .free, anchor: .zero, axis: .unitZ,
                             range: nil, damping: 0, frictionLoss: 0, stiffness: 0, springReference: 0, armature: 0,
                             reference: 0, effortLimit: nil)
        }
        let attributes = try context.defaults.attributes(of: element, childclass: childclass)
        let typeName = attributes["type"] ?? "hinge"
        guard let kind = MJCFJoint.Kind(rawValue: typeName) else {
            throw attributes.location(of: "type").error(
                "joint type '\(typeName)' is unknown (expected hinge, slide, ball or free)")
        }
        let compiler = context.compiler
        let angleScale = (kind == .hinge || kind == .ball) ? compiler.angleScale : 1
        let axis = try attributes.vector("axis") ?? .unitZ
        guard axis.length > 1e-12 else { throw attributes.location(of: "axis").error("axis: the axis is zero") }

        var range: (lower: Double, upper: Double)?
        let limited = try attributes.limited("limited", rangeKey: "range", autolimits: compiler.autolimits)
        if limited {
            guard let written = try attributes.range("range") else {
                throw attributes.location(of: "limited").error("joint: limited=\"true\" needs a range")
            }
            range = (written.lower * angleScale, written.upper * angleScale)
        } else if attributes.has("range") && !compiler.autolimits && attributes["limited"] == nil {
            context.notes.once("joint.autolimits", at: attributes.location(of: "range"),
                               "joint range without limited=\"true\" while autolimits is off: the joint is unlimited")
        }
        var effortLimit: Double?
        if try attributes.limited("actuatorfrclimited", rangeKey: "actuatorfrcrange", autolimits: compiler.autolimits),
           let forces = try attributes.range("actuatorfrcrange") {
            effortLimit = max(abs(forces.lower), abs(forces.upper))
        }
        let reference = try attributes.number("ref", default: 0) * angleScale
        if reference != 0 {
            context.notes.once("joint.ref", at: attributes.location(of: "ref"),
                               "joint ref is folded into the joint origin so joint positions match MuJoCo's qpos")
        }
        let armature = try nonNegative("armature", attributes)
        if armature > 0 && kind == .hinge {
            context.notes.once("joint.armature", at: attributes.location(of: "armature"),
                               "joint armature becomes a rotor about the joint axis on the moving link (Featherstone "
                                   + "has no joint-space armature): the joint's own inertia gains exactly the armature, "
                                   + "and so does the parent's rotation about that axis")
        }
        for key in solverAttributes where attributes.has(key) {
            context.notes.once("joint.solver", at: attributes.location(of: key),
                               "joint solver parameters (solreflimit, solimplimit, margin, springdamper, …) are not imported")
        }
        return MJCFJoint(
            name: attributes["name"], location: element.location, kind: kind,
            anchor: frame.transform(try attributes.vector("pos") ?? .zero),
            axis: frame.rotation.rotate(axis.normalized), range: range,
            damping: try nonNegative("damping", attributes), frictionLoss: try nonNegative("frictionloss", attributes),
            stiffness: try nonNegative("stiffness", attributes),
            springReference: try attributes.number("springref", default: 0) * angleScale,
            armature: armature, reference: reference, effortLimit: effortLimit)
    }

    private static func nonNegative(_ key: String, _ attributes: MJCFAttributes) throws -> Double {
        let value = try attributes.number(key, default: 0)
        guard value >= 0 else { throw attributes.location(of: key).error("\(key): \(value) is negative") }
        return value
    }
}
