// <geom> elements: shape and size (MJCF half sizes → RobotModel full box sizes and
// cylinder/capsule lengths; `fromto` segments), placement in the body, colour (geom rgba
// over material rgba), whether the geom is drawn, collides or both, and its mass share.
import Physics

struct MJCFGeom {
    /// Who uses the geom: MuJoCo draws groups 0–2 by default and collides geoms whose
    /// contype or conaffinity is non-zero.
    enum Role {
        /// contype = conaffinity = 0: drawn only.
        case visual
        /// group ≥ 3 (hidden in MuJoCo's default view, e.g. Menagerie's collision class): collides only.
        case collision
        /// drawn and collides.
        case both
    }

    var name: String?
    var location: MJCFLocation
    /// The geom frame in the frame of the body that owns it.
    var frame: Pose
    var shape: GeometryShape
    var rgba: [Double]
    var role: Role
    /// kg; nil when unknown (a mesh without an explicit mass).
    var mass: Double?
    /// Principal moments about the geom frame's axes; nil when unknown (meshes).
    var moments: Vector3?

    var geometry: RobotGeometry { RobotGeometry(name: name, origin: frame, shape: shape, color: rgba) }
}

enum MJCFGeomReader {
    static let defaultRGBA: [Double] = [0.5, 0.5, 0.5, 1]
    static let defaultDensity = 1000.0
    private static let contactAttributes = ["friction", "solref", "solimp", "condim", "margin", "gap", "priority",
                                            "solmix", "fluidshape", "fluidcoef"]

    /// Reads a geom whose placement is given relative to `frame` (a <frame> inside the
    /// body, or identity). Returns nil for geom kinds that are noted and skipped.
    static func read(_ element: MJCFElement, childclass: String?, frame: Pose,
                     context: MJCFContext) throws -> MJCFGeom? {
        let attributes = try context.defaults.attributes(of: element, childclass: childclass)
        let type = attributes["type"] ?? "sphere"
        switch type {
        case "sphere", "capsule", "cylinder", "box", "ellipsoid", "plane", "mesh": break
        case "hfield", "sdf":
            context.notes.once("geom.\(type)", at: element.location, "\(type) geoms are not supported: skipped")
            return nil
        default:
            throw attributes.location(of: "type").error(
                "geom type '\(type)' is unknown (expected sphere, capsule, cylinder, box, ellipsoid, plane, mesh, "
                    + "hfield or sdf)")
        }
        for key in contactAttributes where attributes.has(key) {
            context.notes.once("geom.contact", at: attributes.location(of: key),
                               "geom contact parameters (friction, solref, solimp, condim, margin, …) are not imported")
        }

        let placed = try shapeAndFrame(type: type, attributes: attributes, context: context)
        guard let (shape, localFrame) = placed else { return nil }
        let rgba = try color(attributes, context: context)
        let contype = try attributes.number("contype", default: 1)
        let conaffinity = try attributes.number("conaffinity", default: 1)
        let group = try attributes.number("group", default: 0)
        let role: MJCFGeom.Role = (contype == 0 && conaffinity == 0) ? .visual : (group >= 3 ? .collision : .both)

        let (mass, moments) = try massProperties(shape: shape, attributes: attributes)
        return MJCFGeom(name: attributes["name"], location: element.location, frame: frame * localFrame, shape: shape,
                        rgba: rgba, role: role, mass: mass, moments: moments)
    }

