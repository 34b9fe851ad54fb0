// URDFTree: checks that links and joints form one tree (every link named exists, one parent
// per link, one root, no cycle) and orders them depth-first from the root.
import Foundation
import Physics

/// Links and joints in tree order: `links[0]` is the root and, for every i,
/// `joints[i].child == links[i + 1].name`; a joint's parent is the root or the child of an
/// earlier joint. Siblings keep the order their joints have in the file.
struct URDFTree {
    var links: [URDFLinkRecord]
    var joints: [URDFJointRecord]

    var root: URDFLinkRecord { links[0] }

    /// Orders `links` and `joints`, throwing `file:line` errors for everything that keeps
    /// them from being one tree.
    static func build(links: [URDFLinkRecord], joints: [URDFJointRecord], context: URDFContext) throws -> URDFTree {
        guard !links.isEmpty else {
            throw context.error(line: 1, "robot", "the robot has no <link>")
        }
        let linkIndex = try indexLinks(links, context)
        try checkJointNames(joints, context)

        // Every joint names existing links; every link has at most one parent joint.
        var parentJoint: [String: Int] = [:]
        for (index, record) in joints.enumerated() {
            let joint = record.joint, path = "joint[\(joint.name)]"
            guard linkIndex[joint.parent] != nil else {
                throw context.error(line: record.parentLine, "\(path).parent", "no link named '\(joint.parent)'")
            }
            guard linkIndex[joint.child] != nil else {
                throw context.error(line: record.childLine, "\(path).child", "no link named '\(joint.child)'")
            }
            if let first = parentJoint[joint.child] {
                let other = joints[first]
                throw context.error(line: record.childLine, "\(path).child",
                                    "link '\(joint.child)' already has a parent: joint[\(other.joint.name)] "
                                        + "on line \(other.line); a link can have only one parent")
            }
            parentJoint[joint.child] = index
        }

        // Exactly one root.
        let roots = links.filter { parentJoint[$0.link.name] == nil }
        if roots.count > 1 {
            let listed = roots.map { "'\($0.link.name)' (line \($0.line))" }.joined(separator: ", ")
            throw context.error(line: roots[1].line, "link[\(roots[1].link.name)]",
                                "more than one root link: \(listed) are not the child of any joint")
        }

        // Depth-first from the root; children in file order.
        var childJoints: [String: [Int]] = [:]
        for (index, record) in joints.enumerated() { childJoints[record.joint.parent, default: []].append(index) }
        var orderedLinks: [URDFLinkRecord] = []
        var orderedJoints: [URDFJointRecord] = []
        if let root = roots.first {
            orderedLinks.append(root)
            var stack: [Int] = (childJoints[root.link.name] ?? []).reversed()
            while let index = stack.popLast() {
                let record = joints[index]
                orderedJoints.append(record)
                if let child = linkIndex[record.joint.child] { orderedLinks.append(links[child]) }
                stack.append(contentsOf: (childJoints[record.joint.child] ?? []).reversed())
            }
        }
        if orderedLinks.count < links.count {
            throw cycleError(links: links, joints: joints, reached: Set(orderedLinks.map(\.link.name)),
                             parentJoint: parentJoint, context: context)
        }
        return URDFTree(links: orderedLinks, joints: orderedJoints)
    }

    private static func indexLinks(_ links: [URDFLinkRecord], _ context: URDFContext) throws -> [String: Int] {
        var index: [String: Int] = [:]
        for (position, record) in links.enumerated() {
            if let first = index[record.link.name] {
                throw context.error(line: record.line, "link[\(record.link.name)]",
                                    "a link with this name is already defined on line \(links[first].line)")
            }
            index[record.link.name] = position
        }
        return index
    }

    private static func checkJointNames(_ joints: [URDFJointRecord], _ context: URDFContext) throws {
        var lines: [String: Int] = [:]
        for record in joints {
            if let first = lines[record.joint.name] {
                throw context.error(line: record.line, "joint[\(record.joint.name)]",
                                    "a joint with this name is already defined on line \(first)")
            }
            lines[record.joint.name] = record.line
        }
    }

    /// The error for links the root does not reach: each has a parent, so following parents
    /// from one of them must come back around. Points at the cycle's first joint in the file.
    private static func cycleError(links: [URDFLinkRecord], joints: [URDFJointRecord], reached: Set<String>,
                                   parentJoint: [String: Int], context: URDFContext) -> ImportError {
        guard let start = links.first(where: { !reached.contains($0.link.name) }) else {
            return context.error(line: 1, "robot", "the links do not form a tree")
        }
        var path: [String] = [start.link.name]
        var current = start.link.name
        while let index = parentJoint[current] {
            current = joints[index].joint.parent
            if let loopStart = path.firstIndex(of: current) {
                // Parent-to-child order, starting at the parent of the cycle's first joint in the file.
                var cycle = Array(path[loopStart...].reversed())
                let cycleJoints = joints.filter { cycle.contains($0.joint.child) }
                let first = cycleJoints.min { $0.line < $1.line } ?? joints[index]
                if let start = cycle.firstIndex(of: first.joint.parent) {
                    cycle = Array(cycle[start...] + cycle[..<start])
                }
                let names = (cycle + [cycle[0]]).joined(separator: " → ")
                return context.error(line: first.line, "joint[\(first.joint.name)]",
                                     "the joints form a cycle: \(names)"
                                         + (reached.isEmpty ? " (so the robot has no root link)" : ""))
            }
            path.append(current)
        }
        return context.error(line: start.line, "link[\(start.link.name)]", "is not connected to the root")
    }
}

