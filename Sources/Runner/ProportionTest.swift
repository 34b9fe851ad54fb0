// ProportionTest: did a success rate drop? The one-sided two-proportion z-test (pooled)
// that `tground regress` gates on.
import Foundation

/// A one-sided two-proportion z-test with a pooled standard error, comparing a current
/// success count with a baseline's:
///
///     p₀ = k₀/n₀ (baseline)     p₁ = k₁/n₁ (current)     p = (k₀ + k₁)/(n₀ + n₁) (pooled)
///     SE = √(p(1 − p)(1/n₀ + 1/n₁))
///     z  = (p₀ − p₁) / SE                     (positive when the rate dropped)
///     p-value of a drop     = P(Z ≥ z) = Φ(−z)
///     p-value of a rise     = P(Z ≤ z) = Φ(z)
///
/// H₀: the true rates are equal; H₁: the current rate is lower. A drop is significant at
/// level α when its p-value < α. When both samples are all successes or all failures
/// (p = 0 or 1) SE is 0 and the rates are identical: z = 0 and both p-values are 1.
///
/// The normal approximation is rough for small counts (a rule of thumb asks n·p and
/// n·(1 − p) ≥ 5 in each sample), and with few episodes only a large drop is significant:
/// 8/8 → 2/8 gives z ≈ 3.10, p ≈ 0.001 (a regression at α = 0.01); 8/8 → 6/8 gives
/// z ≈ 1.51, p ≈ 0.065 (not one). More episodes per task buy a more sensitive gate.
public struct ProportionTest: Codable, Sendable, Equatable {
    public var baselineSuccesses: Int
    public var baselineTrials: Int
    public var currentSuccesses: Int
    public var currentTrials: Int

    enum CodingKeys: String, CodingKey {
        case baselineSuccesses = "baseline_successes", baselineTrials = "baseline_trials"
        case currentSuccesses = "current_successes", currentTrials = "current_trials"
    }

    /// Counts must satisfy 0 ≤ successes ≤ trials and trials ≥ 1 (callers check; the
    /// baseline reader and the runner guarantee it).
    public init(baselineSuccesses: Int, baselineTrials: Int, currentSuccesses: Int, currentTrials: Int) {
        self.baselineSuccesses = baselineSuccesses
        self.baselineTrials = baselineTrials
        self.currentSuccesses = currentSuccesses
        self.currentTrials = currentTrials
    }

    public var baselineRate: Double { Double(baselineSuccesses) / Double(max(baselineTrials, 1)) }
    public var currentRate: Double { Double(currentSuccesses) / Double(max(currentTrials, 1)) }

    /// The pooled success rate of both samples.
    public var pooledRate: Double {
        Double(baselineSuccesses + currentSuccesses) / Double(max(baselineTrials + currentTrials, 1))
    }

    /// The pooled standard error of p₀ − p₁.
    public var standardError: Double {
        let p = pooledRate
        return (p * (1 - p) * (1 / Double(max(baselineTrials, 1)) + 1 / Double(max(currentTrials, 1)))).squareRoot()
    }

    /// z = (p₀ − p₁)/SE: positive when the current rate is below the baseline's; 0 when SE is 0.
    public var z: Double {
        let error = standardError
        guard error > 0 else { return 0 }
        return (baselineRate - currentRate) / error
    }

    /// One-sided p-value for "the current rate is lower than the baseline's".
    public var dropPValue: Double {
        standardError > 0 ? Self.normalCDF(-z) : 1
    }

    /// One-sided p-value for "the current rate is higher than the baseline's".
    public var risePValue: Double {
        standardError > 0 ? Self.normalCDF(z) : 1
    }

    /// The drop is significant at `alpha` (a regression).
    public func dropped(alpha: Double) -> Bool { dropPValue < alpha }

    /// The rise is significant at `alpha` (an improvement worth a new baseline).
    public func rose(alpha: Double) -> Bool { risePValue < alpha }

    /// Φ(x), the standard normal cumulative distribution, through erfc (accurate in the tails).
    public static func normalCDF(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }
}
