// URDFLinks: reads <link> elements — inertial, visual and collision geometry — and the
// named <material> table they refer to.
import Foundation
import Physics

/// A URDF material: colour and/or texture (absolute path; may not exist).
struct URDFMaterial {
    var color: [Double]?
    var texture: String?
    var isEmpty: Bool { color == nil && texture == nil }
}

/// A link as read, before the tree is known.
struct URDFLinkRecord {
    var link: RobotLink
    var line: Int
}

/// A mesh reference, kept so textures named inside mesh files can be checked later.
struct URDFMeshReference {
    var path: String
    var line: Int
}

/// Reads links and materials of one file. Named materials are shared: robot-level ones first,
/// then (as urdfdom does) a named inline material not yet defined becomes available to later
/// visuals that name it. A robot-level definition wins over an inline one of the same name.
struct URDFLinkReader {
    let context: URDFContext
    private(set) var materials: [String: URDFMaterial] = [:]
    private(set) var meshes: [URDFMeshReference] = []
    /// Material names already reported as undefined (one note each).
    private var undefinedMaterials: Set<String> = []

    init(context: URDFContext) {
        self.context = context
    }

    // MARK: Materials

    /// Reads the robot-level `<material name>` elements.
    mutating func readMaterials(of robot: XMLNode) throws {
        for node in robot.children(named: "material") {
            let name = try context.required(node, "name", "material")
            let path = "material[\(name)]"
            if materials[name] != nil {
                context.note(line: node.line, "\(path): defined again; the first definition is used")
                continue
            }
            let material = try readMaterialBody(node, path)
            if material.isEmpty {
                context.note(line: node.line, "\(path): has neither <color> nor <texture>")
            }
            materials[name] = material
        }
    }

    /// Colour and texture inside a `<material>` element.
    private func readMaterialBody(_ node: XMLNode, _ path: String) throws -> URDFMaterial {
        try context.checkChildren(of: node, known: ["color", "texture"])
        var material = URDFMaterial()
        if let color = context.single("color", in: node, path) {
            if var rgba = try context.numbers(color, "rgba", count: 4, "\(path).color") {
                if rgba.contains(where: { $0 < 0 || $0 > 1 }) {
                    context.note(line: color.line, "\(path).color.rgba: values outside [0, 1] are clamped")
                    rgba = rgba.map { min(max($0, 0), 1) }
                }
                material.color = rgba
            } else {
                throw context.error(line: color.line, "\(path).color", "missing required attribute 'rgba' on <color>")
            }
        }
        if let texture = context.single("texture", in: node, path) {
            material.texture = resolveTexture(texture, path)
        }
        return material
    }

    /// A texture's absolute path. A texture that cannot be found is a note, not an error:
    /// nil when its package is unknown, the path when the file is missing.
    private func resolveTexture(_ node: XMLNode, _ path: String) -> String? {
        guard let filename = node["filename"], !filename.isEmpty else {
            context.note(line: node.line, "\(path).texture: no 'filename'; ignored")
            return nil
        }
        do {
            let resolved = try context.resolver.resolve(filename, line: node.line)
            if !PackageResolver.isFile(resolved) {
                context.noteMissingTexture(resolved, line: node.line,
                                           "\(path).texture: texture file not found: \(resolved) (from '\(filename)')")
            }
            return resolved
        } catch let failure as ImportError {
            context.note(line: node.line, "\(path).texture: \(failure.message); drawn without it")
            return nil
        } catch {
            context.note(line: node.line, "\(path).texture: \(error); drawn without it")
            return nil
        }
    }

    /// The material a `<visual>` uses.
    private mutating func visualMaterial(_ node: XMLNode, _ path: String) throws -> URDFMaterial? {
        let name = node["name"] ?? ""
        let inline = try readMaterialBody(node, "\(path).material")
        if !name.isEmpty, let shared = materials[name] { return shared }
        if !inline.isEmpty {
            if !name.isEmpty { materials[name] = inline }
            return inline
        }
        if name.isEmpty {
            context.note(line: node.line, "\(path).material: has no name, colour or texture; ignored")
        } else if undefinedMaterials.insert(name).inserted {
            context.note(line: node.line, "\(path).material: '\(name)' is not defined in this file; "
                             + "visuals naming it get the default colour")
        }
        return nil
    }

    // MARK: Links

    mutating func readLink(_ node: XMLNode) throws -> URDFLinkRecord {
        let name = try context.required(node, "name", "link")
        let path = "link[\(name)]"
        try context.checkChildren(of: node, known: ["inertial", "visual", "collision"])
        var link = RobotLink(name: name)
        if let inertial = context.single("inertial", in: node, path) {
            link.inertial = try readInertial(inertial, "\(path).inertial")
        }
        for (index, visual) in node.children(named: "visual").enumerated() {
            link.visuals.append(try readGeometry(visual, "\(path).visual[\(index)]", isVisual: true))
        }
        for (index, collision) in node.children(named: "collision").enumerated() {
            link.collisions.append(try readGeometry(collision, "\(path).collision[\(index)]", isVisual: false))
        }
        return URDFLinkRecord(link: link, line: node.line)
    }

