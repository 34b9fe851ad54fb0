// `tground bench import`: how long a robot takes to load and build, cold (no mesh cache on
// disk or in memory), warm from the disk cache, and warm from memory.
import Foundation
import Physics
import Robot

public struct ImportBenchResult: Codable, Sendable, Equatable {
    /// "cold", "warm-disk" or "warm-memory".
    public let caseName: String
    public let robot: String
    public let meshes: Int
    /// Median wall seconds to import the file and build the robot in a fresh world.
    public let seconds: Double

    enum CodingKeys: String, CodingKey {
        case caseName = "case"
        case robot, meshes, seconds
    }

    public func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

public enum ImportBench {
    /// Times `path` (URDF or MJCF) `repeats` times per case. Each cold run uses a fresh,
    /// empty cache directory under the system's temporary folder, removed afterwards.
    public static func run(path: String, packagePaths: [String] = [], repeats: Int) throws -> [ImportBenchResult] {
        guard repeats > 0 else { throw PhysicsBenchConfigurationError(description: "repeats must be > 0, got \(repeats)") }
        var cold: [Double] = [], warmDisk: [Double] = [], warmMemory: [Double] = []
        var meshCount = 0
        var name = path
        for _ in 0..<repeats {
            let directory = NSTemporaryDirectory() + "/tground-import-bench-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let first = MeshCache(diskDirectory: directory)
            let (coldSeconds, model) = try timeBuild(path: path, packagePaths: packagePaths, cache: first)
            cold.append(coldSeconds)
            warmMemory.append(try timeBuild(path: path, packagePaths: packagePaths, cache: first).seconds)
            let second = MeshCache(diskDirectory: directory)
            warmDisk.append(try timeBuild(path: path, packagePaths: packagePaths, cache: second).seconds)
            meshCount = RobotInspection(model: model).meshes.count
            name = model.name
        }
        return [
            ImportBenchResult(caseName: "cold", robot: name, meshes: meshCount, seconds: PhysicsBench.median(cold)),
            ImportBenchResult(caseName: "warm-disk", robot: name, meshes: meshCount, seconds: PhysicsBench.median(warmDisk)),
            ImportBenchResult(caseName: "warm-memory", robot: name, meshes: meshCount, seconds: PhysicsBench.median(warmMemory)),
        ]
    }

    private static func timeBuild(path: String, packagePaths: [String], cache: MeshCache) throws
        -> (seconds: Double, model: RobotModel) {
        let start = DispatchTime.now().uptimeNanoseconds
        let model = try RobotImporter.load(path: path, packagePaths: packagePaths)
        let world = try World()
        _ = try RobotBuilder.build(model, in: world, options: RobotBuildOptions(meshCache: cache))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return (seconds, model)
    }

    public static func table(_ results: [ImportBenchResult]) -> String {
        var lines = ["case          robot                 meshes   seconds"]
        for r in results {
            let caseName = r.caseName.padding(toLength: 13, withPad: " ", startingAt: 0)
            let robot = r.robot.padding(toLength: 21, withPad: " ", startingAt: 0)
            lines.append(caseName + " " + robot + String(format: " %6d  %8.4f", r.meshes, r.seconds))
        }
        return lines.joined(separator: "\n")
    }
}
