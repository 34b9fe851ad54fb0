// `tground demo`: a small headless world with contacts and motorised joints, stepped for a
// few simulated seconds, and a report of what it simulated.
import Foundation
import Physics

/// What the demo builds and how long it runs. Sizes in metres, time in seconds.
public struct DemoConfiguration: Sendable {
    /// Simulated time to run (s), > 0.
    public var simulatedSeconds: Double
    /// Fixed physics step (s), > 0.
    public var timeStep: Double
    /// Loose objects dropped onto the ground.
    public var boxCount: Int
    public var sphereCount: Int
    /// Joint angle targets (rad) of the motorised chain, one per link.
    public var chainTargets: [Double]

    public init(simulatedSeconds: Double = 5, timeStep: Double = 1.0 / 240.0, boxCount: Int = 12,
                sphereCount: Int = 6, chainTargets: [Double] = [0.5, -0.4, 0.3, -0.3, 0.2, 0.4]) {
        self.simulatedSeconds = simulatedSeconds
        self.timeStep = timeStep
        self.boxCount = boxCount
        self.sphereCount = sphereCount
        self.chainTargets = chainTargets
    }

    /// 5 s at 240 Hz; 12 boxes and 6 spheres; a 6-link chain.
    public static let `default` = DemoConfiguration()
}

/// Why a demo configuration cannot run.
public struct DemoConfigurationError: Error, CustomStringConvertible {
    public let description: String
}

/// What the demo simulated and where everything ended up.
public struct DemoReport: Sendable {
    /// Where a named object's centre of mass ended (world z, m).
    public struct FinalHeight: Sendable {
        public let name: String
        public let height: Double
    }

    /// A motorised joint's final angle beside the angle its motor holds (rad).
    public struct JointTracking: Sendable {
        public let name: String
        public let target: Double
        public let angle: Double
        public var error: Double { angle - target }
    }

    /// Dynamic rigid bodies (the dropped objects).
    public let rigidBodyCount: Int
    /// Links of the motorised chain (each on one revolute joint).
    public let chainLinkCount: Int
    public let steps: Int
    /// Seconds per step.
    public let timeStep: Double
    /// Simulated seconds (steps × timeStep).
    public let simulatedSeconds: Double
    /// Wall seconds spent stepping (not building).
    public let wallSeconds: Double
    public let finalHeights: [FinalHeight]
    /// Contact points after the last step.
    public let contactCount: Int
    public let joints: [JointTracking]
    /// FNV-1a 64 of the world's full snapshot after the last step.
    public let stateHash: UInt64

    /// True when every reported height and joint angle is a finite number.
    public var isFinite: Bool {
        finalHeights.allSatisfy { $0.height.isFinite } && joints.allSatisfy { $0.angle.isFinite }
    }

    /// The report as lines for a terminal.
    public func rendered() -> String {
        var lines: [String] = []
        let realTimeFactor = wallSeconds > 0 ? simulatedSeconds / wallSeconds : .infinity
        lines.append("TrainingGround demo")
        lines.append("  world:     ground plane, \(rigidBodyCount) dropped bodies, "
                     + "\(chainLinkCount)-link revolute chain on a fixed base (position motors)")
        lines.append(String(format: "  stepped:   %d steps of %.6f s = %.3f s simulated", steps, timeStep,
                            simulatedSeconds))
        lines.append(String(format: "  wall time: %.3f s stepping (%.1f× real time)", wallSeconds, realTimeFactor))
        lines.append("  contacts:  \(contactCount) points after the last step")
        lines.append("")
        lines.append("  final heights (centre of mass z, m)")
        for row in finalHeights {
            lines.append("    " + padded(row.name, to: 10) + String(format: " %8.4f", row.height))
        }
        lines.append("")
        lines.append("  joints (rad)      angle    target     error")
        for joint in joints {
            lines.append("    " + padded(joint.name, to: 10)
                         + String(format: " %9.4f %9.4f %9.4f", joint.angle, joint.target, joint.error))
        }
        lines.append("")
        lines.append("  state hash: " + String(format: "%016llx", stateHash))
        return lines.joined(separator: "\n")
    }
}

/// The headless demo.
public enum Demo {
    /// Builds the world, steps it for `configuration.simulatedSeconds` and reports.
    /// Throws `DemoConfigurationError` for an unusable configuration, or a `PhysicsError`.
    public static func run(_ configuration: DemoConfiguration = .default) throws -> DemoReport {
        try validate(configuration)
        let steps = max(1, Int((configuration.simulatedSeconds / configuration.timeStep).rounded()))

        // Build: ground, a pile of loose objects, and the chain beside the pile.
        var settings = WorldSettings()
        settings.timeStep = configuration.timeStep
        let world = try World(settings: settings)
        try Ground.add(to: world)
        let objects = try ObjectPile.drop(
            ObjectPileSpec(boxCount: configuration.boxCount, sphereCount: configuration.sphereCount, gridSide: 2),
            in: world)
        let chain = try RevoluteChain.build(
            RevoluteChainSpec(basePosition: Vector3(0, 1.5, 1.5), targets: configuration.chainTargets), in: world)

        // Step.
        let stopwatch = Stopwatch()
        try world.step(steps)
        let wallSeconds = stopwatch.elapsedSeconds

        // Read back what happened.
        var heights = try objects.map { FinalHeight(name: $0.name, height: try $0.body.state().pose.position.z) }
        if chain.multiBody.linkCount > 0 {
            let tip = try chain.multiBody.linkState(chain.multiBody.linkCount - 1)
            heights.append(FinalHeight(name: "chain tip", height: tip.pose.position.z))
        }
        let angles = try chain.multiBody.jointPositions()
        let joints = zip(chain.multiBody.linkNames, zip(chain.targets, angles)).map {
            DemoReport.JointTracking(name: $0.0, target: $0.1.0, angle: $0.1.1)
        }
        return DemoReport(
            rigidBodyCount: objects.count, chainLinkCount: chain.multiBody.linkCount, steps: steps,
            timeStep: configuration.timeStep, simulatedSeconds: try world.time(), wallSeconds: wallSeconds,
            finalHeights: heights, contactCount: try world.contacts().count, joints: joints,
            stateHash: try world.stateHash())
    }

    private typealias FinalHeight = DemoReport.FinalHeight

    // Rejects configurations that would not make a meaningful or finite run.
    private static func validate(_ configuration: DemoConfiguration) throws {
        func fail(_ message: String) -> DemoConfigurationError { DemoConfigurationError(description: message) }
        guard configuration.simulatedSeconds.isFinite, configuration.simulatedSeconds > 0 else {
            throw fail("simulatedSeconds must be > 0 s, got \(configuration.simulatedSeconds)")
        }
        guard configuration.timeStep.isFinite, configuration.timeStep > 0 else {
            throw fail("timeStep must be > 0 s, got \(configuration.timeStep)")
        }
        guard configuration.simulatedSeconds / configuration.timeStep <= Double(Int32.max) else {
            throw fail("simulatedSeconds / timeStep is more steps than one run can take")
        }
        guard configuration.boxCount >= 0, configuration.sphereCount >= 0 else {
            throw fail("boxCount and sphereCount must be >= 0")
        }
        guard configuration.chainTargets.allSatisfy(\.isFinite) else {
            throw fail("chainTargets must be finite angles in radians")
        }
    }
}
