// TrainGroundABI: the library-wide state behind the C ABI — its version, the handle tables,
// and the helpers every export uses to find and lock an object.
import Foundation
import Scene

enum TrainGroundABI {
    /// TG_ABI_VERSION in trainground.h. Bumped whenever a declaration or a JSON member changes
    /// incompatibly.
    static let version: UInt32 = 1
    static let envs = HandleTable<EnvironmentInstance>(kind: "env")
    static let vectors = HandleTable<VectorEnvironment>(kind: "vector env")

    /// Loads a scene file with the options' overrides.
    static func loadScene(_ path: UnsafePointer<CChar>?, options: EnvOptions) throws -> SceneSpec {
        let path = String(cString: try required(path, "scene_path"))
        guard !path.isEmpty else { throw ABIError(.invalidArgument, "scene_path is empty") }
        return try SceneFileLoader.load(path: path, overrides: options.overrides)
    }

    /// Runs `body` with the env for `handle`, holding its lock.
    static func withEnv<T>(_ handle: UInt64, _ body: (EnvironmentInstance) throws -> T) throws -> T {
        let env = try envs.lookup(handle)
        env.lock.lock()
        defer { env.lock.unlock() }
        return try body(env)
    }

    /// Runs `body` with the vector env for `handle`, holding its lock.
    static func withVector<T>(_ handle: UInt64, _ body: (VectorEnvironment) throws -> T) throws -> T {
        let vector = try vectors.lookup(handle)
        vector.lock.lock()
        defer { vector.lock.unlock() }
        return try body(vector)
    }
}

/// Copies `text` into a malloc'd C string the caller frees with tg_string_free.
func mallocString(_ text: String) -> UnsafeMutablePointer<CChar> {
    let bytes = text.utf8CString
    let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
    bytes.withUnsafeBufferPointer { pointer.initialize(from: $0.baseAddress!, count: bytes.count) }
    return pointer
}
