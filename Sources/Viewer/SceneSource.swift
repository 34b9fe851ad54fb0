// SceneSource: the scene file the viewer shows, with its `--set` overrides, and the
// modification time it was loaded at — so R can reload it when it changed on disk.
import Foundation
import Scene

public final class SceneSource {
    /// The scene file as given (relative to the working directory, or absolute).
    public let path: String
    public let overrides: [String]
    /// The scene as last loaded successfully.
    public private(set) var spec: SceneSpec
    /// The file's modification time when `spec` was read.
    private var loadedModification: Date?

    /// Loads the scene. Throws `SceneError` (`file:line: key.path: message`).
    public init(path: String, overrides: [String] = []) throws {
        self.path = path
        self.overrides = overrides
        let modification = Self.modificationDate(of: path)
        spec = try SceneFileLoader.load(path: path, overrides: overrides)
        loadedModification = modification
    }

    /// A source for a scene built in code (tests): never reloads.
    public init(spec: SceneSpec) {
        path = spec.sourceFile
        overrides = []
        self.spec = spec
        loadedModification = nil
    }

    /// Whether the file's modification time differs from the one `spec` was read at.
    public var hasChangedOnDisk: Bool {
        guard let loadedModification else { return false }
        return Self.modificationDate(of: path) != loadedModification
    }

    /// Reloads the file when it changed on disk. Returns true when `spec` was replaced.
    /// Throws the `SceneError` of a changed file that no longer loads; `spec` then stays
    /// as it was, and the next call tries again.
    @discardableResult
    public func reloadIfChanged() throws -> Bool {
        guard hasChangedOnDisk else { return false }
        let modification = Self.modificationDate(of: path)
        spec = try SceneFileLoader.load(path: path, overrides: overrides)
        loadedModification = modification
        return true
    }

    private static func modificationDate(of path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
}
