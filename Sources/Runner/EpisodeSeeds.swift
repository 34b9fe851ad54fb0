// EpisodeSeeds: the seed of each episode of a batch, from the batch seed and the episode
// index alone — so any worker, shard or machine derives the same seed for the same episode.

/// Episode seeds of a batch.
///
/// Formula: episode `i` (0-based) of a batch with seed `S` gets
///
///     seed(S, i) = mix(S + (i + 1) · 0x9E3779B97F4A7C15)        (wrapping 64-bit arithmetic)
///     mix(z)     = z ← (z ⊕ (z >> 30)) · 0xBF58476D1CE4E5B9
///                  z ← (z ⊕ (z >> 27)) · 0x94D049BB133111EB
///                  z ⊕ (z >> 31)
///
/// i.e. the (i+1)-th output of SplitMix64 started at `S`. Every scene of a batch uses the
/// same seed list; shards pick indices from it (see `ShardSpec`).
public enum EpisodeSeeds {
    public static let golden: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The seed of episode `index` of a batch seeded with `batchSeed`.
    public static func seed(batchSeed: UInt64, index: Int) -> UInt64 {
        var z = batchSeed &+ (UInt64(index) &+ 1) &* golden
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
