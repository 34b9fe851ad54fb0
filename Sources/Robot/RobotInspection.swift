// RobotInspection: what `tground inspect` prints about a robot file — the kinematic tree,
// masses, degrees of freedom, meshes and every note — as a table for people and JSON for
// machines.
import Foundation
import Physics

public struct RobotInspection: Codable, Sendable {
    public struct LinkRow: Codable, Sendable {
        public var name: String
        /// kg; nil for a massless frame.
        public var mass: Double?
        public var depth: Int
        /// The joint that attaches this link to its parent (nil for the root).
        public var joint: String?
    }

    public struct JointRow: Codable, Sendable {
        public var name: String
        public var kind: String
        public var parent: String
        public var child: String
        public var axis: [Double]
        public var lower: Double?
        public var upper: Double?
        public var effort: Double?
        public var velocity: Double?
        public var mimic: String?
    }

    public struct MeshRow: Codable, Sendable {
        public var path: String
        public var exists: Bool
        public var uses: Int
    }

    public var name: String
    public var file: String
    public var rootLink: String
    public var floatingBase: Bool
    public var linkCount: Int
    public var jointCount: Int
    /// Joint degrees of freedom (a floating base adds 6).
    public var degreesOfFreedom: Int
    public var actuatorCount: Int
    public var totalMass: Double
    public var links: [LinkRow]
    public var joints: [JointRow]
    public var meshes: [MeshRow]
    public var keyframes: [String]
    public var notes: [String]

    public init(model: RobotModel) {
        name = model.name
        file = model.sourceFile
        rootLink = model.rootLink
        floatingBase = model.floatingBase
        linkCount = model.links.count
        jointCount = model.joints.count
        degreesOfFreedom = model.jointDegreesOfFreedom
        actuatorCount = model.actuators.count
        totalMass = model.totalMass
        keyframes = model.keyframes.map(\.name)
        notes = model.notes.map(\.description)

        // Links in tree order, with their depth.
        var parentJoint: [String: RobotJoint] = [:]
        for joint in model.joints { parentJoint[joint.child] = joint }
        var depth: [String: Int] = [model.rootLink: 0]
        var order = [model.rootLink]
        for joint in model.joints {
            depth[joint.child] = (depth[joint.parent] ?? 0) + 1
            order.append(joint.child)
        }
        let byName = Dictionary(model.links.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        links = order.compactMap { name in
            guard let link = byName[name] else { return nil }
            return LinkRow(name: name, mass: link.inertial?.mass, depth: depth[name] ?? 0, joint: parentJoint[name]?.name)
        }
        joints = model.joints.map { joint in
            JointRow(name: joint.name, kind: joint.kind.rawValue, parent: joint.parent, child: joint.child,
                     axis: [joint.axis.x, joint.axis.y, joint.axis.z], lower: joint.limits?.lower,
                     upper: joint.limits?.upper, effort: joint.limits?.effort, velocity: joint.limits?.velocity,
                     mimic: joint.mimic.map { "\($0.joint) × \($0.multiplier) + \($0.offset)" })
        }
        var uses: [String: Int] = [:]
        for link in model.links {
            for geometry in link.visuals + link.collisions {
                if case .mesh(let path, _) = geometry.shape { uses[path, default: 0] += 1 }
            }
        }
        meshes = uses.keys.sorted().map { MeshRow(path: $0, exists: FileManager.default.fileExists(atPath: $0), uses: uses[$0] ?? 0) }
    }

    /// The human-readable report.
    public func rendered() -> String {
        var lines: [String] = []
        lines.append("robot \(name)  (\(file))")
        lines.append("  root \(rootLink), \(floatingBase ? "floating" : "fixed") base")
        lines.append("  \(linkCount) links, \(jointCount) joints, \(degreesOfFreedom) joint DoF"
                     + (floatingBase ? " (+6 for the base)" : "") + ", \(actuatorCount) actuators")
        lines.append(String(format: "  total mass %.3f kg", totalMass))
        lines.append("")
        lines.append("kinematic tree (link [mass kg] ← joint type axis [lower, upper] effort)")
        let jointByName = Dictionary(joints.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for link in links {
            let indent = String(repeating: "  ", count: link.depth + 1)
            let mass = link.mass.map { String(format: "%.3f", $0) } ?? "frame"
            var line = "\(indent)\(link.name) [\(mass)]"
            if let name = link.joint, let joint = jointByName[name] {
                line += "  ← \(joint.name) \(joint.kind)"
                if joint.kind != "fixed" {
                    line += String(format: " axis (%.3g %.3g %.3g)", joint.axis[0], joint.axis[1], joint.axis[2])
                    if let lower = joint.lower, let upper = joint.upper { line += String(format: " [%.4g, %.4g]", lower, upper) }
                    if let effort = joint.effort { line += String(format: " %.4g", effort) }
                    if let mimic = joint.mimic { line += " mimics \(mimic)" }
                }
            }
            lines.append(line)
        }
        if !meshes.isEmpty {
            lines.append("")
            lines.append("meshes (\(meshes.count))")
            for mesh in meshes { lines.append("  \(mesh.exists ? "ok     " : "MISSING") \(mesh.path)") }
        }
        if !keyframes.isEmpty {
            lines.append("")
            lines.append("keyframes: \(keyframes.joined(separator: ", "))")
        }
        lines.append("")
        lines.append(notes.isEmpty ? "no notes" : "notes (\(notes.count))")
        lines += notes.map { "  \($0)" }
        return lines.joined(separator: "\n")
    }
}
