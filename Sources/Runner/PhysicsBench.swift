// `tground bench physics`: physics steps per second and real-time factor for free bodies
// and for a motorised chain, the chain both from Swift and from the shim's C++ loop.
import Foundation
import Physics

/// What the physics benchmark runs. Counts are plain numbers; time in seconds.
public struct PhysicsBenchConfiguration: Sendable {
    /// Physics steps per case and repeat, > 0.
    public var steps: Int
    /// Runs per case; each figure reported is the median over them, > 0.
    public var repeats: Int
    /// Boxes dropped into a pile in the free-bodies case, > 0.
    public var freeBodyCount: Int
    /// Links of the chain in the chain cases, > 0.
    public var chainLinkCount: Int
    /// Fixed physics step (s), > 0.
    public var timeStep: Double
    /// Solver iterations of the humanoid worlds; nil keeps the scene's (50).
    public var solverIterations: Int?
    /// Solver residual threshold of the humanoid worlds, (m/s)^2; nil keeps the scene's.
    public var solverResidualThreshold: Double?
    /// Joint-row warm start of the humanoid worlds, 0…1 (WorldSpec.jointWarmStart); nil
    /// keeps the scene's.
    public var jointWarmStart: Double?

    public init(steps: Int = 2400, repeats: Int = 3, freeBodyCount: Int = 100, chainLinkCount: Int = 20,
                timeStep: Double = 1.0 / 240.0, solverIterations: Int? = nil) {
        self.solverIterations = solverIterations
        self.steps = steps
        self.repeats = repeats
        self.freeBodyCount = freeBodyCount
        self.chainLinkCount = chainLinkCount
        self.timeStep = timeStep
    }

    /// 2400 steps (10 s) at 240 Hz, 3 repeats, 100 boxes, a 20-link chain.
    public static let `default` = PhysicsBenchConfiguration()
}

/// Why a benchmark configuration cannot run.
public struct PhysicsBenchConfigurationError: Error, CustomStringConvertible {
    public let description: String
}

/// The median figures of one benchmark case.
public struct PhysicsBenchResult: Codable, Sendable, Equatable {
    /// One of `PhysicsBench.allCases`.
    public let caseName: String
    /// Moving rigid parts: dynamic bodies, or a chain's links (its welded base excluded).
    public let bodies: Int
    /// Velocity coordinates: 6 per free body, 1 per revolute joint.
    public let dofs: Int
    /// Contact points after the last step (nil when not counted).
    public let contacts: Int?
    public let steps: Int
    /// Median wall seconds for `steps` steps.
    public let seconds: Double
    /// steps / seconds.
    public let stepsPerSecond: Double
    /// Simulated seconds per wall second: steps × timeStep / seconds.
    public let realTimeFactor: Double

    enum CodingKeys: String, CodingKey {
        case caseName = "case"
        case bodies, dofs, contacts, steps, seconds
        case stepsPerSecond = "steps_per_second"
        case realTimeFactor = "real_time_factor"
    }

    /// One JSON object on one line, fields in the documented order. A non-finite figure
    /// (never expected) is written as null so the line stays valid JSON.
    public func jsonLine() -> String {
        func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "null" }
        return "{\"case\":\"\(caseName)\",\"bodies\":\(bodies),\"dofs\":\(dofs),"
            + "\"contacts\":\(contacts.map(String.init) ?? "null"),\"steps\":\(steps),"
            + "\"seconds\":\(number(seconds)),\"steps_per_second\":\(number(stepsPerSecond)),"
            + "\"real_time_factor\":\(number(realTimeFactor))}"
    }
}

/// The physics benchmark.
public enum PhysicsBench {
    /// Case names, in the order they run and are reported.
    public static let freeBodiesCase = "free-bodies"
    public static let chainSwiftCase = "chain-swift"
    public static let chainReferenceCase = "chain-cxx"
    public static let humanoidStandCase = "humanoid-stand"
    public static let humanoidStandReferenceCase = "humanoid-stand-cxx"
    public static let humanoidStandFourCase = "humanoid-stand-4"
    public static let humanoidLyingCase = "humanoid-lying"

    /// Every case name, in the order they run and are reported.
    public static let allCases = [freeBodiesCase, chainSwiftCase, chainReferenceCase, humanoidStandCase,
                                  humanoidStandReferenceCase, humanoidStandFourCase, humanoidLyingCase]