    /// The shape with full sizes, and the geom frame in its parent frame. A `fromto`
    /// segment places the geom at its midpoint with z along it.
    private static func shapeAndFrame(type: String, attributes: MJCFAttributes,
                                      context: MJCFContext) throws -> (GeometryShape, Pose)? {
        let size = try attributes.numbers("size", atLeast: 0, atMost: 3) ?? []
        if let negative = size.first(where: { $0 < 0 }) {
            throw attributes.location(of: "size").error("size: \(negative) is negative")
        }
        func sizes(_ count: Int) throws -> [Double] {
            guard size.count >= count else {
                throw attributes.location(of: "size").error(
                    "size: expected \(count) number\(count == 1 ? "" : "s"), got \(size.count) (for a \(type) geom)")
            }
            return size
        }
        var segment: (frame: Pose, length: Double)?
        if let fromto = try attributes.numbers("fromto", count: 6) {
            let from = Vector3(fromto[0], fromto[1], fromto[2])
            let to = Vector3(fromto[3], fromto[4], fromto[5])
            if ["capsule", "cylinder", "box", "ellipsoid"].contains(type) {
                guard (to - from).length > 1e-12 else {
                    throw attributes.location(of: "fromto").error("fromto: the two points coincide")
                }
                segment = (Pose(position: (from + to) / 2, rotation: MJCFOrientation.zAxis(to - from)), (to - from).length)
            } else {
                context.notes.once("geom.fromto", at: attributes.location(of: "fromto"),
                                   "fromto is ignored on \(type) geoms (MuJoCo uses it for capsules, cylinders, "
                                       + "boxes and ellipsoids)")
            }
        }
        let frame = try segment?.frame ?? MJCFOrientation.pose(attributes, compiler: context.compiler)
        switch type {
        case "sphere":
            return (.sphere(radius: try sizes(1)[0]), frame)
        case "capsule", "cylinder":
            let radius = try sizes(1)[0]
            let length = try segment?.length ?? 2 * sizes(2)[1]
            let shape: GeometryShape = type == "capsule" ? .capsule(radius: radius, length: length)
                : .cylinder(radius: radius, length: length)
            return (shape, frame)
        case "box":
            if let segment {  // MuJoCo uses size[0] for both sides of a fromto box
                let side = try sizes(1)[0]
                return (.box(size: Vector3(2 * side, 2 * side, segment.length)), frame)
            }
            let s = try sizes(3)
            return (.box(size: Vector3(2 * s[0], 2 * s[1], 2 * s[2])), frame)
        case "ellipsoid":
            if let segment {  // likewise for a fromto ellipsoid
                let radius = try sizes(1)[0]
                return (.ellipsoid(radii: Vector3(radius, radius, segment.length / 2)), frame)
            }
            let s = try sizes(3)
            return (.ellipsoid(radii: Vector3(s[0], s[1], s[2])), frame)
        case "plane":
            return (.plane, frame)
        default:
            let name = try attributes.required("mesh")
            guard let mesh = context.assets.meshes[name] else {
                throw attributes.location(of: "mesh").error("geom: mesh '\(name)' is not defined in <asset>")
            }
            guard let path = mesh.path else { return nil }
            return (.mesh(path: path, scale: mesh.scale), frame)
        }
    }

    /// The geom's rgba when set away from MuJoCo's default, else its material's, else the default.
    private static func color(_ attributes: MJCFAttributes, context: MJCFContext) throws -> [Double] {
        let rgba = try attributes.numbers("rgba", count: 4)
        if let rgba, rgba != defaultRGBA { return rgba }
        if let materialName = attributes["material"] {
            guard let material = context.assets.materials[materialName] else {
                throw attributes.location(of: "material").error("geom: material '\(materialName)' is not defined in <asset>")
            }
            return material.rgba
        }
        return defaultRGBA
    }

    /// Mass (given, or density × volume) and principal moments.
    private static func massProperties(shape: GeometryShape, attributes: MJCFAttributes) throws -> (Double?, Vector3?) {
        let density = try attributes.number("density", default: defaultDensity)
        if density < 0 { throw attributes.location(of: "density").error("density: \(density) is negative") }
        let givenMass = try attributes.number("mass")
        if let givenMass, givenMass < 0 { throw attributes.location(of: "mass").error("mass: \(givenMass) is negative") }
        guard let volume = MJCFInertia.volume(of: shape) else {
            if case .plane = shape { return (0, .zero) }
            // A mesh: its volume is unknown until its file is loaded. An explicit mass is
            // kept as a point mass at the geom origin; density 0 means no mass.
            if givenMass == nil && density == 0 { return (0, .zero) }
            return (givenMass, givenMass == nil ? nil : .zero)
        }
        let mass = givenMass ?? density * volume
        return (mass, MJCFInertia.moments(of: shape, mass: mass))
    }
}
