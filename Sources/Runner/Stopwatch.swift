// Wall-clock timing for the demo and the benchmarks (monotonic; never used by physics).

/// Measures elapsed wall time in seconds from its creation, on a monotonic clock.
struct Stopwatch {
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant

    init() { start = clock.now }

    /// Seconds since the stopwatch was created.
    var elapsedSeconds: Double {
        let elapsed = (clock.now - start).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
    }
}