    /// Runs the cases named in `cases` (all when empty) `repeats` times, interleaved (one
    /// of each per round) so that slow drifts of the machine touch all cases alike, and
    /// returns the medians per case. Each run builds a fresh world, so every run simulates
    /// the same thing.
    public static func run(_ configuration: PhysicsBenchConfiguration = .default,
                           cases: [String] = []) throws -> [PhysicsBenchResult] {
        try validate(configuration)
        let selected = cases.isEmpty ? allCases : cases
        for name in selected where !allCases.contains(name) {
            throw PhysicsBenchConfigurationError(
                description: "unknown case '\(name)' (known: \(allCases.joined(separator: ", ")))")
        }
        var seconds: [String: [Double]] = [:]
        var shapes: [String: CaseShape] = [:]
        for _ in 0..<configuration.repeats {
            for name in selected {
                let (shape, time) = try runCase(name, configuration)
                shapes[name] = shape
                seconds[name, default: []].append(time)
            }
        }
        return selected.map { name in
            let shape = shapes[name] ?? CaseShape(bodies: 0, dofs: 0, contacts: nil)
            return result(name, shape: shape, seconds: seconds[name] ?? [], configuration)
        }
    }

    /// Size of a case's world: moving bodies, velocity coordinates, contact points.
    private struct CaseShape {
        var bodies: Int
        var dofs: Int
        var contacts: Int?
    }

    /// Builds the world of one case and times its loop.
    private static func runCase(_ name: String, _ configuration: PhysicsBenchConfiguration) throws -> (CaseShape, Double) {
        switch name {
        case freeBodiesCase:
            let freeBodies = try FreeBodiesWorld(configuration)
            let time = try timeSwiftLoop(freeBodies.world, steps: configuration.steps)
            return (CaseShape(bodies: configuration.freeBodyCount, dofs: freeBodies.dofs,
                              contacts: try freeBodies.world.contacts().count), time)
        case chainSwiftCase, chainReferenceCase:
            let chain = try ChainWorld(configuration)
            let time = name == chainSwiftCase ? try timeSwiftLoop(chain.world, steps: configuration.steps)
                                              : try chain.world.stepTimed(configuration.steps)
            return (CaseShape(bodies: configuration.chainLinkCount, dofs: chain.dofs, contacts: 0), time)
        default:
            let count = name == humanoidStandFourCase ? 4 : 1
            let posture: HumanoidBenchWorld.Posture = name == humanoidLyingCase ? .lying : .standing
            let humanoids = try HumanoidBenchWorld(count: count, posture: posture, timeStep: configuration.timeStep,
                                                   solverIterations: configuration.solverIterations,
                                                   solverResidualThreshold: configuration.solverResidualThreshold,
                                                   jointWarmStart: configuration.jointWarmStart)
            let controlSteps = max(1, configuration.steps / humanoids.physicsStepsPerControl)
            let time: Double
            if name == humanoidStandReferenceCase {
                time = try humanoids.robots[0].body.controlLoopTimed(
                    controlSteps: controlSteps, physicsStepsPerControl: humanoids.physicsStepsPerControl)
            } else {
                let stopwatch = Stopwatch()
                for _ in 0..<controlSteps { try humanoids.controlStep() }
                time = stopwatch.elapsedSeconds
            }
            // Rates are per physics step: scale to the configured step count.
            let stepsRun = controlSteps * humanoids.physicsStepsPerControl
            return (CaseShape(bodies: humanoids.bodies, dofs: humanoids.dofs, contacts: try humanoids.contactCount()),
                    time * Double(configuration.steps) / Double(stepsRun))
        }
    }

