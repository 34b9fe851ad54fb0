// LatencyProbe: identifies a robot's actuation latency, the whole control periods between a
// joint target being sent and the servos acting on it, from the robot's own joint readings.
// One light joint (a wrist, whose motion does not disturb the body) has its target moved by
// `amplitude` for a single control period; the period in which its reading then moves
// furthest that way tells how long the target waited. A real robot can time its own delay
// the same way; nothing of the simulator's latency draw is read.
import Robot

public struct LatencyProbe: Sendable {
    /// The joint probed, the target's move (rad), the control period (counted from 0) of the
    /// move, and the longest latency (periods) looked for.
    public let joint: String
    public let amplitude: Double
    public let startPeriod: Int
    public let maxLatency: Int
    /// The smallest move (a share of `amplitude`) the reading must make in one period to
    /// count as the servo's answer: well above the joint sensors' noise (the scenes' 0.001).
    public let minimumResponse: Double
    /// The identified latency (control periods); nil until the probe is done, or when the
    /// joint never answered.
    public private(set) var latency: Int?
    /// Whether the probe has finished (identified or not).
    public private(set) var finished = false
    /// The reading's move in each period after the probe's, towards the probe.
    public private(set) var moves: [Double] = []
    private var period = 0
    private var last: Double?

    public init(joint: String, amplitude: Double = 0.05, startPeriod: Int = 30, maxLatency: Int = 3,
                minimumResponse: Double = 0.2) {
        self.joint = joint
        self.amplitude = amplitude
        self.startPeriod = startPeriod
        self.maxLatency = max(0, maxLatency)
        self.minimumResponse = minimumResponse
    }

    /// One control period: reads the probed joint's position (nil: not measured, the probe
    /// gives up) and returns the offset to add to its target in this period.
    public mutating func step(position: Double?) -> Double {
        defer { period += 1 }
        guard !finished else { return 0 }
        guard let position, position.isFinite else {
            finished = true
            return 0
        }
        if period > startPeriod, let last {
            moves.append((position - last) * (amplitude < 0 ? -1 : 1))
            if moves.count == maxLatency + 1 { conclude() }
        }
        last = position
        return period == startPeriod && !finished ? amplitude : 0
    }

    /// The latency is the period of the largest move towards the probe, if it is large enough.
    private mutating func conclude() {
        finished = true
        guard let best = moves.indices.max(by: { moves[$0] < moves[$1] }),
              moves[best] >= minimumResponse * abs(amplitude) else { return }
        latency = best
    }

    /// The joint to probe: of the `actuated` revolute joints outside the legs of `layout`,
    /// not mimicking another and with room for the probe's move from the layout's nominal
    /// pose, the one with the smallest effort limit (the lightest link, a wrist), the first
    /// in `actuated` order among equals; nil when there is none.
    public static func joint(in model: RobotModel, actuated: [String], layout: LegLayout,
                             amplitude: Double = 0.05) -> String? {
        let joints = Dictionary(model.joints.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let legs = Set(layout.allLegJoints), nominal = layout.nominal
        var best: (name: String, effort: Double)?
        for name in actuated where !legs.contains(name) {
            guard let joint = joints[name], joint.kind == .revolute || joint.kind == .continuous, joint.mimic == nil,
                  let effort = joint.limits?.effort, effort > 0 else { continue }
            let target = (nominal[name] ?? 0) + amplitude
            if let lower = joint.limits?.lower, target < lower { continue }
            if let upper = joint.limits?.upper, target > upper { continue }
            if effort < (best?.effort ?? .infinity) { best = (name, effort) }
        }
        return best?.name
    }
}
