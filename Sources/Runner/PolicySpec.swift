// PolicySpec: the `--policy` of a batch — a built-in policy by name, the task's scripted
// expert (`expert`, or `expert:NAME=VALUE,...` with settings of its controller), or
// `replay:FILE` to play a recorded episode's actions back open-loop.
import Tasks

/// Makes the policy of one episode: called on the worker thread that runs it, once the
/// episode is built (so a policy can read the scene, the robot and the seed,
/// `episode.seed`); `episodeIndex` is the episode's index in the batch. Each call returns a
/// fresh policy. A throw is recorded as the episode's `error: …`.
public typealias PolicyFactory = @Sendable (_ episode: Episode, _ episodeIndex: Int) throws -> any Policy

public enum PolicySpec: Sendable, Equatable, CustomStringConvertible {
    /// A built-in policy (`zero`, `random`), seeded from the episode seed.
    case builtin(PolicyKind)
    /// The scripted expert of the scene's task (Control layer).
    case expert
    /// The scripted expert with settings of its controller, each `name=value`
    /// (ExpertPolicy.settingsTasks lists the experts that take any).
    case tunedExpert(settings: [String])
    /// The actions of a record file, step by step (zeros once they run out).
    case replay(path: String)

    /// Parses `zero`, `random`, `expert`, `expert:NAME=VALUE,...` or `replay:FILE`.
    public init(parsing text: String) throws {
        if text.hasPrefix("expert:") {
            let settings = text.dropFirst("expert:".count).split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard !settings.isEmpty, settings.allSatisfy({ $0.contains("=") }) else {
                throw BatchError("--policy \(text): expected expert:NAME=VALUE,... (comma-separated settings)")
            }
            self = .tunedExpert(settings: settings)
        } else if text.hasPrefix("replay:") {
            let path = String(text.dropFirst("replay:".count))
            guard !path.isEmpty else { throw BatchError("--policy replay:FILE needs a record file after 'replay:'") }
            self = .replay(path: path)
        } else if text == "expert" {
            self = .expert
        } else if let kind = PolicyKind(rawValue: text) {
            self = .builtin(kind)
        } else {
            let known = PolicyKind.allCases.map(\.rawValue) + ["expert", "expert:NAME=VALUE,...", "replay:FILE"]
            throw BatchError("unknown policy '\(text)' (known: \(known.joined(separator: ", ")))")
        }
    }

    /// The name logs and resume keys use.
    public var description: String {
        switch self {
        case let .builtin(kind): return kind.rawValue
        case .expert: return "expert"
        case let .tunedExpert(settings): return "expert:" + settings.joined(separator: ",")
        case let .replay(path): return "replay:\(path)"
        }
    }

    /// A factory for this policy; a replay record is read once, here. `actionSize` is the
    /// scene's: a record with another action size is an error.
    public func factory(actionSize: Int) throws -> PolicyFactory {
        switch self {
        case let .builtin(kind):
            return { episode, _ in makePolicy(kind, seed: episode.seed) }
        case .expert:
            return { episode, _ in try ExpertPolicy(episode: episode) }
        case let .tunedExpert(settings):
            return { episode, _ in try ExpertPolicy(episode: episode, settings: settings) }
        case let .replay(path):
            let recording: EpisodeRecording
            do {
                recording = try EpisodeRecording.read(from: path)
            } catch let error as RecordingError {
                throw BatchError("--policy replay:\(path): \(error)")
            }
            guard recording.actionSize == actionSize else {
                throw BatchError("--policy replay:\(path): the record has \(recording.actionSize) actions per step, "
                                 + "the scene's robot takes \(actionSize)")
            }
            let actions = recording.actions
            return { _, _ in ReplayPolicy(actions: actions, actionSize: actionSize) }
        }
    }

    /// A factory checked against every scene of `plan`: the policy can be built for each
    /// (an expert exists for its task; a record's action size fits its robot).
    public func factory(for plan: BatchPlan) throws -> PolicyFactory {
        guard let first = plan.scenes.first else { throw BatchError("no scene given") }
        let factory = try self.factory(actionSize: first.actionSize)
        for scene in plan.scenes {
            if case .replay = self, scene.actionSize != first.actionSize {
                throw BatchError("--policy \(self): \(scene.name) takes \(scene.actionSize) actions per step, "
                                 + "\(first.name) \(first.actionSize); replay one scene at a time")
            }
            do {
                _ = try factory(try Episode(scene: scene.spec, seed: plan.seed), 0)
            } catch {
                throw BatchError("--policy \(self) cannot drive \(scene.name): \(error)")
            }
        }
        return factory
    }
}

/// Plays recorded actions back in order, ignoring observations; all-zero actions after the
/// record ends.
public struct ReplayPolicy: Policy {
    public let actions: [Double]
    public let actionSize: Int
    public private(set) var step = 0

    public init(actions: [Double], actionSize: Int) {
        self.actions = actions
        self.actionSize = actionSize
    }

    public mutating func act(observation: [Double], episode: Episode) -> [Double] {
        defer { step += 1 }
        let start = step * actionSize
        guard start + actionSize <= actions.count else { return [Double](repeating: 0, count: episode.actionSize) }
        return Array(actions[start ..< start + actionSize])
    }
}
