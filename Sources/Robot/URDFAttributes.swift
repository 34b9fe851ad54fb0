// URDFAttributes: the reading context of one URDF file — numbers, vectors and poses from
// attributes with `file:line: key.path: message` errors, and the notes gathered on the way.
import Foundation
import Physics

/// What the URDF importer knows while it reads one file. Owned by one `parse` call.
final class URDFContext {
    /// Absolute path of the URDF; every error and note names it.
    let file: String
    let resolver: PackageResolver
    private(set) var notes: [ImportNote] = []
    /// Texture files already reported missing, so each gets one note.
    private var reportedTextures: Set<String> = []
    /// Ignored element kinds, by element name, in order of first appearance.
    private var ignored: [(name: String, firstLine: Int, count: Int, within: [String])] = []

    init(file: String, resolver: PackageResolver) {
        self.file = file
        self.resolver = resolver
    }

    // MARK: Diagnostics

    func error(line: Int, _ path: String, _ message: String) -> ImportError {
        ImportError(file: file, line: line, message: path.isEmpty ? message : "\(path): \(message)")
    }

    func note(line: Int, _ message: String) {
        notes.append(ImportNote(file: file, line: line, message: message))
    }

    /// Notes a missing texture once per file path.
    func noteMissingTexture(_ path: String, line: Int, _ message: String) {
        if reportedTextures.insert(path).inserted { note(line: line, message) }
    }

    /// Records an element the importer does not use; `finishNotes` turns each kind into one note.
    func ignore(_ node: XMLNode) {
        let within = node.parent?.name ?? "document"
        if let index = ignored.firstIndex(where: { $0.name == node.name }) {
            ignored[index].count += 1
            if !ignored[index].within.contains(within) { ignored[index].within.append(within) }
        } else {
            ignored.append((node.name, node.line, 1, [within]))
        }
    }

    /// Records `node`'s children whose names are not `known` as ignored (one note per name,
    /// made by `finishNotes`). xacro elements are an error: the file must be expanded first.
    func checkChildren(of node: XMLNode, known: Set<String>) throws {
        for child in node.children where !known.contains(child.name) {
            if child.name.hasPrefix("xacro:") {
                throw error(line: child.line, "", "<\(child.name)> is a xacro macro: expand the file with xacro first")
            }
            ignore(child)
        }
    }

    /// All notes: those made while reading, then one per ignored element kind.
    func finishNotes() -> [ImportNote] {
        notes + ignored.map { kind in
            let places = kind.within.map { "<\($0)>" }.joined(separator: ", ")
            let count = kind.count == 1 ? "1 element" : "\(kind.count) elements"
            return ImportNote(file: file, line: kind.firstLine,
                              message: "ignored <\(kind.name)> (\(count) inside \(places); first on line \(kind.firstLine))")
        }
    }

    // MARK: Attributes

    /// A required attribute, non-empty after trimming.
    func required(_ node: XMLNode, _ attribute: String, _ path: String) throws -> String {
        guard let value = node[attribute]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            throw error(line: node.line, path, "missing required attribute '\(attribute)' on <\(node.name)>")
        }
        return value
    }

    /// The numbers in an attribute ("1 2 3"), exactly `count` of them, all finite.
    /// nil when the attribute is absent.
    func numbers(_ node: XMLNode, _ attribute: String, count: Int, _ path: String) throws -> [Double]? {
        guard let text = node[attribute] else { return nil }
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "," })
        let keyPath = "\(path).\(attribute)"
        guard fields.count == count else {
            let expected = count == 1 ? "1 number" : "\(count) numbers"
            throw error(line: node.line, keyPath, "expected \(expected), got \(fields.count) ('\(text)')")
        }
        return try fields.map { field in
            guard let value = Double(field) else {
                throw error(line: node.line, keyPath, "'\(field)' is not a number")
            }
            guard value.isFinite else {
                throw error(line: node.line, keyPath, "expected a finite number, got '\(field)'")
            }
            return value
        }
    }

    /// One finite number; nil when absent.
    func number(_ node: XMLNode, _ attribute: String, _ path: String) throws -> Double? {
        try numbers(node, attribute, count: 1, path)?[0]
    }

    func requiredNumber(_ node: XMLNode, _ attribute: String, _ path: String) throws -> Double {
        guard let value = try number(node, attribute, path) else {
            throw error(line: node.line, path, "missing required attribute '\(attribute)' on <\(node.name)>")
        }
        return value
    }

    /// A non-negative number (sizes, radii, damping).
    func requiredNonNegative(_ node: XMLNode, _ attribute: String, _ path: String) throws -> Double {
        let value = try requiredNumber(node, attribute, path)
        guard value >= 0 else { throw error(line: node.line, "\(path).\(attribute)", "must not be negative, got \(value)") }
        return value
    }

    func vector3(_ node: XMLNode, _ attribute: String, _ path: String) throws -> Vector3? {
        guard let n = try numbers(node, attribute, count: 3, path) else { return nil }
        return Vector3(n[0], n[1], n[2])
    }

    /// The pose in `<origin xyz rpy>` under `node` (identity when absent). URDF's rpy is
    /// fixed-axis roll, pitch, yaw: R = Rz(yaw) Ry(pitch) Rx(roll).
    func origin(of node: XMLNode, _ path: String) throws -> Pose {
        let origins = node.children(named: "origin")
        guard let origin = origins.first else { return .identity }
        if origins.count > 1 {
            note(line: origins[1].line, "\(path): more than one <origin>; the first (line \(origin.line)) is used")
        }
        let position = try vector3(origin, "xyz", "\(path).origin") ?? .zero
        let rpy = try vector3(origin, "rpy", "\(path).origin") ?? .zero
        return Pose(position: position, rotation: Quaternion(roll: rpy.x, pitch: rpy.y, yaw: rpy.z))
    }

    /// The single child `name` of `node`; when there are several, the first with a note.
    func single(_ name: String, in node: XMLNode, _ path: String) -> XMLNode? {
        let found = node.children(named: name)
        if found.count > 1 {
            note(line: found[1].line, "\(path): more than one <\(name)>; the first (line \(found[0].line)) is used")
        }
        return found.first
    }
}
