// Policies the headless runner can drive an episode with. Each is deterministic given the
// episode seed (random actions come from the project's seeded generator).
import Scene
import Tasks

public enum PolicyKind: String, CaseIterable, Sendable {
    /// Hold the nominal pose: all-zero actions.
    case zero
    /// Uniform random offsets in ±`randomAmplitude` of each joint's range (clipped), drawn
    /// from the episode seed.
    case random
}

public protocol Policy {
    /// The next action for `observation`.
    mutating func act(observation: [Double], episode: Episode) -> [Double]
}

public struct ZeroPolicy: Policy {
    public init() {}
    public func act(observation: [Double], episode: Episode) -> [Double] {
        [Double](repeating: 0, count: episode.actionSize)
    }
}

public struct RandomPolicy: Policy {
    var random: SeededGenerator
    /// Fraction of each joint's range the random offsets span.
    public var amplitude: Double

    public init(seed: UInt64, amplitude: Double = 0.25) {
        random = SeededGenerator(seed: seed, stream: "policy.random")
        self.amplitude = amplitude
    }

    public mutating func act(observation: [Double], episode: Episode) -> [Double] {
        (0..<episode.actionSize).map { index in
            random.uniform(episode.actionLow[index] * amplitude, episode.actionHigh[index] * amplitude)
        }
    }
}

public func makePolicy(_ kind: PolicyKind, seed: UInt64) -> any Policy {
    switch kind {
    case .zero: return ZeroPolicy()
    case .random: return RandomPolicy(seed: seed)
    }
}
