// SourceNode: a scene file as a small YAML tree — mappings with ordered keys, lists and
// scalars — where every node remembers the file and line it came from, so errors found
// while decoding, or after a base file was merged in, point at the right place.
import Yams

/// A place in a scene file: the file as the user named it and a 1-based line (0: no
/// single line, e.g. a `--set` override).
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}

/// A scalar as written: its text and whether it was plain (unquoted). Only plain scalars
/// can be numbers, booleans or null; a quoted scalar is always a string.
public struct SourceScalar: Hashable, Sendable {
    public var text: String
    public var isPlain: Bool

    public init(_ text: String, isPlain: Bool = true) {
        self.text = text
        self.isPlain = isPlain
    }

    /// `~`, `null` or nothing at all, unquoted.
    public var isNull: Bool { isPlain && ["", "~", "null", "Null", "NULL"].contains(text) }
}

/// One `key: value` of a mapping; the key keeps its own location for "unknown key" errors.
public struct SourceEntry: Hashable, Sendable {
    public var key: String
    public var keyLocation: SourceLocation
    public var value: SourceNode

    public init(key: String, keyLocation: SourceLocation, value: SourceNode) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}

/// A node of a scene file: a scalar, a list or a mapping, and where it starts.
public struct SourceNode: Hashable, Sendable {
    public enum Content: Hashable, Sendable {
        case scalar(SourceScalar)
        case sequence([SourceNode])
        /// Entries in file order; keys are unique.
        case mapping([SourceEntry])
    }

    public var content: Content
    public var location: SourceLocation

    public init(_ content: Content, location: SourceLocation) {
        self.content = content
        self.location = location
    }

    public var file: String { location.file }
    public var line: Int { location.line }

    public var isNull: Bool {
        if case .scalar(let scalar) = content { return scalar.isNull }
        return false
    }

    public var entries: [SourceEntry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    public var items: [SourceNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    public var scalar: SourceScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The entry for `key` when this is a mapping that has it.
    public func entry(_ key: String) -> SourceEntry? {
        entries?.first { $0.key == key }
    }

    /// The value of `key` when this is a mapping that has it.
    public subscript(key: String) -> SourceNode? { entry(key)?.value }

    /// What this node is, for "expected …, got …" messages: `"abc"`, `a list`, `a mapping`.
    public var foundDescription: String {
        switch content {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar):
            if scalar.isNull { return "nothing (null)" }
            let quoted = "\"" + scalar.text.replacingOccurrences(of: "\"", with: "\\\"") + "\""
            return scalar.isPlain ? quoted : "the quoted string " + quoted
        }
    }
}

// MARK: - Parsing

extension SourceNode {
    /// Parses YAML text. Every problem — bad syntax, tab indentation, a duplicate key, an
    /// empty document, a key that is not a name — is a SceneError at its line.
    public static func parse(yaml: String, file: String) throws -> SourceNode {
        let root: Yams.Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw syntaxError(error, yaml: yaml, file: file)
        }
        guard let root else {
            throw SceneError(file: file, line: 1, keyPath: "", message: "the file is empty (expected a mapping of keys)")
        }
        var budget = maximumNodeCount
        return try SourceNode(root, file: file, path: [], budget: &budget)
    }

    /// More nodes than this (only reachable by aliases expanding aliases) is an error, not a hang.
    static let maximumNodeCount = 1_000_000

    /// Converts a Yams node, checking keys as it goes; `<<` merge keys are applied
    /// (explicit keys win over merged ones).
    init(_ node: Yams.Node, file: String, path: [PathComponent], budget: inout Int) throws {
        let location = SourceLocation(file: file, line: node.mark?.line ?? 0)
        budget -= 1
        guard budget >= 0 else {
            throw SceneError(file: file, line: location.line, keyPath: path.rendered,
                             message: "more than \(Self.maximumNodeCount) values (do aliases expand each other?)")
        }
        switch node {
        case .scalar(let scalar):
            let isPlain = scalar.style == .plain || scalar.style == .any
            self.init(.scalar(SourceScalar(scalar.string, isPlain: isPlain && scalar.tag != Tag(.str))), location: location)
        case .sequence(let sequence):
            var items: [SourceNode] = []
            for (index, item) in sequence.enumerated() {
                items.append(try SourceNode(item, file: file, path: path + [.index(index)], budget: &budget))
            }
            self.init(.sequence(items), location: location)
        case .mapping(let mapping):
            var entries: [SourceEntry] = []
            var merged: [SourceEntry] = []
            for (keyNode, valueNode) in mapping {
                let keyLocation = SourceLocation(file: file, line: keyNode.mark?.line ?? location.line)
                guard case .scalar(let keyScalar) = keyNode else {
                    throw SceneError(file: file, line: keyLocation.line, keyPath: path.rendered,
                                     message: "a mapping key must be a name, got a \(keyNode.mapping != nil ? "mapping" : "list")")
                }
                let key = keyScalar.string
                if key == "<<" && keyScalar.style == .plain {
                    merged += try Self.mergeKeyEntries(valueNode, file: file, path: path, budget: &budget)
                    continue
                }
                if let first = entries.first(where: { $0.key == key }) {
                    throw SceneError(file: file, line: keyLocation.line, keyPath: (path + [.key(key)]).rendered,
                                     message: "duplicate key '\(key)' (first at line \(first.keyLocation.line))")
                }
                let value = try SourceNode(valueNode, file: file, path: path + [.key(key)], budget: &budget)
                entries.append(SourceEntry(key: key, keyLocation: keyLocation, value: value))
            }
            for entry in merged where !entries.contains(where: { $0.key == entry.key }) {
                entries.append(entry)
            }
            self.init(.mapping(entries), location: location)
        }
    }

