// The body tree of all <worldbody> sections (merged in order): each body's frame in its
// parent, its joints, geoms and mass properties (explicit <inertial> or computed from
// geoms per the compiler's inertiafromgeom), with <frame> elements folded into the poses
// of what they contain and childclass passed down.
import Physics

/// What every MJCF reader shares: compiler settings, default classes, assets and notes.
final class MJCFContext {
    let compiler: MJCFCompiler
    let defaults: MJCFDefaults
    let assets: MJCFAssets
    var notes: MJCFNotes

    init(compiler: MJCFCompiler, defaults: MJCFDefaults, assets: MJCFAssets, notes: MJCFNotes) {
        self.compiler = compiler
        self.defaults = defaults
        self.assets = assets
        self.notes = notes
    }
}

final class MJCFBody {
    var name: String
    let location: MJCFLocation
    /// MuJoCo's body id: 1, 2, … in document order (0 is the world).
    let index: Int
    /// The body frame in its parent body's frame (the world's for top-level bodies).
    var frame: Pose
    var joints: [MJCFJoint] = []
    var geoms: [MJCFGeom] = []
    /// In the body frame; nil when massless.
    var inertial: Inertial?
    var children: [MJCFBody] = []

    init(name: String, location: MJCFLocation, index: Int, frame: Pose) {
        self.name = name
        self.location = location
        self.index = index
        self.frame = frame
    }

    /// This body and its descendants in document order.
    var subtree: [MJCFBody] { [self] + children.flatMap(\.subtree) }
}

struct MJCFBodyReader {
    let context: MJCFContext
    private var nextIndex = 1

    init(context: MJCFContext) { self.context = context }

    /// The top-level bodies of all worldbody sections, in order.
    mutating func readWorld(_ sections: [MJCFElement]) throws -> [MJCFBody] {
        var bodies: [MJCFBody] = []
        for section in sections {
            try walk(section, into: nil, topLevel: &bodies, childclass: section["childclass"], frame: .identity)
        }
        return bodies
    }

    /// Reads the children of a body, frame or worldbody element. `body` is nil for the
    /// world; `frame` places the current <frame> (if any) in the body frame.
    private mutating func walk(_ element: MJCFElement, into body: MJCFBody?, topLevel: inout [MJCFBody],
                               childclass: String?, frame: Pose) throws {
        for child in element.children {
            switch child.name {
            case "body":
                let read = try readBody(child, childclass: childclass, frame: frame)
                if let body { body.children.append(read) } else { topLevel.append(read) }
            case "frame":
                let attributes = MJCFAttributes(child)
                if let name = child["childclass"] { try context.defaults.check(childclass: name, at: child.location) }
                try walk(child, into: body, topLevel: &topLevel, childclass: child["childclass"] ?? childclass,
                         frame: frame * MJCFOrientation.pose(attributes, compiler: context.compiler))
            case "geom":
                guard let body else {
                    context.notes.once("world.geom", at: child.location,
                                       "geoms on the world body (floor, walls, …) are scene, not robot: not imported")
                    continue
                }
                if let geom = try MJCFGeomReader.read(child, childclass: childclass, frame: frame, context: context) {
                    body.geoms.append(geom)
                }
            case "joint", "freejoint":
                guard let body else { throw child.location.error("\(child.name): the world body cannot have joints") }
                body.joints.append(try MJCFJointReader.read(child, childclass: childclass, frame: frame, context: context))
            case "inertial":
                if body == nil { context.notes.unsupported(child, "the world body has no mass") }
            case "site":
                context.notes.unsupported(child, "sites (sensor and reference points) are not part of a RobotModel")
            case "camera", "light":
                context.notes.unsupported(child, "cameras and lights belong to the scene, not the robot")
            case "replicate", "composite", "flexcomp", "attach", "plugin", "skin":
                context.notes.unsupported(child, "this procedural or deformable element is not supported")
            default:
                context.notes.unsupported(child, "unknown element inside a body")
            }
        }
    }

