// RobotImporter: one entry point for robot files, dispatching on the file's format through
// a table of importers keyed by extension.
import Foundation

public enum RobotImporter {
    /// An importer reads one file format into a RobotModel.
    public typealias Importer = @Sendable (_ path: String, _ packagePaths: [String]) throws -> RobotModel

    /// Importers by lower-case file extension.
    public static let importers: [String: Importer] = [
        "urdf": { path, packagePaths in try URDFImporter.load(path: path, packagePaths: packagePaths) },
        "xml": { path, _ in try MJCFImporter.load(path: path) },
        "mjcf": { path, _ in try MJCFImporter.load(path: path) },
    ]

    /// Loads a URDF (.urdf) or MJCF (.xml, .mjcf) robot. `packagePaths` are extra search
    /// directories for `package://` URIs.
    public static func load(path: String, packagePaths: [String] = []) throws -> RobotModel {
        let absolute = URL(fileURLWithPath: path).standardized.path
        let format = URL(fileURLWithPath: absolute).pathExtension.lowercased()
        guard let importer = importers[format] else {
            let known = importers.keys.sorted().map { ".\($0)" }.joined(separator: ", ")
            throw ImportError(file: absolute, line: 0, message: "unknown robot file format '.\(format)' (known: \(known))")
        }
        return try importer(absolute, packagePaths)
    }
}