// MARK: - The world link and links without <inertial>

extension URDFTree {
    /// When the root is a link named "world" with a single child joint: a fixed joint welds the
    /// robot (the world link and joint are dropped, the base is fixed); a floating joint frees
    /// it (dropped too, `floatingBase` true). Anything else keeps "world" as a massless fixed
    /// root. Returns `floatingBase`.
    mutating func absorbWorldLink(context: URDFContext) -> Bool {
        guard root.link.name == "world", links.count > 1 else { return false }
        let rootJoints = joints.filter { $0.joint.parent == "world" }
        guard rootJoints.count == 1, let joint = rootJoints.first,
              joint.joint.kind == .fixed || joint.joint.kind == .floating else {
            let kinds = rootJoints.map { "joint[\($0.joint.name)] (\($0.joint.kind.rawValue))" }.joined(separator: ", ")
            context.note(line: root.line, "link[world] is kept as a fixed, massless root: it holds \(kinds)")
            return false
        }
        let placement = joint.joint.origin == .identity ? ""
            : "; its origin (position \(joint.joint.origin.position)) is not kept: place the robot when building it"
        links.removeFirst()
        joints.removeFirst()
        if joint.joint.kind == .fixed {
            context.note(line: joint.line, "joint[\(joint.joint.name)] welds '\(joint.joint.child)' to the world: "
                             + "link[world] and the joint are dropped, floatingBase is false\(placement)")
            return false
        }
        context.note(line: joint.line, "joint[\(joint.joint.name)] is a floating joint to the world: link[world] and "
                         + "the joint are dropped, floatingBase is true\(placement)")
        return true
    }

    /// Gives links without `<inertial>` what the URDF spec intends: a link hung on a fixed
    /// joint is a massless frame (inertial stays nil; a builder merges it into its parent);
    /// a link that moves gets `URDFImporter.defaultInertial` and a warning; the root stays
    /// massless unless it floats, in which case it gets the default too.
    mutating func settleMissingInertials(floatingBase: Bool, context: URDFContext) {
        let parentOf = Dictionary(joints.map { ($0.joint.child, $0.joint) }, uniquingKeysWith: { first, _ in first })
        for index in links.indices where links[index].link.inertial == nil {
            let name = links[index].link.name, line = links[index].line
            guard let joint = parentOf[name] else {
                if floatingBase {
                    links[index].link.inertial = URDFImporter.defaultInertial
                    context.note(line: line, "warning: link[\(name)] is a floating root without <inertial>; "
                                     + URDFImporter.defaultInertialDescription)
                } else {
                    context.note(line: line, "link[\(name)] is the root and has no <inertial>: it is massless (inertial nil)")
                }
                continue
            }
            if joint.kind == .fixed {
                context.note(line: line, "link[\(name)] has no <inertial>: a massless frame on fixed joint[\(joint.name)] "
                                 + "(inertial nil; a builder merges it into '\(joint.parent)')")
            } else {
                links[index].link.inertial = URDFImporter.defaultInertial
                context.note(line: line, "warning: link[\(name)] has no <inertial> but moves on \(joint.kind.rawValue) "
                                 + "joint[\(joint.name)]; " + URDFImporter.defaultInertialDescription)
            }
        }
    }

    /// A note for each link with zero mass that moves: physics engines need mass there.
    func noteMasslessMovingLinks(context: URDFContext) {
        for (index, record) in joints.enumerated() where record.joint.kind != .fixed {
            let child = links[index + 1]
            if let inertial = child.link.inertial, inertial.mass == 0 {
                context.note(line: child.line, "warning: link[\(child.link.name)] has zero mass but moves on "
                                 + "\(record.joint.kind.rawValue) joint[\(record.joint.name)]")
            }
        }
    }

    /// Every mimic names an existing joint.
    func checkMimics(context: URDFContext) throws {
        let names = Set(joints.map(\.joint.name))
        for record in joints {
            if let mimic = record.joint.mimic, !names.contains(mimic.joint) {
                throw context.error(line: record.mimicLine, "joint[\(record.joint.name)].mimic.joint",
                                    "no joint named '\(mimic.joint)'")
            }
        }
    }
}
