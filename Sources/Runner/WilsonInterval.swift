// WilsonInterval: a confidence interval for a success rate from k successes in n trials.

/// The Wilson score interval for a binomial proportion (good at small n and at rates near
/// 0 or 1, where the normal approximation fails):
///
///     centre = (p + z²/2n) / (1 + z²/n)
///     half   = z · √(p(1−p)/n + z²/4n²) / (1 + z²/n)        with p = k/n
///
/// For n = 0 the interval is [0, 1].
public struct WilsonInterval: Codable, Sendable, Equatable {
    public var low: Double
    public var high: Double

    /// z for a two-sided 95% interval.
    public static let z95 = 1.959963984540054

    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }

    public init(successes: Int, trials: Int, z: Double = WilsonInterval.z95) {
        guard trials > 0 else {
            self.init(low: 0, high: 1)
            return
        }
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        self.init(low: max(0, centre - half), high: min(1, centre + half))
    }
}
