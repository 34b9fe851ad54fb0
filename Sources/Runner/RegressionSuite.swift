// RegressionSuite: the suite file `tground regress` runs (Scenes/regress/suite.yaml) — which
// tasks, on which scenes, how many seeded episodes, with which policy, and the lowest
// success rate each may have. Read as strictly as scene files: unknown keys, wrong types
// and bad values are errors naming the file, line and key path.
import Foundation
import Scene

/// A regression suite. File format (YAML):
///
///     format: 1                      # required; this build reads format 1
///     name: core                     # the suite's name (JUnit testsuite, baseline)
///     description: …                 # optional
///     tasks:
///       - name: stand_still          # unique within the suite; names baseline entries
///         scene: stand_push.yaml     # relative to the suite file
///         set: [task.params.first_push=100, task.episode_seconds=2]   # optional overrides
///         episodes: 8                # seeded episodes (1…100000)
///         seed: 1                    # the task's batch seed (EpisodeSeeds derives one per episode)
///         policy: zero               # zero, random or expert (the task's scripted expert)
///         floor: 0.9                 # optional: fail below this success rate (0…1)
public struct RegressionSuite: Sendable, Equatable {
    /// The file as it was named (errors print it).
    public var file: String
    public var name: String
    public var description: String?
    public var tasks: [SuiteTask]

    public static let formatVersion = 1

    public init(file: String, name: String, description: String? = nil, tasks: [SuiteTask]) {
        self.file = file
        self.name = name
        self.description = description
        self.tasks = tasks
    }

    /// Reads and checks the suite at `path`; every scene it names must be readable.
    public static func load(path: String) throws -> RegressionSuite {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SceneError(file: path, line: 0, keyPath: "", message: "cannot read the suite file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SceneError(file: path, line: 0, keyPath: "", message: "the suite file is not UTF-8 text")
        }
        return try decode(yaml: text, file: path)
    }

    /// Decodes suite text as if it were the file `file` (scenes are found relative to it).
    public static func decode(yaml: String, file: String) throws -> RegressionSuite {
        let root = try SourceNode.parse(yaml: yaml, file: file)
        guard root.entries != nil else {
            throw SceneError(file: file, line: root.line, keyPath: "",
                             message: "a suite file is a mapping of keys (format, name, tasks), got \(root.foundDescription)")
        }
        let body = try SceneDecoder.decode(SuiteFileBody.self, from: root)
        var suite = RegressionSuite(file: file, name: body.name, description: body.description, tasks: body.tasks)
        for index in suite.tasks.indices {
            suite.tasks[index].scenePath = resolve(suite.tasks[index].scene, relativeTo: file)
            try suite.check(taskAt: index)
        }
        return suite
    }

    /// `name` relative to the folder of `file`, unless absolute.
    static func resolve(_ name: String, relativeTo file: String) -> String {
        if name.hasPrefix("/") { return (name as NSString).standardizingPath }
        let directory = (file as NSString).deletingLastPathComponent
        return directory.isEmpty ? name : ((directory as NSString).appendingPathComponent(name) as NSString).standardizingPath
    }

    /// The checks that need the whole suite or the disk: unique names, readable scenes.
    private func check(taskAt index: Int) throws {
        let task = tasks[index]
        if let first = tasks[..<index].first(where: { $0.name == task.name }) {
            throw SceneError(file: file, line: task.nameLine, keyPath: "tasks[\(index)].name",
                             message: "duplicate task name '\(task.name)' (first at line \(first.nameLine))")
        }
        guard FileManager.default.isReadableFile(atPath: task.scenePath) else {
            throw SceneError(file: file, line: task.sceneLine, keyPath: "tasks[\(index)].scene",
                             message: "cannot read the scene file '\(task.scene)' (looked for \(task.scenePath))")
        }
    }
}

/// One task of a suite: a scene (with overrides), a number of seeded episodes and a policy.
public struct SuiteTask: Sendable, Equatable {
    /// Unique within the suite; the key of the task's baseline entry.
    public var name: String
    /// The scene as the suite names it.
    public var scene: String
    /// The scene file resolved against the suite's folder.
    public var scenePath: String
    /// `--set`-style overrides (`key.path=value`) applied to the scene.
    public var overrides: [String]
    public var episodes: Int
    /// The batch seed: episode i runs from `EpisodeSeeds.seed(batchSeed: seed, index: i)`.
    public var seed: UInt64
    /// A policy name: `zero`, `random` or `expert`.
    public var policy: String
    /// The lowest acceptable success rate (0…1), if any.
    public var floor: Double?
    /// Lines in the suite file (for errors found later); 0 when unknown.
    public var line: Int
    public var nameLine: Int
    public var sceneLine: Int
    public var overridesLine: Int

