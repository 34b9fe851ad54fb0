// SceneFileLoader: a scene file on disk → SceneSpec. The stages, in order:
//   read and parse the file → load its `base:` chain and merge the file over it →
//   apply `--set key.path=value` overrides → check `format` → decode with SceneDecoder.
// Every problem is a SceneError (`file:line: key.path: message`); nodes keep the file
// they came from, so a mistake inherited from a base file names the base file.
import Foundation

public enum SceneFileLoader {
    /// The file name errors about `--set` overrides carry.
    public static let overrideFile = "--set"

    /// Loads the scene at `path` (relative to the working directory or absolute), applying
    /// `overrides` (`task.episode_seconds=5`, `robot.position=[0, 1, 0]`, `parts[0].mass=0.3`)
    /// after its base files. `sourceFile` of the result is the absolute path.
    public static func load(path: String, overrides: [String] = []) throws -> SceneSpec {
        let root = try loadTree(path: path, chain: [])
        return try finish(root, overrides: overrides, sourceFile: absolutePath(path))
    }

    /// Decodes scene text as if it were the file `file` (a `base:` is found relative to it).
    public static func decode(yaml: String, file: String, overrides: [String] = []) throws -> SceneSpec {
        let root = try tree(yaml: yaml, path: file, chain: [])
        return try finish(root, overrides: overrides, sourceFile: file)
    }

    /// Splits `key.path=value`; the value is YAML (a scalar or a flow list such as
    /// `[0, 1, 0]`) located at `--set:0`.
    public static func parseOverride(_ text: String) throws -> (path: [PathComponent], value: SourceNode) {
        guard let equals = text.firstIndex(of: "=") else {
            throw SceneError(file: overrideFile, line: 0, keyPath: "",
                             message: "malformed override '\(text)': expected key.path=value")
        }
        let pathText = text[..<equals].trimmingCharacters(in: .whitespaces)
        let valueText = String(text[text.index(after: equals)...])
        guard let path = [PathComponent](parsing: pathText) else {
            throw SceneError(file: overrideFile, line: 0, keyPath: pathText,
                             message: "malformed override '\(text)': '\(pathText)' is not a key path (e.g. parts[0].mass)")
        }
        let location = SourceLocation(file: overrideFile, line: 0)
        if valueText.trimmingCharacters(in: .whitespaces).isEmpty {
            return (path, SourceNode(.scalar(SourceScalar("")), location: location))
        }
        let parsed: SourceNode
        do {
            parsed = try SourceNode.parse(yaml: valueText, file: overrideFile)
        } catch let error as SceneError {
            throw SceneError(file: overrideFile, line: 0, keyPath: path.rendered,
                             message: "malformed value '\(valueText)': \(error.message)")
        }
        return (path, relocated(parsed, to: location))
    }

    // MARK: Stages

    /// Overrides, format check, decoding.
    private static func finish(_ root: SourceNode, overrides: [String], sourceFile: String) throws -> SceneSpec {
        var root = root.removing(key: "base")
        for text in overrides {
            let (path, value) = try parseOverride(text)
            do {
                root = try root.setting(value, at: path[...])
            } catch let error as SourceEditError {
                throw SceneError(file: overrideFile, line: 0, keyPath: path.rendered, message: error.message)
            }
        }
        try checkFormat(of: root)
        var spec = try SceneDecoder.decode(SceneSpec.self, from: root)
        spec.sourceFile = sourceFile
        return spec
    }

    /// Reads and parses `path`, then merges it over its base chain. `chain` holds the
    /// absolute paths of the files that include this one (to catch cycles).
    private static func loadTree(path: String, chain: [String]) throws -> SourceNode {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SceneError(file: path, line: 0, keyPath: "", message: "cannot read the scene file: \(unreadableReason(path))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SceneError(file: path, line: 0, keyPath: "", message: "the scene file is not UTF-8 text")
        }
        return try tree(yaml: text, path: path, chain: chain)
    }

    /// Why `path` gave no contents: missing, a folder, or present but not readable.
    static func unreadableReason(_ path: String) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return "no such file" }
        return isFolder.boolValue ? "it is a folder, not a file" : "the file exists but is not readable (permissions?)"
    }

    /// Parses one file's text; when it names a `base:`, loads that first and merges over it.
    private static func tree(yaml: String, path: String, chain: [String]) throws -> SourceNode {
        let node = try SourceNode.parse(yaml: yaml, file: path)
        guard node.entries != nil else {
            throw SceneError(file: path, line: node.line, keyPath: "",
                             message: "a scene file is a mapping of keys (format, name, task, …), got \(node.foundDescription)")
        }
        try checkFormat(of: node)
        guard let base = node.entry("base") else { return node }
        guard let baseName = base.value.scalar?.text, !base.value.isNull else {
            throw SceneError(file: path, line: base.value.line, keyPath: "base",
                             message: "expected a scene file name, got \(base.value.foundDescription)")
        }
        let basePath = resolve(baseName, relativeTo: path)
        let chain = chain + [absolutePath(path)]
        if let start = chain.firstIndex(of: absolutePath(basePath)) {
            let names = chain[start...].map { displayName($0) } + [displayName(absolutePath(basePath))]
            throw SceneError(file: path, line: base.value.line, keyPath: "base",
                             message: "include cycle: \(names.joined(separator: " -> "))")
        }
        guard FileManager.default.isReadableFile(atPath: basePath) else {
            throw SceneError(file: path, line: base.value.line, keyPath: "base",
                             message: "cannot read the base file '\(baseName)' (looked for \(basePath))")
        }
        let baseTree = try loadTree(path: basePath, chain: chain)
        return node.merged(over: baseTree)
    }

    /// `format:` must be this build's sceneFormatVersion (a non-number is left to the decoder).
    private static func checkFormat(of root: SourceNode) throws {
        guard let format = root["format"], let version = try? SceneDecoder(node: format).decodeInteger(Int.self),
              version != sceneFormatVersion else { return }
        throw SceneError(file: format.file, line: format.line, keyPath: "format",
                         message: "unsupported scene format \(version) (this build reads \(sceneFormatVersion))")
    }

    // MARK: Paths

    /// `name` relative to the directory of `file` (unless absolute), without `.` and `x/..`.
    static func resolve(_ name: String, relativeTo file: String) -> String {
        if name.hasPrefix("/") { return normalized(name) }
        let directory = (file as NSString).deletingLastPathComponent
        return normalized(directory.isEmpty ? name : directory + "/" + name)
    }

    private static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    static func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// An absolute path as the cycle message shows it: relative to the working directory when inside it.
    private static func displayName(_ absolute: String) -> String {
        let here = absolutePath(FileManager.default.currentDirectoryPath) + "/"
        return absolute.hasPrefix(here) ? String(absolute.dropFirst(here.count)) : absolute
    }

    /// The same tree with every node and key placed at `location` (for `--set` values).
    private static func relocated(_ node: SourceNode, to location: SourceLocation) -> SourceNode {
        switch node.content {
        case .scalar:
            return SourceNode(node.content, location: location)
        case .sequence(let items):
            return SourceNode(.sequence(items.map { relocated($0, to: location) }), location: location)
        case .mapping(let entries):
            let moved = entries.map { SourceEntry(key: $0.key, keyLocation: location, value: relocated($0.value, to: location)) }
            return SourceNode(.mapping(moved), location: location)
        }
    }
}
