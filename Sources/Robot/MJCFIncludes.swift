// MJCF documents as one element tree: reads the main file, replaces every
// <include file="…"/> with the children of the included file's root element (recursively),
// and remembers for every element the file and line it came from, so errors and notes
// can say file:line even for elements that came from an included file.
import Foundation

/// Where an MJCF element or attribute came from.
struct MJCFLocation: Hashable, Sendable {
    var file: String
    var line: Int

    func error(_ message: String) -> ImportError { ImportError(file: file, line: line, message: message) }
    func note(_ message: String) -> ImportNote { ImportNote(file: file, line: line, message: message) }
}

/// One element of an MJCF document after includes are expanded.
final class MJCFElement {
    let name: String
    let attributes: [String: String]
    let location: MJCFLocation
    private(set) var children: [MJCFElement] = []

    init(name: String, attributes: [String: String], location: MJCFLocation, children: [MJCFElement] = []) {
        self.name = name
        self.attributes = attributes
        self.location = location
        self.children = children
    }

    subscript(attribute: String) -> String? { attributes[attribute] }
    func children(named name: String) -> [MJCFElement] { children.filter { $0.name == name } }

    /// All elements with this name in the subtree (self excluded), depth-first in document order.
    func descendants(named name: String) -> [MJCFElement] {
        children.flatMap { ($0.name == name ? [$0] : []) + $0.descendants(named: name) }
    }
}

/// Reads an MJCF file and expands its includes.
enum MJCFIncludes {
    /// Loads `path` (made absolute) and returns its root element with every <include>
    /// replaced. Included paths are resolved against the including file's folder first,
    /// then against the main file's folder (MuJoCo's rule).
    /// Throws `ImportError` for malformed XML, a missing included file, or an include cycle.
    static func load(path: String) throws -> MJCFElement {
        let mainPath = absolute(path)
        let tree = try XMLTree.load(path: mainPath)
        let mainFolder = (mainPath as NSString).deletingLastPathComponent
        return try expand(tree.root, file: mainPath, mainFolder: mainFolder, chain: [mainPath])
    }

    /// Converts an XML node to an element, splicing in included files. `chain` lists the
    /// files being included right now, outermost first, to detect cycles.
    private static func expand(_ node: XMLNode, file: String, mainFolder: String,
                               chain: [String]) throws -> MJCFElement {
        var children: [MJCFElement] = []
        for child in node.children {
            if child.name == "include" {
                children += try included(by: child, file: file, mainFolder: mainFolder, chain: chain)
            } else {
                children.append(try expand(child, file: file, mainFolder: mainFolder, chain: chain))
            }
        }
        return MJCFElement(name: node.name, attributes: node.attributes,
                           location: MJCFLocation(file: file, line: node.line), children: children)
    }

    /// The elements an <include> stands for: the children of the included file's root.
    private static func included(by include: XMLNode, file: String, mainFolder: String,
                                 chain: [String]) throws -> [MJCFElement] {
        let here = MJCFLocation(file: file, line: include.line)
        guard let name = include["file"], !name.isEmpty else {
            throw here.error("include: the file attribute is required")
        }
        if !include.children.isEmpty {
            throw here.error("include: must be empty (it is replaced by the file \(name))")
        }
        let candidates = name.hasPrefix("/") ? [name] : [
            ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(name),
            (mainFolder as NSString).appendingPathComponent(name),
        ]
        guard let found = candidates.map(absolute).first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw here.error("include: file not found: \(candidates.map(absolute)[0])")
        }
        if let start = chain.firstIndex(of: found) {
            let cycle = (chain[start...] + [found]).map { ($0 as NSString).lastPathComponent }
            throw here.error("include cycle: \(cycle.joined(separator: " -> "))")
        }
        let tree = try XMLTree.load(path: found)
        let root = try expand(tree.root, file: found, mainFolder: mainFolder, chain: chain + [found])
        return root.children
    }

    /// `path` as an absolute, standardized path (relative paths are taken from the
    /// current directory).
    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path
            : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        return (full as NSString).standardizingPath
    }
}