    public init(name: String, scene: String, scenePath: String? = nil, overrides: [String] = [], episodes: Int,
                seed: UInt64, policy: String, floor: Double? = nil, line: Int = 0, nameLine: Int = 0, sceneLine: Int = 0,
                overridesLine: Int = 0) {
        self.name = name
        self.scene = scene
        self.scenePath = scenePath ?? scene
        self.overrides = overrides
        self.episodes = episodes
        self.seed = seed
        self.policy = policy
        self.floor = floor
        self.line = line
        self.nameLine = nameLine
        self.sceneLine = sceneLine
        self.overridesLine = overridesLine
    }

    /// The policies a suite may name: the built-in ones and the task's scripted expert
    /// (a replay of one record makes no sense over many seeds).
    public static var policyNames: [String] { PolicyKind.allCases.map(\.rawValue) + ["expert"] }

    /// The policy as the batch engine takes it.
    public func policySpec() throws -> PolicySpec { try PolicySpec(parsing: policy) }
}

// MARK: Decoding

/// The top level of a suite file.
private struct SuiteFileBody: Decodable {
    var name: String
    var description: String?
    var tasks: [SuiteTask]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case format, name, description, tasks
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decode(Int.self, forKey: .format)
        guard format == RegressionSuite.formatVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: container,
                debugDescription: "unsupported suite format \(format) (this build reads \(RegressionSuite.formatVersion))")
        }
        name = try container.decode(String.self, forKey: .name)
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: .name, in: container, debugDescription: "the suite needs a name")
        }
        description = try container.decodeIfPresent(String.self, forKey: .description)
        tasks = try container.decode([SuiteTask].self, forKey: .tasks)
        guard !tasks.isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: .tasks, in: container,
                                                   debugDescription: "a suite needs at least one task")
        }
    }
}

extension SuiteTask: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, scene, set, episodes, seed, policy, floor
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func lineOf(_ key: CodingKeys) -> Int {
            (container.contains(key) ? try? container.superDecoder(forKey: key).sourceLine : nil) ?? decoder.sourceLine
        }
        name = try container.decode(String.self, forKey: .name)
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "_-.".contains($0) }) else {
            throw DecodingError.dataCorruptedError(
                forKey: .name, in: container,
                debugDescription: "a task name is letters, digits, '_', '-' and '.', got \"\(name)\"")
        }
        scene = try container.decode(String.self, forKey: .scene)
        scenePath = scene
        overrides = try container.decodeIfPresent([String].self, forKey: .set) ?? []
        for text in overrides {
            do {
                _ = try SceneFileLoader.parseOverride(text)
            } catch let error as SceneError {
                throw DecodingError.dataCorruptedError(forKey: .set, in: container, debugDescription: error.message)
            }
        }
        episodes = try container.decode(Int.self, forKey: .episodes)
        guard (1...100_000).contains(episodes) else {
            throw DecodingError.dataCorruptedError(forKey: .episodes, in: container,
                                                   debugDescription: "expected 1 to 100000 episodes, got \(episodes)")
        }
        // Read as text: the scene decoder's integers stop at Int64, seeds go to 2⁶⁴ − 1.
        let seedText = try container.decode(String.self, forKey: .seed).replacingOccurrences(of: "_", with: "")
        guard let seed = seedText.hasPrefix("0x") ? UInt64(seedText.dropFirst(2), radix: 16) : UInt64(seedText) else {
            throw DecodingError.dataCorruptedError(
                forKey: .seed, in: container,
                debugDescription: "a seed is a whole number from 0 to 18446744073709551615 (or 0x…), got \"\(seedText)\"")
        }
        self.seed = seed
        policy = try container.decode(String.self, forKey: .policy)
        guard SuiteTask.policyNames.contains(policy) else {
            let names = SuiteTask.policyNames
            var message = "expected one of \(names.joined(separator: ", ")), got \"\(policy)\""
            if let suggestion = closestMatch(to: policy, in: names) { message += " (did you mean '\(suggestion)'?)" }
            throw DecodingError.dataCorruptedError(forKey: .policy, in: container, debugDescription: message)
        }
        floor = try container.decodeIfPresent(Double.self, forKey: .floor)
        if let floor, !(0...1).contains(floor) {
            throw DecodingError.dataCorruptedError(
                forKey: .floor, in: container,
                debugDescription: "a floor is a success rate from 0 to 1 (0.9 for 90%), got \(floor)")
        }
        line = decoder.sourceLine
        nameLine = lineOf(.name)
        sceneLine = lineOf(.scene)
        overridesLine = lineOf(.set)
    }
}