    private mutating func readBody(_ element: MJCFElement, childclass inherited: String?, frame: Pose) throws -> MJCFBody {
        let attributes = MJCFAttributes(element)
        let index = nextIndex
        nextIndex += 1
        let body = MJCFBody(name: attributes["name"] ?? "body\(index)", location: element.location, index: index,
                            frame: frame * (try MJCFOrientation.pose(attributes, compiler: context.compiler)))
        if let name = element["childclass"] { try context.defaults.check(childclass: name, at: element.location) }
        if attributes["mocap"] == "true" {
            context.notes.once("body.mocap", at: element.location, "mocap bodies are imported as ordinary bodies")
        }
        if let gravcomp = try attributes.number("gravcomp"), gravcomp != 0 {
            context.notes.once("body.gravcomp", at: element.location, "body gravcomp (gravity compensation) is not imported")
        }
        var topLevel: [MJCFBody] = []
        try walk(element, into: body, topLevel: &topLevel, childclass: element["childclass"] ?? inherited, frame: .identity)
        body.inertial = try inertial(of: body, element: element)
        return body
    }

    /// The body's mass properties per the compiler's inertiafromgeom.
    private func inertial(of body: MJCFBody, element: MJCFElement) throws -> Inertial? {
        let explicitElement = element.children(named: "inertial").first
        let explicit = try explicitElement.flatMap { try readInertial($0) }
        switch context.compiler.inertiaFromGeoms {
        case .false: return explicit
        case .auto where explicitElement != nil: return explicit
        case .true where explicitElement != nil:
            context.notes.once("inertial.ignored", at: explicitElement?.location ?? body.location,
                               "inertiafromgeom=\"true\": <inertial> elements are ignored, geoms give the mass")
            return try fromGeoms(body)
        default: return try fromGeoms(body)
        }
    }

    /// Sum of the geoms' solids. Mesh geoms without an explicit mass are left out (the
    /// importer does not load meshes), with a note.
    private func fromGeoms(_ body: MJCFBody) throws -> Inertial? {
        var parts: [MJCFInertia.Part] = []
        for geom in body.geoms {
            guard let mass = geom.mass, let moments = geom.moments else {
                context.notes.once("inertia.mesh", at: geom.location,
                                   "body '\(body.name)': mesh geoms give no mass without an <inertial> (meshes are not "
                                       + "loaded at import); its mass comes from its other geoms, or the builder's minimum if none")
                continue
            }
            if mass > 0 { parts.append(MJCFInertia.Part(mass: mass, frame: geom.frame, moments: moments)) }
        }
        return MJCFInertia.combine(parts)
    }

    /// <inertial mass pos [orientation] diaginertia|fullinertia>.
    private func readInertial(_ element: MJCFElement) throws -> Inertial? {
        let attributes = MJCFAttributes(element)
        guard let mass = try attributes.number("mass") else {
            throw element.location.error("inertial: the mass attribute is required")
        }
        guard mass >= 0 else { throw attributes.location(of: "mass").error("mass: \(mass) is negative") }
        let frame = try MJCFOrientation.pose(attributes, compiler: context.compiler)
        let tensor: InertiaTensor
        if let diagonal = try attributes.numbers("diaginertia", count: 3) {
            if attributes.has("fullinertia") {
                throw element.location.error("inertial: give diaginertia or fullinertia, not both")
            }
            guard diagonal.allSatisfy({ $0 >= 0 }) else {
                throw attributes.location(of: "diaginertia").error("diaginertia: negative moment")
            }
            tensor = .diagonal(Vector3(diagonal[0], diagonal[1], diagonal[2]))
        } else if let full = try attributes.numbers("fullinertia", count: 6) {
            if let key = MJCFOrientation.keys.first(where: { attributes.has($0) }) {
                throw attributes.location(of: key).error(
                    "inertial: fullinertia and an orientation (\(key)) cannot both be given")
            }
            // MJCF order: ixx iyy izz ixy ixz iyz.
            guard full[0] >= 0, full[1] >= 0, full[2] >= 0 else {
                throw attributes.location(of: "fullinertia").error("fullinertia: negative moment")
            }
            tensor = InertiaTensor(ixx: full[0], ixy: full[3], ixz: full[4], iyy: full[1], iyz: full[5], izz: full[2])
        } else {
            throw element.location.error("inertial: diaginertia or fullinertia is required")
        }
        return mass > 0 ? Inertial(mass: mass, origin: frame, inertia: tensor) : nil
    }
}
