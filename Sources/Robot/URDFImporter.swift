// URDFImporter: reads a URDF file into a RobotModel. The stages, in order: materials, links,
// joints, the tree check and depth-first order, the world link, links without <inertial>,
// mimic targets, textures named inside meshes, notes.
import Foundation
import Physics

/// Imports URDF (the ROS Unified Robot Description Format) files.
///
/// Everything in the format is read: links with inertial, several visuals and collisions
/// (box, cylinder, sphere, mesh; pybullet's capsule too), materials by name or inline (colour,
/// texture), and joints of every type with origin, axis, limit, dynamics and mimic.
/// Errors are `ImportError`s of the form `file:line: joint[name].origin.xyz: message`.
/// What is ignored, defaulted or approximated becomes an `ImportNote`:
/// - unknown elements (`<gazebo>`, `<transmission>`, `<mujoco>`, …): one note per element name;
/// - links without `<inertial>`: massless frames on fixed joints (inertial nil), otherwise
///   `defaultInertial` with a warning (see `URDFTree.settleMissingInertials`);
/// - missing textures, in `<material>` or named by DAE/OBJ meshes: a note each (a missing mesh
///   file is an error; meshes are checked to exist but not read);
/// - a revolute or prismatic joint without `<limit>`: unlimited with unknown effort.
///
/// URDF has no notion of a floating base: `floatingBase` is false unless the root is joined to
/// a link named "world" by a floating joint; a fixed joint to "world" welds the robot (the world
/// link is dropped). `actuators` stays empty: every movable joint with an effort limit is
/// actuated. Links come in depth-first order with `links[i + 1]` the child of `joints[i]`.
public enum URDFImporter {
    /// Mass (kg) given to a moving link that has no `<inertial>`: small enough not to change
    /// the robot's dynamics, large enough for a physics engine to integrate.
    public static let defaultMass = 1e-3
    /// Principal moment (kg m^2) on each axis for such a link, at its frame origin.
    public static let defaultPrincipalMoment = 1e-6

    public static var defaultInertial: Inertial {
        Inertial(mass: defaultMass, inertia: .diagonal(Vector3(defaultPrincipalMoment, defaultPrincipalMoment,
                                                                defaultPrincipalMoment)))
    }

    static var defaultInertialDescription: String {
        "given a default mass of \(defaultMass) kg and inertia \(defaultPrincipalMoment) kg m^2 on each axis at its frame origin"
    }

    /// Reads and imports the URDF at `path`.
    /// - Parameters:
    ///   - path: the URDF file (relative paths are taken from the current directory).
    ///   - packagePaths: where to look for `package://` packages after the file's ancestor
    ///     directories and before `ROS_PACKAGE_PATH` (see `PackageResolver`).
    public static func load(path: String, packagePaths: [String] = []) throws -> RobotModel {
        let absolutePath = PackageResolver.absolute(path)
        guard let data = FileManager.default.contents(atPath: absolutePath) else {
            throw ImportError(file: absolutePath, line: 0, message: "cannot read the file (missing or unreadable)")
        }
        let (readable, declaredVersion) = acceptingAnyXMLVersion(data)
        var model = try parse(tree: try XMLTree.parse(data: readable, file: absolutePath), packagePaths: packagePaths)
        if let declaredVersion {
            model.notes.insert(ImportNote(file: absolutePath, line: 1,
                                          message: "the XML declaration says version=\"\(declaredVersion)\"; read as XML 1.0"),
                               at: 0)
        }
        return model
    }

    /// Files exported by some tools declare `<?xml version="0.0"?>`, which libxml2 rejects.
    /// Returns the data with such a declaration rewritten to version 1.0 (same line count)
    /// and the version that was declared, or the data unchanged and nil.
    private static func acceptingAnyXMLVersion(_ data: Data) -> (Data, String?) {
        let head = String(decoding: data.prefix(200), as: UTF8.self)
        // Offsets below are counted in the head's UTF-8; bytes that are not UTF-8 would be
        // replaced when decoding and shift them (found by fuzzing): leave such files alone.
        guard head.utf8.elementsEqual(data.prefix(200)) else { return (data, nil) }
        guard let declaration = head.range(of: "<?xml"), let end = head.range(of: "?>", range: declaration.upperBound..<head.endIndex),
              let version = head.range(of: "version=", range: declaration.upperBound..<end.lowerBound),
              let quote = head[version.upperBound...].first, quote == "\"" || quote == "'" else { return (data, nil) }
        guard head[..<declaration.lowerBound].allSatisfy({ $0 == "\u{FEFF}" || $0.isWhitespace }) else { return (data, nil) }
        let valueStart = head.index(after: version.upperBound)
        guard let valueEnd = head[valueStart..<end.lowerBound].firstIndex(of: quote) else { return (data, nil) }
        let value = String(head[valueStart..<valueEnd])
        guard !value.hasPrefix("1.") else { return (data, nil) }
        let prefixBytes = head[..<valueStart].utf8.count
        let valueBytes = head[valueStart..<valueEnd].utf8.count
        var bytes = [UInt8](data)
        guard prefixBytes + valueBytes <= bytes.count else { return (data, nil) }
        bytes.replaceSubrange(prefixBytes..<(prefixBytes + valueBytes), with: Array("1.0".utf8))
        return (Data(bytes), value)
    }

