// BatchManifest: `DIR/manifest.json`, what batch a directory's results belong to — so a
// rerun resumes only the same batch, and merge combines only shards of one batch.
import Foundation

/// JSON (`manifest.json`): `format` (1), `tground` (version), `build` (BuildIdentity),
/// `scenes` ([{name, task, file, hash}]: hash is the 16-hex-digit SceneHash), `overrides`,
/// `policy`, `seed` (batch seed), `episodes` (per scene, before sharding), `shard`
/// ({index, count} or absent).
public struct BatchManifest: Codable, Sendable, Equatable {
    public struct SceneEntry: Codable, Sendable, Equatable {
        public var name: String
        public var task: String
        public var file: String
        public var hash: String
    }

    public var format: Int
    public var tground: String
    public var build: String
    public var scenes: [SceneEntry]
    public var overrides: [String]
    public var policy: String
    public var seed: UInt64
    public var episodes: Int
    public var shard: ShardSpec?

    public static let fileName = "manifest.json"
    public static let formatVersion = 1

    public init(plan: BatchPlan) {
        format = Self.formatVersion
        tground = TrainingGroundVersion
        build = BuildIdentity.current.description
        scenes = plan.scenes.map { SceneEntry(name: $0.name, task: $0.task, file: $0.file, hash: hexHash($0.hash)) }
        overrides = plan.overrides
        policy = plan.policyName
        seed = plan.seed
        episodes = plan.episodes
        shard = plan.shard
    }

    /// Why `self` (what a directory holds) is not the batch `other` (what is asked for), or
    /// nil when it is. The episode count may differ (a rerun may extend a batch); with
    /// `ignoringShard`, so may the shard (for merge).
    public func mismatch(with other: BatchManifest, ignoringShard: Bool = false) -> String? {
        var reasons: [String] = []
        let held = scenes.map { "\($0.name) (hash \($0.hash))" }.sorted()
        let asked = other.scenes.map { "\($0.name) (hash \($0.hash))" }.sorted()
        if held != asked {
            reasons.append("scenes: it holds \(held.joined(separator: ", ")), this batch has \(asked.joined(separator: ", "))"
                           + (Set(scenes.map(\.name)) == Set(other.scenes.map(\.name))
                              ? " (same names, different contents or --set overrides)" : ""))
        }
        if policy != other.policy { reasons.append("policy: it holds \(policy), this batch has \(other.policy)") }
        if seed != other.seed { reasons.append("seed: it holds \(seed), this batch has \(other.seed)") }
        if !ignoringShard, shard != other.shard {
            reasons.append("shard: it holds \(shard?.description ?? "none"), this batch has \(other.shard?.description ?? "none")")
        }
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }

    public func write(toDirectory directory: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = ResultJSON.fileFormatting
        try AtomicFile.write(try encoder.encode(self) + Data("\n".utf8), to: directory + "/" + Self.fileName)
    }

    /// Reads `directory/manifest.json`; nil when there is none.
    public static func read(fromDirectory directory: String) throws -> BatchManifest? {
        let path = directory + "/" + fileName
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw BatchError("cannot read \(path)") }
        do {
            return try JSONDecoder().decode(BatchManifest.self, from: data)
        } catch {
            throw BatchError("\(path) is not a batch manifest (\(error)); is \(directory) a batch directory?")
        }
    }
}
