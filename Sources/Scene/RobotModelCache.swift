// RobotModelCache: imported robot models by file, so resetting an episode (which rebuilds
// the world) does not parse the robot file again. Keyed by path, size and modification
// time, so an edited file is read again. Thread-safe: vector envs reset in parallel.
import Foundation
import Robot

public final class RobotModelCache: @unchecked Sendable {
    public static let shared = RobotModelCache()

    private struct Key: Hashable {
        var path: String
        var size: UInt64
        var modified: Double
    }

    private let lock = NSLock()
    private var models: [Key: RobotModel] = [:]

    public init() {}

    /// The model of `path`, imported once per version of the file.
    public func model(at path: String) throws -> RobotModel {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let key = Key(path: path, size: (attributes?[.size] as? NSNumber)?.uint64Value ?? 0,
                      modified: (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)
        lock.lock()
        let cached = models[key]
        lock.unlock()
        if let cached { return cached }
        let model = try RobotImporter.load(path: path)
        lock.lock()
        models[key] = model
        lock.unlock()
        return model
    }
}
