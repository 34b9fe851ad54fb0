// AssetLocator: where the project's own assets (Assets/robots/…) are at run time, so
// scenes can name `builtin:tg_humanoid`.
import Foundation

public enum AssetLocator {
    /// The Assets folder: $TRAINGROUND_ASSETS, else the first `Assets/robots` found walking
    /// up from `start` (a scene's folder), from the executable, or from the working directory.
    public static func assetsDirectory(near start: String? = nil) -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["TRAINGROUND_ASSETS"], !explicit.isEmpty { return explicit }
        var starts: [String] = []
        if let start { starts.append(start) }
        starts.append(URL(fileURLWithPath: CommandLine.arguments.first ?? ".").deletingLastPathComponent().path)
        starts.append(FileManager.default.currentDirectoryPath)
        starts.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().path)
        for start in starts {
            var directory = URL(fileURLWithPath: start).standardized
            for _ in 0..<8 {
                let candidate = directory.appendingPathComponent("Assets")
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("robots").path,
                                                  isDirectory: &isDirectory), isDirectory.boolValue {
                    return candidate.path
                }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        return nil
    }

    /// Resolves a scene's robot reference: `builtin:NAME` → Assets/robots/NAME/NAME.urdf,
    /// otherwise a path relative to the scene file's folder.
    public static func robotFile(_ reference: String, sceneFile: String) -> String? {
        let sceneDirectory = URL(fileURLWithPath: sceneFile).deletingLastPathComponent().path
        if reference.hasPrefix("builtin:") {
            let name = String(reference.dropFirst("builtin:".count))
            guard let assets = assetsDirectory(near: sceneDirectory) else { return nil }
            return assets + "/robots/\(name)/\(name).urdf"
        }
        if reference.hasPrefix("/") { return reference }
        return URL(fileURLWithPath: sceneDirectory).appendingPathComponent(reference).standardized.path
    }
}