    /// The entries a `<<: *anchor` (or `<<: [*a, *b]`, earlier ones winning) brings in.
    private static func mergeKeyEntries(_ node: Yams.Node, file: String, path: [PathComponent],
                                        budget: inout Int) throws -> [SourceEntry] {
        let sources: [Yams.Node] = node.sequence.map { Array($0) } ?? [node]
        var entries: [SourceEntry] = []
        for source in sources {
            let converted = try SourceNode(source, file: file, path: path, budget: &budget)
            guard let sourceEntries = converted.entries else {
                throw SceneError(file: file, line: converted.line, keyPath: path.rendered,
                                 message: "'<<' merges mappings, got \(converted.foundDescription)")
            }
            for entry in sourceEntries where !entries.contains(where: { $0.key == entry.key }) {
                entries.append(entry)
            }
        }
        return entries
    }

    /// A Yams error as `file:line: YAML syntax: problem`, naming tab indentation plainly.
    static func syntaxError(_ error: Error, yaml: String, file: String) -> SceneError {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        func tabLine(upTo last: Int) -> Int? {
            for (number, text) in lines.prefix(last).enumerated() {
                let indentation = text.prefix { $0 == " " || $0 == "\t" }
                if indentation.contains("\t") { return number + 1 }
            }
            return nil
        }
        guard let yamlError = error as? YamlError else {
            return SceneError(file: file, line: 0, keyPath: "", message: "YAML syntax: \(error)")
        }
        var line = 0
        var message = "\(yamlError)"
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            line = mark.line
            message = problem
            if let context, problem.hasPrefix("but ") {
                message = "\(context.text), \(problem)"
            } else if let context {
                message += " (\(context.text) at line \(context.mark.line))"
            }
        case .reader(let problem, let offset, _, _):
            line = offset.map { offset in yaml.prefix(offset).filter { $0 == "\n" }.count + 1 } ?? 0
            message = problem
        default:
            break
        }
        if let tab = tabLine(upTo: max(line, 1)) {
            return SceneError(file: file, line: tab, keyPath: "",
                              message: "YAML syntax: tab character in indentation (indent with spaces)")
        }
        return SceneError(file: file, line: line, keyPath: "", message: "YAML syntax: \(message)")
    }
}

// MARK: - Editing

extension SourceNode {
    /// This node laid over `base`: mappings merge key by key (recursively; keys only in
    /// `base` keep their place and location), lists and scalars replace.
    public func merged(over base: SourceNode) -> SourceNode {
        guard let overlay = entries, var result = base.entries else { return self }
        for entry in overlay {
            if let index = result.firstIndex(where: { $0.key == entry.key }) {
                let value = entry.value.merged(over: result[index].value)
                result[index] = SourceEntry(key: entry.key, keyLocation: entry.keyLocation, value: value)
            } else {
                result.append(entry)
            }
        }
        return SourceNode(.mapping(result), location: location)
    }

    /// This node without the mapping key `key` (unchanged when absent).
    public func removing(key: String) -> SourceNode {
        guard let entries else { return self }
        return SourceNode(.mapping(entries.filter { $0.key != key }), location: location)
    }

    /// Sets the value at `path`, creating missing mapping keys on the way (a null value
    /// counts as an empty mapping). Throws a message for an index out of range or a step
    /// into something that is not a mapping or a list.
    public func setting(_ value: SourceNode, at path: ArraySlice<PathComponent>, walked: [PathComponent] = []) throws -> SourceNode {
        guard let step = path.first else { return value }
        let rest = path.dropFirst()
        let here = walked.isEmpty ? "the scene" : "'\(walked.rendered)'"
        switch step {
        case .key(let key):
            guard isNull || entries != nil else {
                throw SourceEditError(message: "cannot set '\(key)': \(here) is \(foundDescription), not a mapping")
            }
            var result = entries ?? []
            let at = walked + [step]
            if let index = result.firstIndex(where: { $0.key == key }) {
                result[index].value = try result[index].value.setting(value, at: rest, walked: at)
            } else {
                let empty = SourceNode(.scalar(SourceScalar("")), location: value.location)
                result.append(SourceEntry(key: key, keyLocation: value.location,
                                          value: try empty.setting(value, at: rest, walked: at)))
            }
            return SourceNode(.mapping(result), location: location)
        case .index(let index):
            guard var result = items else {
                throw SourceEditError(message: "cannot set [\(index)]: \(here) is \(foundDescription), not a list")
            }
            guard result.indices.contains(index) else {
                throw SourceEditError(message: "index \(index) is out of range: \(here) has \(result.count) item\(result.count == 1 ? "" : "s")")
            }
            result[index] = try result[index].setting(value, at: rest, walked: walked + [step])
            return SourceNode(.sequence(result), location: location)
        }
    }
}

/// Why `SourceNode.setting` could not follow a path (the caller knows file and key path).
public struct SourceEditError: Error, Hashable, Sendable {
    public var message: String
}
