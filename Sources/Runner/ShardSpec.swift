// ShardSpec: `--shard i/N`, one machine's share of a batch's episodes.

/// Shard `index` of `count` (0 ≤ index < count) takes the episodes whose index `e`
/// satisfies `e % count == index`, for every scene of the batch: deterministic, disjoint,
/// covering, and balanced to within one episode per scene. Indices are 0-based, as Slurm's
/// `SLURM_ARRAY_TASK_ID` (with `--array=0-(N-1)`) and Kubernetes' `JOB_COMPLETION_INDEX` are.
public struct ShardSpec: Codable, Sendable, Hashable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) throws {
        guard count >= 1 else { throw ShardSpecError(text: "\(index)/\(count)", reason: "the shard count must be at least 1") }
        guard index >= 0, index < count else {
            throw ShardSpecError(text: "\(index)/\(count)",
                                 reason: "the shard index must be between 0 and \(count - 1) (indices are 0-based)")
        }
        self.index = index
        self.count = count
    }

    /// Parses `i/N`, e.g. `0/4`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0].trimmingCharactersInSpaces()),
              let count = Int(parts[1].trimmingCharactersInSpaces()) else {
            throw ShardSpecError(text: text, reason: "expected i/N with whole numbers, e.g. 0/4 (shard 0 of 4)")
        }
        try self.init(index: index, count: count)
    }

    /// Whether episode `episodeIndex` belongs to this shard.
    public func contains(episodeIndex: Int) -> Bool { episodeIndex % count == index }

    public var description: String { "\(index)/\(count)" }
}

/// A `--shard` spec that cannot be used.
public struct ShardSpecError: Error, CustomStringConvertible, Equatable {
    public var text: String
    public var reason: String
    public var description: String { "bad --shard '\(text)': \(reason)" }
}

extension Substring {
    fileprivate func trimmingCharactersInSpaces() -> Substring {
        var result = self
        while result.first == " " { result = result.dropFirst() }
        while result.last == " " { result = result.dropLast() }
        return result
    }
}
