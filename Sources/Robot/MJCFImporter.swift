// MJCF (MuJoCo XML) → RobotModel, for what humanoid models use: <compiler> settings,
// nested default classes and childclass, recursive <include>, several <worldbody>
// sections, bodies with several joints, primitive and mesh geoms, explicit or computed
// inertia, motor/position/velocity actuators and keyframes. Everything else is noted once
// per kind (ImportNote), never silently dropped; malformed input throws an ImportError
// with file:line.
//
// Stages: expand includes → compiler → defaults → assets → body tree → links and joints
// → actuators → keyframes.
import Foundation
import Physics

/// MuJoCo's own counts for a file, to compare with what MuJoCo reports (its world body
/// and free joints included), independent of how the RobotModel splits bodies into links.
public struct MJCFCounts: Codable, Sendable, Hashable {
    /// MJCF bodies plus the world body (MuJoCo's nbody).
    public var bodies: Int
    /// MJCF joints, free joints included (njnt).
    public var joints: Int
    /// Numbers in qpos (nq) and qvel (nv).
    public var positions: Int
    public var velocities: Int
    /// Actuator elements declared, imported or not (nu).
    public var actuators: Int
    /// <mesh> assets (nmesh).
    public var meshes: Int
}

/// The result of importing an MJCF file: the robot, where it stands, and MuJoCo's counts.
public struct MJCFImport: Codable, Sendable, Hashable {
    public var model: RobotModel
    /// The root link's frame in the world as the file places it (m, rad): the initial
    /// base pose of a floating robot, or where a fixed robot is welded (identity when the
    /// root is the synthetic "world" link). RobotModel has no field for it.
    public var basePose: Pose
    public var counts: MJCFCounts
}

public enum MJCFImporter {
    /// Separates body and joint names in the massless links that split a body with
    /// several joints ("<body>__<joint>"); links without it are MJCF bodies.
    public static let intermediateLinkSeparator = MJCFLinkChain.separator

    /// Name of the massless root link added when the robot's top body has hinge, slide or
    /// ball joints (it is attached to the world through them).
    public static let worldLinkName = "world"

    /// Reads the MJCF file at `path` (relative paths from the current directory).
    /// Throws `ImportError` (file:line: message) for malformed or inconsistent files.
    public static func load(path: String) throws -> RobotModel {
        try importFile(path: path).model
    }

    /// True for links that stand for an MJCF body (not the intermediate links of a
    /// multi-joint body, nor the synthetic world root).
    public static func isBodyLink(_ name: String, in model: RobotModel) -> Bool {
        !name.contains(intermediateLinkSeparator) && !(name == worldLinkName && model.rootLink == worldLinkName)
    }

