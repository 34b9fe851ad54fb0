// RegressionBaseline: the stored success counts `tground regress` compares against
// (Scenes/regress/baseline.json) — written by `--write-baseline`, read back strictly: a corrupt or
// ill-formed file is an error naming the file and what is wrong, never a silent pass.
import Foundation

/// A baseline file. JSON (snake case, sorted keys):
///
///     {
///       "format": 1,
///       "suite": "core",                      // the suite's name
///       "tground": "0.1.0",                   // TrainingGround version that wrote it
///       "build": "TrainingGround 0.1.0; Bullet …; x86_64",
///       "written": "2025-01-01T12:00:00Z",    // optional
///       "tasks": [ BaselineTask, … ]          // one per suite task, in suite order
///     }
public struct RegressionBaseline: Codable, Sendable, Equatable {
    public var format: Int
    public var suite: String
    public var tground: String
    public var build: String
    public var written: String?
    public var tasks: [BaselineTask]

    public static let formatVersion = 1

    public init(suite: String, tasks: [BaselineTask], written: Date? = Date(),
                build: BuildIdentity = .current) {
        format = Self.formatVersion
        self.suite = suite
        tground = TrainingGroundVersion
        self.build = build.description
        self.written = written.map { ISO8601DateFormatter().string(from: $0) }
        self.tasks = tasks
    }

    public func task(named name: String) -> BaselineTask? { tasks.first { $0.name == name } }

    // MARK: Files

    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = ResultJSON.fileFormatting
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// Writes the baseline atomically: a reader never sees half a file, and a failed write
    /// leaves the old file as it was.
    public func write(to path: String) throws {
        try AtomicFile.write(try jsonData(), to: path)
    }

    /// Reads and checks a baseline file.
    public static func read(from path: String) throws -> RegressionBaseline {
        guard FileManager.default.fileExists(atPath: path) else {
            throw BatchError("baseline \(path): no such file (write one with --write-baseline)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BatchError("baseline \(path): cannot read the file")
        }
        return try decode(data, file: path)
    }

    /// Decodes and checks baseline JSON as if it came from `file`.
    public static func decode(_ data: Data, file: String) throws -> RegressionBaseline {
        let baseline: RegressionBaseline
        do {
            // The format first, so a future file says so instead of failing on a new key.
            if let probe = try? JSONDecoder().decode(FormatProbe.self, from: data), let format = probe.format,
               format != formatVersion {
                throw BatchError("baseline \(file): unsupported baseline format \(format) (this build reads \(formatVersion))")
            }
            baseline = try JSONDecoder().decode(RegressionBaseline.self, from: data)
        } catch let error as DecodingError {
            throw BatchError("baseline \(file): \(describe(error))")
        }
        if let problem = baseline.problem() {
            throw BatchError("baseline \(file): \(problem)")
        }
        return baseline
    }

    /// The first inconsistency in the file, if any: what a hand edit or a corrupt write leaves.
    func problem() -> String? {
        guard format == Self.formatVersion else {
            return "unsupported baseline format \(format) (this build reads \(Self.formatVersion))"
        }
        guard !tasks.isEmpty else { return "tasks: the baseline has no tasks" }
        var seen = Set<String>()
        for (index, task) in tasks.enumerated() {
            let at = "tasks[\(index)] (\(task.name))"
            guard !task.name.isEmpty else { return "tasks[\(index)].name: empty task name" }
            guard seen.insert(task.name).inserted else { return "\(at).name: task '\(task.name)' appears twice" }
            guard task.episodes >= 1 else { return "\(at).episodes: expected at least 1 episode, got \(task.episodes)" }
            guard (0...task.episodes).contains(task.successes) else {
                return "\(at).successes: \(task.successes) successes out of \(task.episodes) episodes is impossible"
            }
            if let rate = task.successRate, abs(rate - Double(task.successes) / Double(task.episodes)) > 1e-9 {
                return "\(at).success_rate: \(rate) does not match \(task.successes)/\(task.episodes)"
            }
            let failures = task.episodes - task.successes
            let reasons = task.failureReasons.values.reduce(0, +)
            if task.failureReasons.values.contains(where: { $0 < 0 }) || reasons != failures {
                return "\(at).failure_reasons: the counts add up to \(reasons), but \(failures) episodes failed"
            }
            if let failed = task.failedSeeds, failed.count != failures {
                return "\(at).failed_seeds: lists \(failed.count) seeds, but \(failures) episodes failed"
            }
        }
        return nil
    }

    /// Errors when this baseline belongs to another suite or task set (nothing can be
    /// compared); otherwise the differences worth a warning, one sentence each.
    public func check(against suite: RegressionSuite, file: String) throws -> [String] {
        if self.suite != suite.name {
            throw BatchError("baseline \(file) was written for suite '\(self.suite)', but \(suite.file) is suite "
                             + "'\(suite.name)'; pass that suite's baseline, or write one with --write-baseline")
        }
        let suiteNames = suite.tasks.map(\.name)
        let baselineNames = tasks.map(\.name)
        let onlySuite = suiteNames.filter { !baselineNames.contains($0) }
        let onlyBaseline = baselineNames.filter { !suiteNames.contains($0) }
        if !onlySuite.isEmpty || !onlyBaseline.isEmpty {
            var parts: [String] = []
            if !onlySuite.isEmpty { parts.append("tasks only in the suite: \(onlySuite.joined(separator: ", "))") }
            if !onlyBaseline.isEmpty { parts.append("tasks only in the baseline: \(onlyBaseline.joined(separator: ", "))") }
            throw BatchError("baseline \(file) is for another task set than \(suite.file) (\(parts.joined(separator: "; "))); "
                             + "update it with --write-baseline")
        }
        var warnings: [String] = []
        for task in suite.tasks {
            guard let held = self.task(named: task.name) else { continue }
            var changes: [String] = []
            // The scene's path may be spelled differently (relative, absolute); its contents
            // are compared by hash once loaded (`sceneWarnings`).
            if held.overrides != task.overrides {
                changes.append("overrides [\(held.overrides.joined(separator: ", "))] → [\(task.overrides.joined(separator: ", "))]")
            }
            if held.policy != task.policy { changes.append("policy \(held.policy) → \(task.policy)") }
            if held.seed != task.seed { changes.append("seed \(held.seed) → \(task.seed)") }
            if held.episodes != task.episodes { changes.append("episodes \(held.episodes) → \(task.episodes)") }
            if !changes.isEmpty {
                warnings.append("task \(task.name) differs from its baseline: \(changes.joined(separator: ", "))")
            }
        }
        if build != BuildIdentity.current.description {
            warnings.append("baseline \(file) was written by another build (\(build)); this is \(BuildIdentity.current)")
        }
        return warnings
    }

    /// Warnings for tasks whose scene (after overrides) is not the one the baseline ran:
    /// the same task name, a different SceneHash.
    public func sceneWarnings(_ planned: [RegressionRunner.PlannedTask]) -> [String] {
        planned.compactMap { item in
            guard let held = task(named: item.task.name), let hash = held.sceneHash, let scene = item.plan.scenes.first,
                  hash != hexHash(scene.hash) else { return nil }
            return "task \(item.task.name): scene \(scene.name) is not the one the baseline ran (scene hash \(hash) → "
                + "\(hexHash(scene.hash))): the scene file, its base or the overrides changed"
        }
    }

    /// A DecodingError as `key.path: what is wrong`.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : "." + key.stringValue }
            }
            return text
        }
        func at(_ codingPath: [CodingKey]) -> String { codingPath.isEmpty ? "" : path(codingPath) + ": " }
        switch error {
        case let .dataCorrupted(context):
            if context.codingPath.isEmpty {
                let detail = (context.underlyingError.map { "\($0)" }) ?? context.debugDescription
                return "not valid JSON (\(detail))"
            }
            return at(context.codingPath) + context.debugDescription
        case let .keyNotFound(key, context):
            return at(context.codingPath) + "missing key '\(key.stringValue)'"
        case let .typeMismatch(type, context):
            return at(context.codingPath) + "expected \(jsonTypeName(type))"
        case let .valueNotFound(type, context):
            return at(context.codingPath) + "expected \(jsonTypeName(type)), got null"
        @unknown default:
            return "\(error)"
        }
    }

    private static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is UInt64.Type: return "a whole number"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a value of type \(name)"
        }
    }

    private struct FormatProbe: Decodable { var format: Int? }
}

