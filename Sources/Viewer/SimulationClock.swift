// SimulationClock: how many fixed control steps the simulation owes the wall clock. The
// viewer renders as often as it can, but physics advances only in whole control steps,
// paced by wall time × speed: slow frames are dropped, never simulated time.

/// Paces fixed control steps against wall-clock time.
///
/// At speed 1 the simulation runs at real time however long frames take: each call of
/// `stepsDue(now:)` returns the control steps that fit into the wall time since the last
/// call (times the speed). When the physics itself cannot keep up, at most
/// `maximumBacklog` wall seconds are made up; the rest is dropped (and the real-time
/// factor shows it).
public struct SimulationClock: Sendable {
    /// Simulated seconds per control step.
    public let controlPeriod: Double
    /// Simulated seconds per wall second, one of `speeds`.
    public private(set) var speed: Double = 1
    public var isPaused = false
    /// The speeds `-` and `+` step through.
    public static let speeds: [Double] = [0.125, 0.25, 0.5, 1, 2, 4, 8]
    /// Wall seconds of lag made up at most; beyond it simulated time is dropped. Generous,
    /// so that at 1× only frames slower than a second cost simulated time.
    public var maximumBacklog = 1.0

    /// Simulated seconds owed but not yet stepped (less than one control period after a call).
    private var owed = 0.0
    private var lastWallTime: Double?

    public init(controlPeriod: Double) {
        self.controlPeriod = controlPeriod
    }

    /// Control steps to run now; `now` is wall time in seconds from any fixed origin.
    public mutating func stepsDue(now: Double) -> Int {
        defer { lastWallTime = now }
        guard let last = lastWallTime, !isPaused, controlPeriod > 0 else {
            owed = 0
            return 0
        }
        let elapsed = min(max(now - last, 0), maximumBacklog)
        owed += elapsed * speed
        let steps = Int((owed / controlPeriod + 1e-9).rounded(.down))
        owed -= Double(steps) * controlPeriod
        owed = max(owed, 0)
        return steps
    }

    /// Drops the simulated time still owed (the viewer gave up catching up this frame).
    public mutating func dropOwedTime() {
        owed = 0
    }

    /// Forgets the time since the last call (after a reset or a long pause), so the next
    /// call starts afresh.
    public mutating func restart() {
        lastWallTime = nil
        owed = 0
    }

    /// Halves the speed, down to 0.125×.
    public mutating func slowDown() {
        speed = Self.speeds.last { $0 < speed - 1e-12 } ?? Self.speeds[0]
    }

    /// Doubles the speed, up to 8×.
    public mutating func speedUp() {
        speed = Self.speeds.first { $0 > speed + 1e-12 } ?? Self.speeds[Self.speeds.count - 1]
    }
}
