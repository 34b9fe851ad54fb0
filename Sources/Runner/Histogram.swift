// Histogram: equal-width bins with round edges over a set of values (episode returns,
// cycle times) for the report's charts.
import Foundation

/// Counts of finite values in equal-width bins. The bin width is a round number (1, 2, 2.5
/// or 5 × 10ᵏ) and the edges are multiples of it; the bin count follows Sturges' rule
/// (⌈log₂ n⌉ + 1, at most `maxBins`). Bins are [lower, upper) except the last, which
/// includes its upper edge. Non-finite values are counted apart, in `omitted`.
public struct Histogram: Sendable, Equatable {
    /// Lower edge of the first bin.
    public var start: Double
    public var binWidth: Double
    public var counts: [Int]
    /// Non-finite values (NaN, ±∞) left out.
    public var omitted: Int

    public init(values: [Double], maxBins: Int = 20) {
        let finite = values.filter(\.isFinite)
        omitted = values.count - finite.count
        guard let low = finite.min(), let high = finite.max() else {
            start = 0
            binWidth = 1
            counts = []
            return
        }
        if high - low <= max(abs(high), abs(low), 1) * 1e-12 {
            // All values (nearly) equal: one bin of a round width centred on them.
            let width = Self.roundWidth(atLeast: max(abs(low) * 0.1, 1e-9))
            start = low - width / 2
            binWidth = width
            counts = [finite.count]
            return
        }
        let target = max(1, min(maxBins, Int((log2(Double(finite.count))).rounded(.up)) + 1))
        var width = Self.roundWidth(atLeast: (high - low) / Double(target))
        var first = (low / width).rounded(.down) * width
        // Round edges can need one bin more than the target; widen once if that exceeds maxBins.
        if Int(((high - first) / width).rounded(.down)) + 1 > maxBins {
            width = Self.roundWidth(atLeast: width * 1.01)
            first = (low / width).rounded(.down) * width
        }
        let binCount = max(1, min(maxBins, Int(((high - first) / width).rounded(.up))))
        var counts = [Int](repeating: 0, count: binCount)
        for value in finite {
            let index = Int(((value - first) / width).rounded(.down))
            counts[min(max(index, 0), binCount - 1)] += 1
        }
        start = first
        binWidth = width
        self.counts = counts
    }

    /// Upper edge of the last bin.
    public var end: Double { start + binWidth * Double(counts.count) }

    /// Lower and upper edges of bin `index`.
    public func edges(of index: Int) -> (lower: Double, upper: Double) {
        (start + binWidth * Double(index), start + binWidth * Double(index + 1))
    }

    /// Bins holding at least one value (the bars a chart draws).
    public var occupiedBins: Int { counts.filter { $0 > 0 }.count }

    /// The smallest 1, 2, 2.5 or 5 × 10ᵏ that is ≥ `value` (> 0).
    static func roundWidth(atLeast value: Double) -> Double {
        let magnitude = pow(10, (log10(value)).rounded(.down))
        for step in [1.0, 2, 2.5, 5, 10] where step * magnitude >= value * (1 - 1e-12) {
            return step * magnitude
        }
        return 10 * magnitude
    }
}
