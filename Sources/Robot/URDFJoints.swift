// URDFJoints: reads <joint> elements — type, parent and child, origin, axis, limits,
// dynamics and mimic — before the tree is checked.
import Foundation
import Physics

/// A joint as read, with the lines tree errors point at.
struct URDFJointRecord {
    var joint: RobotJoint
    var line: Int
    var parentLine: Int
    var childLine: Int
    var mimicLine: Int
}

/// Reads one `<joint>`. Per the URDF spec:
/// - `axis` defaults to (1, 0, 0) and is normalized; a zero axis is an error. For planar
///   joints it is the plane normal; fixed and floating joints ignore it (stored as +x).
/// - revolute and prismatic joints need `<limit effort velocity>`; a missing limit is noted
///   and the joint is unlimited with effort unknown (`limits == nil`). A missing `lower` or
///   `upper` is noted and that side is unlimited (the spec's default of 0 would lock the
///   joint, which is rarely what such a file means). Continuous joints keep only effort and
///   velocity.
/// - `dynamics` damping and friction default to 0 and must not be negative.
/// - `mimic`: joint required, multiplier 1 and offset 0 by default; the target is checked
///   once all joints are read.
/// - `spherical` (a pybullet extension) is accepted with a note.
struct URDFJointReader {
    let context: URDFContext

    private static let kinds: [String: JointKind] = [
        "revolute": .revolute, "continuous": .continuous, "prismatic": .prismatic,
        "fixed": .fixed, "floating": .floating, "planar": .planar, "spherical": .spherical,
    ]

    func readJoint(_ node: XMLNode) throws -> URDFJointRecord {
        let name = try context.required(node, "name", "joint")
        let path = "joint[\(name)]"
        try context.checkChildren(of: node, known: ["origin", "parent", "child", "axis", "limit", "dynamics", "mimic"])
        let typeName = try context.required(node, "type", path)
        guard let kind = URDFJointReader.kinds[typeName] else {
            throw context.error(line: node.line, "\(path).type",
                                "unknown joint type '\(typeName)' (expected revolute, continuous, prismatic, fixed, floating or planar)")
        }
        if kind == .spherical {
            context.note(line: node.line, "\(path): type 'spherical' is a pybullet extension to URDF")
        }
        guard let parentNode = context.single("parent", in: node, path) else {
            throw context.error(line: node.line, "\(path).parent", "<joint> has no <parent link=…>")
        }
        guard let childNode = context.single("child", in: node, path) else {
            throw context.error(line: node.line, "\(path).child", "<joint> has no <child link=…>")
        }
        var joint = RobotJoint(name: name, kind: kind,
                               parent: try context.required(parentNode, "link", "\(path).parent"),
                               child: try context.required(childNode, "link", "\(path).child"),
                               origin: try context.origin(of: node, path))
        joint.axis = try readAxis(node, kind, path)
        joint.limits = try readLimits(node, kind, path)
        if let dynamics = context.single("dynamics", in: node, path) {
            joint.damping = try nonNegative(dynamics, "damping", "\(path).dynamics")
            joint.friction = try nonNegative(dynamics, "friction", "\(path).dynamics")
        }
        var mimicLine = 0
        if let mimic = context.single("mimic", in: node, path) {
            let target = try context.required(mimic, "joint", "\(path).mimic")
            guard target != name else {
                throw context.error(line: mimic.line, "\(path).mimic.joint", "a joint cannot mimic itself")
            }
            joint.mimic = Mimic(joint: target,
                                multiplier: try context.number(mimic, "multiplier", "\(path).mimic") ?? 1,
                                offset: try context.number(mimic, "offset", "\(path).mimic") ?? 0)
            mimicLine = mimic.line
        }
        return URDFJointRecord(joint: joint, line: node.line, parentLine: parentNode.line,
                               childLine: childNode.line, mimicLine: mimicLine)
    }

    /// The unit axis (plane normal for planar joints); +x for joints that have none.
    private func readAxis(_ node: XMLNode, _ kind: JointKind, _ path: String) throws -> Vector3 {
        guard kind != .fixed, kind != .floating, kind != .spherical else { return .unitX }
        guard let axisNode = context.single("axis", in: node, path) else { return .unitX }
        let axis = try context.vector3(axisNode, "xyz", "\(path).axis") ?? .unitX
        guard axis.length > 1e-12 else {
            throw context.error(line: axisNode.line, "\(path).axis.xyz", "the axis must not be zero")
        }
        return axis.normalized
    }

    /// Position, effort and velocity limits (see the type's comment for the tolerances).
    private func readLimits(_ node: XMLNode, _ kind: JointKind, _ path: String) throws -> JointLimits? {
        let limitPath = "\(path).limit"
        guard let limit = context.single("limit", in: node, path) else {
            if kind == .revolute || kind == .prismatic {
                context.note(line: node.line, "\(path): a \(kind.rawValue) joint has no <limit>; treated as unlimited "
                                 + "with unknown effort and velocity (so not actuated)")
            }
            return nil
        }
        guard kind == .revolute || kind == .prismatic || kind == .continuous else { return nil }
        var limits = JointLimits(effort: try context.number(limit, "effort", limitPath),
                                 velocity: try context.number(limit, "velocity", limitPath))
        for (key, value) in [("effort", limits.effort), ("velocity", limits.velocity)] {
            if let value, value < 0 {
                throw context.error(line: limit.line, "\(limitPath).\(key)", "must not be negative, got \(value)")
            }
            if value == nil {
                context.note(line: limit.line, "\(limitPath): no '\(key)' (required by URDF); \(key) is unknown")
            }
        }
        if kind == .continuous { return limits }
        limits.lower = try context.number(limit, "lower", limitPath)
        limits.upper = try context.number(limit, "upper", limitPath)
        let missing = [("lower", limits.lower), ("upper", limits.upper)].filter { $0.1 == nil }.map(\.0)
        if !missing.isEmpty {
            context.note(line: limit.line, "\(limitPath): no \(missing.joined(separator: " or ")); "
                             + "that side is treated as unlimited (URDF's default of 0 would lock the joint)")
        }
        if let lower = limits.lower, let upper = limits.upper, lower > upper {
            throw context.error(line: limit.line, limitPath, "lower (\(lower)) is greater than upper (\(upper))")
        }
        return limits
    }

    private func nonNegative(_ node: XMLNode, _ attribute: String, _ path: String) throws -> Double {
        guard let value = try context.number(node, attribute, path) else { return 0 }
        guard value >= 0 else {
            throw context.error(line: node.line, "\(path).\(attribute)", "must not be negative, got \(value)")
        }
        return value
    }
}
