// SeededGenerator: the project's own random numbers. Every random draw in a scene comes
// from one of these, seeded from the episode seed — never the system generator — so the
// same seed gives the same episode on every machine.

/// A 64-bit generator (SplitMix64 to seed, xoshiro256** to draw). Independent streams for
/// different purposes come from the same seed and a stream name, so adding draws to one
/// purpose never shifts another's.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64, stream: String = "") {
        var mix = seed ^ Self.hash(stream)
        func next() -> UInt64 {
            mix &+= 0x9E37_79B9_7F4A_7C15
            var z = mix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (next(), next(), next(), next())
    }

    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotate(state.3, 45)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [low, high] (low when the range is empty).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        high > low ? low + (high - low) * unit() : low
    }

    public mutating func uniform(_ range: ScalarRange) -> Double { uniform(range.low, range.high) }

    /// Uniform integer in the closed range.
    public mutating func integer(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next() % span)
    }

    /// Standard normal draw (Box–Muller; uses two uniforms every call, no cached state).
    public mutating func gaussian() -> Double {
        let u1 = max(unit(), 0x1.0p-53)
        let u2 = unit()
        return (-2 * logDouble(u1)).squareRoot() * cosDouble(2 * Double.pi * u2)
    }

    public static func == (a: SeededGenerator, b: SeededGenerator) -> Bool { a.state == b.state }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(state.0)
        hasher.combine(state.1)
        hasher.combine(state.2)
        hasher.combine(state.3)
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// FNV-1a of a stream name: a stable hash (Swift's Hasher is seeded per process).
    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}

#if canImport(Glibc)
import Glibc
private func logDouble(_ x: Double) -> Double { Glibc.log(x) }
private func cosDouble(_ x: Double) -> Double { Glibc.cos(x) }
#else
import Foundation
private func logDouble(_ x: Double) -> Double { Foundation.log(x) }
private func cosDouble(_ x: Double) -> Double { Foundation.cos(x) }
#endif
