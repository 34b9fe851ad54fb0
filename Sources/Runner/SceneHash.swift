// SceneHash: a fingerprint of what a scene says, so a batch directory or a record can tell
// whether it is being resumed or replayed with the same scene.
import Foundation
import Scene

public enum SceneHash {
    /// FNV-1a 64 of the scene's canonical JSON (SceneSpec encoded with sorted keys), after
    /// base files and `--set` overrides are applied. Comments, formatting and the file's
    /// location do not count; any value that changes the scene does. (The robot file is named,
    /// not hashed: editing a URDF in place keeps the hash.)
    public static func of(_ scene: SceneSpec) throws -> UInt64 {
        fnv1a([UInt8](try ResultJSON.encoder([.sortedKeys]).encode(scene)))
    }
}
