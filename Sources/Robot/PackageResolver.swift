// PackageResolver: turns the file references a robot description makes (package://, file://,
// absolute and relative paths) into absolute paths, the way ROS tools find packages but
// without needing a ROS install.
import Foundation

/// Resolves URIs written in a robot description file into absolute paths.
///
/// `package://NAME/rest` is looked up, in this order:
/// 1. the referencing file's ancestor directories, nearest first: an ancestor named NAME
///    (`<ancestor>/rest`), else a child directory NAME of the ancestor (`<ancestor>/NAME/rest`);
/// 2. each of `packagePaths`: a directory that is itself NAME, else one that contains NAME/;
/// 3. each `ROS_PACKAGE_PATH` entry, by the same rule as `packagePaths`.
/// The first package directory that holds `rest` wins; when none does, the path under the
/// first package directory found is returned (the caller reports the missing file), and
/// when no directory named NAME is found at all, `resolve` throws naming every place searched.
/// `model://NAME/rest` (Gazebo's spelling) is looked up the same way.
///
/// `file:///abs` gives `/abs`; `file://rel` and plain relative paths are relative to the
/// referencing file's directory; absolute paths are kept. Results are normalized (no `.`
/// or `..` segments) but symbolic links are not followed.
public struct PackageResolver: Sendable, Hashable {
    /// Absolute path of the file whose references are resolved; errors name it.
    public let referencingFile: String
    /// Directories given by the caller (absolute after init; relative ones are taken from the
    /// current directory).
    public let packagePaths: [String]
    /// The `ROS_PACKAGE_PATH` entries in effect when the resolver was made.
    public let rosPackagePaths: [String]

    /// - Parameters:
    ///   - referencingFile: the description file (relative paths are taken from the current directory).
    ///   - packagePaths: extra places to look for packages, searched after the file's ancestors.
    ///   - rosPackagePath: a colon-separated list; defaults to the `ROS_PACKAGE_PATH` environment variable.
    public init(referencingFile: String, packagePaths: [String] = [],
                rosPackagePath: String? = PackageResolver.environmentROSPackagePath) {
        self.referencingFile = PackageResolver.absolute(referencingFile)
        self.packagePaths = packagePaths.map { PackageResolver.absolute($0) }
        self.rosPackagePaths = (rosPackagePath ?? "").split(separator: ":").map(String.init)
            .filter { !$0.isEmpty }.map { PackageResolver.absolute($0) }
    }

    /// The current value of `ROS_PACKAGE_PATH`, read from the process environment.
    public static var environmentROSPackagePath: String? {
        guard let value = getenv("ROS_PACKAGE_PATH") else { return nil }
        return String(cString: value)
    }

    /// The directory holding the referencing file.
    public var baseDirectory: String { PackageResolver.parent(of: referencingFile) }

    /// Resolves `uri`, written on `line` of the referencing file, to an absolute path. The
    /// file is not required to exist, except that a package must be found.
    public func resolve(_ uri: String, line: Int) throws -> String {
        let trimmed = uri.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw ImportError(file: referencingFile, line: line, message: "empty file reference")
        }
        for scheme in ["package://", "model://"] where trimmed.hasPrefix(scheme) {
            return try resolvePackage(String(trimmed.dropFirst(scheme.count)), uri: trimmed, line: line)
        }
        if trimmed.hasPrefix("file://") {
            let rest = String(trimmed.dropFirst("file://".count))
            let path = rest.removingPercentEncoding ?? rest
            return PackageResolver.normalize(path.hasPrefix("/") ? path : baseDirectory + "/" + path)
        }
        if let colon = trimmed.range(of: "://") {
            let scheme = trimmed[..<colon.lowerBound]
            throw ImportError(file: referencingFile, line: line,
                              message: "cannot resolve '\(trimmed)': unsupported URI scheme '\(scheme)://' "
                                  + "(use package://, file:// or a path)")
        }
        return PackageResolver.normalize(trimmed.hasPrefix("/") ? trimmed : baseDirectory + "/" + trimmed)
    }

    /// A place where package `name` may live, and why it is searched.
    public struct SearchPlace: Sendable, Hashable {
        public enum Origin: String, Sendable, Hashable {
            case ancestor, packagePaths, rosPackagePath = "ROS_PACKAGE_PATH"
        }

        public let directory: String
        public let origin: Origin
    }

    /// Every directory that would be package `name`, in search order, whether it exists or not.
    public func searchPlaces(forPackage name: String) -> [SearchPlace] {
        var places: [SearchPlace] = []
        var ancestor = baseDirectory
        while true {
            let candidate = PackageResolver.lastComponent(of: ancestor) == name ? ancestor : PackageResolver.join(ancestor, name)
            places.append(SearchPlace(directory: candidate, origin: .ancestor))
            if ancestor == "/" { break }
            ancestor = PackageResolver.parent(of: ancestor)
        }
        for (paths, origin) in [(packagePaths, SearchPlace.Origin.packagePaths), (rosPackagePaths, .rosPackagePath)] {
            for path in paths {
                let candidate = PackageResolver.lastComponent(of: path) == name ? path : PackageResolver.join(path, name)
                places.append(SearchPlace(directory: candidate, origin: origin))
            }
        }
        var seen = Set<String>()
        return places.filter { seen.insert($0.directory).inserted }
    }

    /// The existing directories that are package `name`, in search order.
    public func packageDirectories(named name: String) -> [String] {
        searchPlaces(forPackage: name).map(\.directory).filter(PackageResolver.isDirectory)
    }

    private func resolvePackage(_ body: String, uri: String, line: Int) throws -> String {
        let decoded = body.removingPercentEncoding ?? body
        let name = String(decoded.prefix { $0 != "/" })
        let rest = String(decoded.dropFirst(name.count).drop { $0 == "/" })
        guard !name.isEmpty else {
            throw ImportError(file: referencingFile, line: line, message: "cannot resolve '\(uri)': no package name")
        }
        let directories = packageDirectories(named: name)
        let candidates = directories.map { PackageResolver.normalize(rest.isEmpty ? $0 : $0 + "/" + rest) }
        if let existing = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) { return existing }
        if let first = candidates.first { return first }
        throw ImportError(file: referencingFile, line: line,
                          message: "cannot resolve '\(uri)': no directory for package '\(name)' in "
                              + describe(searchPlaces(forPackage: name)))
    }

    /// "ancestors of the file: /a/x, /x; packagePaths: (none); ROS_PACKAGE_PATH: (unset)".
    private func describe(_ places: [SearchPlace]) -> String {
        func list(_ origin: SearchPlace.Origin) -> String {
            let dirs = places.filter { $0.origin == origin }.map(\.directory)
            return dirs.isEmpty ? "(none)" : dirs.joined(separator: ", ")
        }
        let ros = rosPackagePaths.isEmpty ? "(unset or empty)" : list(.rosPackagePath)
        return "ancestors of the file: \(list(.ancestor)); packagePaths: \(list(.packagePaths)); ROS_PACKAGE_PATH: \(ros)"
    }

    // MARK: Path helpers (string based: deterministic, no symlink resolution)

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return normalize(path) }
        return normalize(FileManager.default.currentDirectoryPath + "/" + path)
    }

    /// Removes empty, `.` and `..` segments of an absolute path.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    static func lastComponent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