    /// The results as a table for a terminal, followed by the wrapper-overhead ratio
    /// (chain-swift seconds / chain-cxx seconds) when both chain cases are present.
    public static func table(_ results: [PhysicsBenchResult]) -> String {
        let header = ["case", "bodies", "dofs", "contacts", "steps", "seconds", "steps/s", "real-time ×"]
        let rows = results.map { result in
            [result.caseName, "\(result.bodies)", "\(result.dofs)", result.contacts.map(String.init) ?? "-", "\(result.steps)",
             String(format: "%.4f", result.seconds), String(format: "%.0f", result.stepsPerSecond),
             String(format: "%.1f", result.realTimeFactor)]
        }
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.indices.map { column in
                column == 0 ? padded(cells[column], to: widths[column]) : rightAligned(cells[column], to: widths[column])
            }.joined(separator: "  ")
        }
        var lines = [line(header)] + rows.map(line)
        let swift = results.first { $0.caseName == chainSwiftCase }
        let reference = results.first { $0.caseName == chainReferenceCase }
        if let swift, let reference, reference.seconds > 0 {
            lines.append("")
            lines.append(String(format: "wrapper overhead: chain-swift takes %.3f× the time of chain-cxx",
                                swift.seconds / reference.seconds))
        }
        let humanoid = results.first { $0.caseName == humanoidStandCase }
        let humanoidReference = results.first { $0.caseName == humanoidStandReferenceCase }
        if let humanoid, let humanoidReference, humanoid.seconds > 0 {
            if swift == nil || reference == nil { lines.append("") }
            lines.append(String(format: "humanoid control loop: Swift runs at %.3f× the speed of the C++ reference loop",
                                humanoidReference.seconds / humanoid.seconds))
        }
        #if DEBUG
        lines.append("note: debug build; build with `swift build -c release` for representative figures")
        #endif
        return lines.joined(separator: "\n")
    }

    // MARK: Cases

    /// Boxes dropped in a 5 × 5 grid of layers onto a ground plane.
    private struct FreeBodiesWorld {
        let world: World
        let dofs: Int

        init(_ configuration: PhysicsBenchConfiguration) throws {
            world = try World(settings: PhysicsBench.settings(configuration))
            try Ground.add(to: world)
            let objects = try ObjectPile.drop(
                ObjectPileSpec(boxCount: configuration.freeBodyCount, gridSide: 5), in: world)
            dofs = 6 * objects.count
        }
    }

    /// A fixed-base revolute chain, each joint held by a position motor, high enough
    /// above the ground that nothing touches: the multibody alone.
    private struct ChainWorld {
        let world: World
        let dofs: Int

        init(_ configuration: PhysicsBenchConfiguration) throws {
            world = try World(settings: PhysicsBench.settings(configuration))
            try Ground.add(to: world)
            let linkLength = 0.1
            let targets = (0..<configuration.chainLinkCount).map { 0.3 * sin(Double($0) * 0.7) }
            let spec = RevoluteChainSpec(
                basePosition: Vector3(0, 0, 1 + Double(configuration.chainLinkCount) * linkLength),
                targets: targets, linkLength: linkLength, linkThickness: 0.03, linkMass: 0.2, maxEffort: 200)
            let chain = try RevoluteChain.build(spec, in: world)
            dofs = chain.multiBody.velocityCount
        }
    }

    // MARK: Helpers

    fileprivate static func settings(_ configuration: PhysicsBenchConfiguration) -> WorldSettings {
        var settings = WorldSettings()
        settings.timeStep = configuration.timeStep
        return settings
    }

    /// Wall seconds for `steps` calls of `world.step()` from Swift: the way a training
    /// loop drives physics, one step per call.
    private static func timeSwiftLoop(_ world: World, steps: Int) throws -> Double {
        let stopwatch = Stopwatch()
        for _ in 0..<steps {
            try world.step()
        }
        return stopwatch.elapsedSeconds
    }

    private static func result(_ name: String, shape: CaseShape, seconds: [Double],
                               _ configuration: PhysicsBenchConfiguration) -> PhysicsBenchResult {
        // Clamp to one nanosecond so an immeasurably short run still yields finite rates.
        let medianSeconds = max(median(seconds), 1e-9)
        return PhysicsBenchResult(
            caseName: name, bodies: shape.bodies, dofs: shape.dofs, contacts: shape.contacts,
            steps: configuration.steps, seconds: medianSeconds,
            stepsPerSecond: Double(configuration.steps) / medianSeconds,
            realTimeFactor: Double(configuration.steps) * configuration.timeStep / medianSeconds)
    }

    /// The middle value (the mean of the two middle values for an even count); 0 if empty.
    public static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    // Rejects configurations that cannot run.
    private static func validate(_ configuration: PhysicsBenchConfiguration) throws {
        func fail(_ message: String) -> PhysicsBenchConfigurationError {
            PhysicsBenchConfigurationError(description: message)
        }
        guard configuration.steps > 0, configuration.steps <= Int(Int32.max) else {
            throw fail("steps must be between 1 and \(Int32.max), got \(configuration.steps)")
        }
        guard configuration.repeats > 0 else { throw fail("repeats must be > 0, got \(configuration.repeats)") }
        guard configuration.freeBodyCount > 0 else {
            throw fail("freeBodyCount must be > 0, got \(configuration.freeBodyCount)")
        }
        guard configuration.chainLinkCount > 0 else {
            throw fail("chainLinkCount must be > 0, got \(configuration.chainLinkCount)")
        }
        guard configuration.timeStep.isFinite, configuration.timeStep > 0, configuration.timeStep <= 0.1 else {
            throw fail("timeStep must be > 0 and at most 0.1 s, got \(configuration.timeStep)")
        }
        if let warm = configuration.jointWarmStart, !(warm.isFinite && (0...1).contains(warm)) {
            throw fail("jointWarmStart must be in [0, 1], got \(warm)")
        }
    }
}