    /// Imports an already parsed URDF. File references are resolved from `tree.file`'s directory.
    public static func parse(tree: XMLTree, packagePaths: [String]) throws -> RobotModel {
        let file = PackageResolver.absolute(tree.file)
        let context = URDFContext(file: file, resolver: PackageResolver(referencingFile: file, packagePaths: packagePaths))
        let robot = tree.root
        guard robot.name == "robot" else {
            throw context.error(line: robot.line, "", "the root element is <\(robot.name)>, expected <robot> (is this a URDF file?)")
        }
        try context.checkChildren(of: robot, known: ["link", "joint", "material"])
        let name = robotName(robot, file: file, context: context)

        // Materials, then links and joints as written.
        var linkReader = URDFLinkReader(context: context)
        try linkReader.readMaterials(of: robot)
        let links = try robot.children(named: "link").map { try linkReader.readLink($0) }
        let jointReader = URDFJointReader(context: context)
        let joints = try robot.children(named: "joint").map { try jointReader.readJoint($0) }

        // One tree, depth-first; then the world link, missing inertials and mimics.
        var ordered = try URDFTree.build(links: links, joints: joints, context: context)
        try ordered.checkMimics(context: context)
        let floatingBase = ordered.absorbWorldLink(context: context)
        ordered.settleMissingInertials(floatingBase: floatingBase, context: context)
        ordered.noteMasslessMovingLinks(context: context)

        noteMissingMeshTextures(linkReader.meshes, context: context)
        return RobotModel(name: name, sourceFile: file, rootLink: ordered.root.link.name,
                          links: ordered.links.map(\.link), joints: ordered.joints.map(\.joint),
                          floatingBase: floatingBase, notes: sortedByLine(context.finishNotes()))
    }

    /// Notes in file order (stable for notes on the same line).
    private static func sortedByLine(_ notes: [ImportNote]) -> [ImportNote] {
        notes.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }

    /// The robot's name; the file's name (without extension) when the attribute is missing.
    private static func robotName(_ robot: XMLNode, file: String, context: URDFContext) -> String {
        if let name = robot["name"]?.trimmingCharacters(in: .whitespaces), !name.isEmpty { return name }
        let stem = PackageResolver.lastComponent(of: file).split(separator: ".").first.map(String.init) ?? "robot"
        context.note(line: robot.line, "<robot> has no name; named '\(stem)' after the file")
        return stem
    }

    /// One note per missing texture named inside the mesh files (DAE images, OBJ material
    /// libraries), pointing at the first mesh element that uses such a mesh.
    private static func noteMissingMeshTextures(_ meshes: [URDFMeshReference], context: URDFContext) {
        var firstLine: [String: Int] = [:]
        var order: [String] = []
        for mesh in meshes where firstLine[mesh.path] == nil {
            firstLine[mesh.path] = mesh.line
            order.append(mesh.path)
        }
        var missing: [(reference: MeshTextureReferences.Reference, meshes: [String], line: Int)] = []
        for meshPath in order {
            for reference in MeshTextureReferences.missingReferences(ofMesh: meshPath) {
                if let index = missing.firstIndex(where: { $0.reference.path == reference.path }) {
                    missing[index].meshes.append(meshPath)
                } else {
                    missing.append((reference, [meshPath], firstLine[meshPath] ?? 0))
                }
            }
        }
        for entry in missing {
            let first = PackageResolver.lastComponent(of: entry.meshes[0])
            let others = entry.meshes.count > 1 ? " and \(entry.meshes.count - 1) other mesh files" : ""
            context.noteMissingTexture(entry.reference.path, line: entry.line,
                                       "\(entry.reference.kind.rawValue) not found: \(entry.reference.path) "
                                           + "(named '\(entry.reference.writtenAs)' by \(first)\(others)); drawn without it")
        }
    }
}