    /// Like `load`, plus the base pose and MuJoCo's counts.
    public static func importFile(path: String) throws -> MJCFImport {
        let root = try MJCFIncludes.load(path: path)
        let file = root.location.file
        guard root.name == "mujoco" else {
            throw root.location.error("the root element is <\(root.name)>, expected <mujoco> (is this an MJCF file?)")
        }
        var notes = MJCFNotes()
        let sections = Dictionary(grouping: root.children, by: \.name)
        noteUnsupportedSections(root.children, notes: &notes)

        let compiler = try MJCFCompiler(elements: sections["compiler"] ?? [],
                                        modelFolder: (file as NSString).deletingLastPathComponent, notes: &notes)
        let defaults = try MJCFDefaults(sections: sections["default"] ?? [])
        let assets = try MJCFAssets(sections: sections["asset"] ?? [], defaults: defaults, compiler: compiler, notes: &notes)
        let context = MJCFContext(compiler: compiler, defaults: defaults, assets: assets, notes: notes)

        var reader = MJCFBodyReader(context: context)
        let topBodies = try reader.readWorld(sections["worldbody"] ?? [])
        guard let robotRoot = pickRobot(topBodies, context: context) else {
            throw root.location.error("the model has no bodies in <worldbody>: there is no robot to import")
        }

        // Links and joints, rooted at the robot's top body or at a synthetic world link.
        var chain = MJCFLinkChain(context: context)
        let floating = robotRoot.joints.contains { $0.kind == .free }
        let hasOwnJoints = robotRoot.joints.contains { $0.kind != .free }
        let basePose: Pose
        if hasOwnJoints {
            context.notes.once("root.world", at: robotRoot.location,
                               "body '\(robotRoot.name)' moves relative to the world: a massless root link "
                                   + "'\(worldLinkName)' holds its joints")
            chain.addEmptyLink(worldLinkName)
            try chain.add(robotRoot, parent: worldLinkName)
            basePose = .identity
        } else {
            try chain.add(robotRoot, parent: nil)
            basePose = robotRoot.frame
        }

        // MuJoCo's joint order: bodies in document order, joints in body order.
        let allBodies = topBodies.flatMap(\.subtree)
        var slots: [MJCFKeyframeReader.Slot] = []
        var targets: [String: MJCFActuatorReader.JointTarget] = [:]
        for body in allBodies {
            for (position, joint) in body.joints.enumerated() {
                let robotName = chain.jointNames[MJCFLinkChain.JointKey(body: body.index, joint: position)]
                slots.append(.init(joint: joint, robotName: robotName, isBase: joint.kind == .free && body === robotRoot))
                if let name = joint.name, targets[name] == nil {
                    targets[name] = .init(joint: joint, robotName: robotName)
                }
            }
        }

        let (actuators, declaredActuators) = try MJCFActuatorReader.read(sections["actuator"] ?? [], joints: targets,
                                                                        context: context)
        for actuator in actuators {
            if let forces = actuator.forceRange {
                chain.setEffortIfUnknown(max(abs(forces.lowerBound), abs(forces.upperBound)), joint: actuator.joint)
            } else if actuator.kind == .motor, let controls = actuator.controlRange {
                chain.setEffortIfUnknown(max(abs(controls.lowerBound), abs(controls.upperBound)) * abs(actuator.gear),
                                         joint: actuator.joint)
            }
        }
        let keyframes = try MJCFKeyframeReader.read(sections["keyframe"] ?? [], slots: slots,
                                                    initialBase: floating ? basePose : nil, context: context)

        let model = RobotModel(
            name: root["model"] ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension,
            sourceFile: file, rootLink: chain.links.first?.name ?? robotRoot.name, links: chain.links,
            joints: chain.joints, actuators: actuators, keyframes: keyframes, floatingBase: floating,
            notes: context.notes.all)
        let joints = allBodies.flatMap(\.joints)
        let counts = MJCFCounts(
            bodies: allBodies.count + 1, joints: joints.count,
            positions: joints.reduce(0) { $0 + $1.kind.positionCount },
            velocities: joints.reduce(0) { $0 + $1.kind.velocityCount },
            actuators: declaredActuators, meshes: assets.meshCount)
        var placed = model
        placed.basePose = basePose
        return MJCFImport(model: placed, basePose: basePose, counts: counts)
    }

    /// The top-level body with the largest subtree (the first on ties) is the robot;
    /// the others are noted and left out.
    private static func pickRobot(_ bodies: [MJCFBody], context: MJCFContext) -> MJCFBody? {
        guard var best = bodies.first else { return nil }
        for body in bodies.dropFirst() where body.subtree.count > best.subtree.count {
            best = body
        }
        for body in bodies where body !== best {
            context.notes.once("world.otherbodies", at: body.location,
                               "top-level body '\(body.name)' is not part of the robot rooted at '\(best.name)': not imported")
        }
        return best
    }

    /// Top-level sections a RobotModel has no place for, each noted once.
    private static let unsupportedSections: [String: String] = [
        "option": "simulation options (timestep, integrator, gravity, …) belong to the world, not the robot",
        "size": "memory sizes are MuJoCo-specific",
        "visual": "viewer settings are not part of a RobotModel",
        "statistic": "viewer statistics are not part of a RobotModel",
        "custom": "custom numeric and text data are not imported",
        "extension": "MuJoCo plugins are not supported",
        "contact": "contact pairs and exclusions are not imported (the builder decides self-collision)",
        "equality": "equality constraints (welds, loops, joint couplings) are not imported",
        "tendon": "tendons are not supported",
        "sensor": "sensors are not imported (observations come from the simulator)",
        "deformable": "deformable bodies are not supported",
    ]
    private static let handledSections: Set<String> = ["compiler", "default", "asset", "worldbody", "actuator", "keyframe"]

    private static func noteUnsupportedSections(_ elements: [MJCFElement], notes: inout MJCFNotes) {
        for element in elements where !handledSections.contains(element.name) {
            notes.unsupported(element, unsupportedSections[element.name] ?? "unknown top-level element")
        }
    }
}