    /// `<inertial>`: origin, mass (finite, >= 0) and the tensor (finite, non-negative diagonal).
    /// Missing off-diagonal terms are 0.
    private func readInertial(_ node: XMLNode, _ path: String) throws -> Inertial {
        try context.checkChildren(of: node, known: ["origin", "mass", "inertia"])
        let origin = try context.origin(of: node, path)
        guard let massNode = context.single("mass", in: node, path) else {
            throw context.error(line: node.line, "\(path).mass", "<inertial> has no <mass>")
        }
        let mass = try massValue(massNode, "\(path).mass")
        guard let inertiaNode = context.single("inertia", in: node, path) else {
            throw context.error(line: node.line, "\(path).inertia", "<inertial> has no <inertia>")
        }
        let inertiaPath = "\(path).inertia"
        var values: [String: Double] = [:]
        for key in ["ixx", "iyy", "izz"] {
            let value = try context.requiredNumber(inertiaNode, key, inertiaPath)
            guard value >= 0 else {
                throw context.error(line: inertiaNode.line, "\(inertiaPath).\(key)",
                                    "a diagonal moment of inertia must not be negative, got \(value)")
            }
            values[key] = value
        }
        for key in ["ixy", "ixz", "iyz"] {
            values[key] = try context.number(inertiaNode, key, inertiaPath) ?? 0
        }
        let tensor = InertiaTensor(ixx: values["ixx"] ?? 0, ixy: values["ixy"] ?? 0, ixz: values["ixz"] ?? 0,
                                   iyy: values["iyy"] ?? 0, iyz: values["iyz"] ?? 0, izz: values["izz"] ?? 0)
        return Inertial(mass: mass, origin: origin, inertia: tensor)
    }

    /// `<mass value>`: required, finite (NaN is rejected) and not negative.
    private func massValue(_ node: XMLNode, _ path: String) throws -> Double {
        guard let text = node["value"] else {
            throw context.error(line: node.line, path, "missing required attribute 'value' on <mass>")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let mass = Double(trimmed) else {
            throw context.error(line: node.line, "\(path).value", "'\(text)' is not a number")
        }
        guard mass.isFinite, mass >= 0 else {
            throw context.error(line: node.line, "\(path).value", "mass must be finite and not negative, got \(trimmed)")
        }
        return mass
    }

    /// A `<visual>` or `<collision>`: name, origin, shape and (visuals only) material.
    private mutating func readGeometry(_ node: XMLNode, _ path: String, isVisual: Bool) throws -> RobotGeometry {
        try context.checkChildren(of: node, known: isVisual ? ["origin", "geometry", "material"] : ["origin", "geometry"])
        let origin = try context.origin(of: node, path)
        guard let geometry = context.single("geometry", in: node, path) else {
            throw context.error(line: node.line, "\(path).geometry", "<\(node.name)> has no <geometry>")
        }
        var result = RobotGeometry(name: node["name"], origin: origin, shape: try readShape(geometry, "\(path).geometry"))
        if isVisual, let materialNode = context.single("material", in: node, path),
           let material = try visualMaterial(materialNode, path) {
            result.color = material.color
            result.texture = material.texture
        }
        return result
    }

    /// The shape inside `<geometry>`: box, cylinder, sphere, mesh (and pybullet's capsule).
    private mutating func readShape(_ geometry: XMLNode, _ path: String) throws -> GeometryShape {
        let shapes = geometry.children
        guard let shape = shapes.first else {
            throw context.error(line: geometry.line, path, "<geometry> is empty: expected box, cylinder, sphere or mesh")
        }
        if shapes.count > 1 {
            context.note(line: shapes[1].line, "\(path): more than one shape; the first (<\(shape.name)>) is used")
        }
        let shapePath = "\(path).\(shape.name)"
        switch shape.name {
        case "box":
            guard let size = try context.vector3(shape, "size", shapePath) else {
                throw context.error(line: shape.line, shapePath, "missing required attribute 'size' on <box>")
            }
            guard size.x >= 0, size.y >= 0, size.z >= 0 else {
                throw context.error(line: shape.line, "\(shapePath).size", "sizes must not be negative, got \(size)")
            }
            return .box(size: size)
        case "sphere":
            return .sphere(radius: try context.requiredNonNegative(shape, "radius", shapePath))
        case "cylinder":
            return .cylinder(radius: try context.requiredNonNegative(shape, "radius", shapePath),
                             length: try context.requiredNonNegative(shape, "length", shapePath))
        case "capsule":
            return .capsule(radius: try context.requiredNonNegative(shape, "radius", shapePath),
                            length: try context.requiredNonNegative(shape, "length", shapePath))
        case "mesh":
            return try readMesh(shape, shapePath)
        default:
            throw context.error(line: shape.line, path,
                                "unknown shape <\(shape.name)>: expected box, cylinder, sphere or mesh")
        }
    }

    /// `<mesh filename scale>`: the file must exist (it is not read here). `scale` takes three
    /// numbers, or one for a uniform scale.
    private mutating func readMesh(_ node: XMLNode, _ path: String) throws -> GeometryShape {
        let filename = try context.required(node, "filename", path)
        let resolved: String
        do {
            resolved = try context.resolver.resolve(filename, line: node.line)
        } catch let failure as ImportError {
            throw context.error(line: node.line, "\(path).filename", failure.message)
        }
        guard PackageResolver.isFile(resolved) else {
            throw context.error(line: node.line, "\(path).filename", "mesh file not found: \(resolved) (from '\(filename)')")
        }
        var scale = Vector3(1, 1, 1)
        if let text = node["scale"] {
            let count = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).count
            let values = try context.numbers(node, "scale", count: count == 1 ? 1 : 3, path) ?? [1, 1, 1]
            scale = values.count == 1 ? Vector3(values[0], values[0], values[0]) : Vector3(values[0], values[1], values[2])
        }
        meshes.append(URDFMeshReference(path: resolved, line: node.line))
        return .mesh(path: resolved, scale: scale)
    }
}
