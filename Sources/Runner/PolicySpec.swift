// PolicySpec: the `--policy` of a batch — a built-in policy by name, or `replay:FILE` to
// play a recorded episode's actions back open-loop.
import Tasks

/// Makes the policy of one episode from its index in the batch and its seed. Called on the
/// worker thread that runs the episode; each call returns a fresh policy.
public typealias PolicyFactory = @Sendable (_ episodeIndex: Int, _ seed: UInt64) -> any Policy

public enum PolicySpec: Sendable, Equatable, CustomStringConvertible {
    /// A built-in policy (`zero`, `random`), seeded from the episode seed.
    case builtin(PolicyKind)
    /// The actions of a record file, step by step (zeros once they run out).
    case replay(path: String)

    /// Parses `zero`, `random` or `replay:FILE`.
    public init(parsing text: String) throws {
        if text.hasPrefix("replay:") {
            let path = String(text.dropFirst("replay:".count))
            guard !path.isEmpty else { throw BatchError("--policy replay:FILE needs a record file after 'replay:'") }
            self = .replay(path: path)
        } else if let kind = PolicyKind(rawValue: text) {
            self = .builtin(kind)
        } else {
            let known = PolicyKind.allCases.map(\.rawValue) + ["replay:FILE"]
            throw BatchError("unknown policy '\(text)' (known: \(known.joined(separator: ", ")))")
        }
    }

    /// The name logs and resume keys use.
    public var description: String {
        switch self {
        case let .builtin(kind): return kind.rawValue
        case let .replay(path): return "replay:\(path)"
        }
    }

    /// A factory for this policy; a replay record is read once, here. `actionSize` is the
    /// scene's: a record with another action size is an error.
    public func factory(actionSize: Int) throws -> PolicyFactory {
        switch self {
        case let .builtin(kind):
            return { _, seed in makePolicy(kind, seed: seed) }
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