/// One task's baseline: how many of its seeded episodes succeeded, and under what.
///
/// JSON: `name`, `scene` (as the suite names it), `scene_name`, `scene_hash` (16 hex digits,
/// SceneHash after overrides), `overrides`, `policy`, `seed` (the task's batch seed),
/// `episodes`, `successes`, `success_rate` (successes/episodes, for readers), `failure_reasons`
/// (counts; they add up to the failures), `failed_seeds` (the episode seeds that failed).
public struct BaselineTask: Codable, Sendable, Equatable {
    public var name: String
    public var scene: String
    public var sceneName: String?
    public var sceneHash: String?
    public var overrides: [String]
    public var policy: String
    public var seed: UInt64
    public var episodes: Int
    public var successes: Int
    public var successRate: Double?
    public var failureReasons: [String: Int]
    public var failedSeeds: [UInt64]?

    enum CodingKeys: String, CodingKey {
        case name, scene, overrides, policy, seed, episodes, successes
        case sceneName = "scene_name", sceneHash = "scene_hash", successRate = "success_rate"
        case failureReasons = "failure_reasons", failedSeeds = "failed_seeds"
    }

    public init(name: String, scene: String, sceneName: String?, sceneHash: String?, overrides: [String], policy: String,
                seed: UInt64, episodes: Int, successes: Int, failureReasons: [String: Int], failedSeeds: [UInt64]?) {
        self.name = name
        self.scene = scene
        self.sceneName = sceneName
        self.sceneHash = sceneHash
        self.overrides = overrides
        self.policy = policy
        self.seed = seed
        self.episodes = episodes
        self.successes = successes
        successRate = episodes > 0 ? Double(successes) / Double(episodes) : nil
        self.failureReasons = failureReasons
        self.failedSeeds = failedSeeds
    }

    /// The 95% Wilson interval of the baseline's success rate.
    public var successInterval: WilsonInterval { WilsonInterval(successes: successes, trials: episodes) }
}
