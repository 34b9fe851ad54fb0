// Episode: one run of a scene's task from a seed. A control step reads as its stages:
// applyAction → stepPhysics → readSensors → evaluateTask.
//
// Actions are joint position offsets (rad or m) from the scene's nominal pose for every
// actuated joint, in `actionNames` order; the robot's position servos track nominal +
// action, clipped to joint limits. A zero action holds the start pose.
import Foundation
import Physics
import Robot
import Scene

public struct StepResult: Sendable {
    public var observation: [Double]
    public var reward: Double
    public var rewardTerms: [String: Double]
    /// The episode ended by success or failure (Gymnasium's `terminated`).
    public var terminated: Bool
    /// The episode ran out of time (Gymnasium's `truncated`); its failure is `timeout`.
    public var truncated: Bool
    public var success: Bool
    public var failure: FailureReason?
    public var metrics: [String: Double]
    /// For `diverged`: what broke, with names (`robot tg_humanoid link left_shin: linear
    /// speed 63 m/s > 50 m/s`).
    public var failureDetail: String? = nil
}

public final class Episode {
    public let scene: SceneSpec
    public private(set) var world: SceneWorld
    public private(set) var task: any Task
    public private(set) var seed: UInt64
    /// Actuated joints, in the robot's link order.
    public let actionNames: [String]
    /// Bounds of each action entry (joint limits minus the nominal pose).
    public let actionLow: [Double]
    public let actionHigh: [Double]
    public private(set) var observationNames: [String]
    /// Physics steps per control step.
    public let physicsStepsPerControl: Int
    public let maxControlSteps: Int
    public private(set) var controlStep = 0
    public private(set) var simulatedTime = 0.0
    public private(set) var episodeReturn = 0.0
    public private(set) var finished = false
    /// FNV-1a over every observation and reward bit so far: equal hashes mean equal
    /// trajectories.
    public private(set) var trajectoryHash: UInt64 = 0xcbf2_9ce4_8422_2325
    private var pendingActions: [[Double]] = []
    /// Per action entry, looked up once per episode (the world is rebuilt at every reset):
    /// its joint's Bullet link, its nominal position, and its slot in the body's joint
    /// position and velocity vectors (-1: none, the observation reads 0).
    private var actionLinks: [Int] = []
    private var actionNominal: [Double] = []
    private var positionSlots: [Int] = []
    private var velocitySlots: [Int] = []
    private var latencySteps = 0
    private var sensorNoise = SeededGenerator(seed: 0)
    private var lastEvaluation = TaskEvaluation()
    /// The observation of the current state, read once per control step (sensor noise is
    /// drawn then), so asking for it again changes nothing.
    private var lastObservation: [Double] = []
    /// The bounds the sanity guard checks after every physics step.
    public var sanityLimits = SanityLimits.standard
    /// Contact depth (m) that counts as bodies starting inside each other on the first step.
    public var startPenetrationLimit = 0.01
    /// Why the episode diverged, with names; nil while it has not.
    public private(set) var divergence: String?

    /// Renders the scene's cameras (set by whoever can render: the viewer, the C ABI,
    /// `tground run --cameras`). Kept across resets. Without one, `cameraFrame` throws
    /// `CameraError.noRenderer` and tasks use their geometric checks.
    public var cameraProvider: (any CameraProvider)? {
        didSet { world.cameras.provider = cameraProvider }
    }

    /// Called before every physics step with the world (after the task's own pushes): for
    /// outside perturbations such as the viewer's drag spring, applied as forces lasting
    /// one physics step. Kept across resets. Nil (the default) changes nothing.
    public var beforePhysicsStep: ((SceneWorld) throws -> Void)?

    /// Builds the scene for `seed`. Errors are SceneErrors naming the file and line.
    public init(scene: SceneSpec, seed: UInt64) throws {
        self.scene = scene
        self.seed = seed
        let control = scene.task.controlHz
        let ratio = 1 / (control * scene.world.timeStep)
        guard control.isFinite, control > 0, abs(ratio - ratio.rounded()) < 1e-6, ratio.rounded() >= 1 else {
            throw SceneError(file: scene.sourceFile, line: scene.task.line, keyPath: "task.control_hz",
                             message: "the control period (1/\(control) s) must be a whole number of physics steps (\(scene.world.timeStep) s)")
        }
        guard scene.task.episodeSeconds.isFinite, scene.task.episodeSeconds > 0 else {
            throw SceneError(file: scene.sourceFile, line: scene.task.line, keyPath: "task.episode_seconds",
                             message: "must be > 0 s")
        }
        physicsStepsPerControl = Int(ratio.rounded())
        maxControlSteps = Int((scene.task.episodeSeconds * control).rounded())
        task = try TaskRegistry.make(for: scene)
        let built = try SceneWorld(spec: scene, seed: seed)
        world = built
        let robot = built.robot
        let nominal = built.nominalPose
        actionNames = robot.jointNames.filter { nominal[$0] != nil }
        var low: [Double] = [], high: [Double] = []
        for name in actionNames {
            let joint = robot.model.joint(named: name)
            let zero = nominal[name] ?? 0
            low.append((joint?.limits?.lower ?? -Double.pi) - zero)
            high.append((joint?.limits?.upper ?? Double.pi) - zero)
        }
        actionLow = low
        actionHigh = high
        observationNames = []
        try begin()
    }

    public var actionSize: Int { actionNames.count }
    public var observationSize: Int { observationNames.count }

    /// Starts a new episode from `seed`: the world is rebuilt, never patched.
    @discardableResult
    public func reset(seed: UInt64) throws -> [Double] {
        self.seed = seed
        task = try TaskRegistry.make(for: scene)
        world = try SceneWorld(spec: scene, seed: seed)
        world.cameras.provider = cameraProvider
        try begin()
        return lastObservation
    }

    private func begin() throws {
        controlStep = 0
        simulatedTime = 0
        episodeReturn = 0
        finished = false
        divergence = nil
        trajectoryHash = 0xcbf2_9ce4_8422_2325
        pendingActions = []
        try lookUpActionJoints()
        var random = SeededGenerator(seed: seed, stream: "episode")
        latencySteps = scene.randomization.controlLatencySteps.map { random.integer($0) } ?? 0
        sensorNoise = SeededGenerator(seed: seed, stream: "sensors")
        var taskRandom = SeededGenerator(seed: seed, stream: "task")
        try task.reset(world: world, random: &taskRandom)
        observationNames = proprioceptionNames() + task.observationNames
        lastObservation = try readSensors()
    }

    /// The observation of the current state (the one the last step or reset returned).
    public func observe() throws -> [Double] { lastObservation }

    /// One control step.
    public func step(_ action: [Double]) throws -> StepResult {
        guard !finished else { throw EpisodeError.finished }
        try applyAction(action)
        try stepPhysics()
        let observation = try readSensors()
        lastObservation = observation
        return try evaluateTask(observation: observation)
    }

    // MARK: Stages

    /// Checks the action, queues it behind the control latency, and sends the one due now
    /// to the joint servos.
    private func applyAction(_ action: [Double]) throws {
        guard action.count == actionSize else { throw EpisodeError.actionSize(expected: actionSize, got: action.count) }
        if let index = action.firstIndex(where: { !$0.isFinite }) {
            throw EpisodeError.nonFiniteAction(index: index, joint: actionNames[index])
        }
        pendingActions.append(action)
        guard pendingActions.count > latencySteps else { return }
        let due = pendingActions.removeFirst()
        var targets: [Double] = []
        targets.reserveCapacity(actionSize)
        for index in 0..<actionSize {
            let offset = min(max(due[index], actionLow[index]), actionHigh[index])
            targets.append(actionNominal[index] + offset)
        }
        try world.robot.hold(links: actionLinks, targets: targets, positionGain: scene.robot.positionGain,
                             velocityGain: scene.robot.velocityGain)
    }

    /// Fills actionLinks, actionNominal, positionSlots and velocitySlots for this world.
    private func lookUpActionJoints() throws {
        let robot = world.robot
        actionLinks = try actionNames.map { name in
            guard let link = robot.jointIndex(named: name) else {
                throw PhysicsError.notFound("robot \(robot.model.name) has no movable joint named \(name)")
            }
            return link
        }
        actionNominal = actionNames.map { world.nominalPose[$0] ?? 0 }
        // A name's slot is that of the last single-coordinate link of that name (as a
        // name-keyed reading, written in link order, would keep).
        var positionSlot: [String: Int] = [:], velocitySlot: [String: Int] = [:]
        var positionCursor = 0, velocityCursor = 0
        for (index, type) in robot.body.jointTypes.enumerated() {
            if type.positionCount == 1 { positionSlot[robot.jointNames[index]] = positionCursor }
            if type.velocityCount == 1 { velocitySlot[robot.jointNames[index]] = velocityCursor }
            positionCursor += type.positionCount
            velocityCursor += type.velocityCount
        }
        positionSlots = actionNames.map { positionSlot[$0] ?? -1 }
        velocitySlots = actionNames.map { velocitySlot[$0] ?? -1 }
    }

    /// The physics steps of one control step, each followed by the sanity guard; a broken
    /// bound stops the stepping and the episode ends `diverged` with the reason.
    private func stepPhysics() throws {
        for _ in 0..<physicsStepsPerControl {
            try task.beforePhysicsStep(world: world, time: simulatedTime)
            let first = controlStep == 0 && simulatedTime == 0
            if let beforePhysicsStep { try beforePhysicsStep(world) }
            try world.world.step()
            simulatedTime += scene.world.timeStep
            var limits = sanityLimits
            if first, startPenetrationLimit > 0 { limits.maxPenetration = startPenetrationLimit }
            if let violation = try world.world.checkSanity(limits) {
                divergence = world.describe(violation)
                if first, violation.quantity == .penetration { divergence = "bodies start inside each other: " + (divergence ?? "") }
                break
            }
        }
        controlStep += 1
    }

    private func proprioceptionNames() -> [String] {
        actionNames.map { "q.\($0)" } + actionNames.map { "qd.\($0)" }
            + ["base.qx", "base.qy", "base.qz", "base.qw", "base.wx", "base.wy", "base.wz", "base.vx", "base.vy", "base.vz",
               "base.height"]
    }

    /// Joint positions (with sensor noise), velocities, base orientation and velocities,
    /// base height; then the task's state.
    private func readSensors() throws -> [Double] {
        let robot = world.robot
        let positions = try robot.body.jointPositions()
        let velocities = try robot.body.jointVelocities()
        let noise = scene.randomization.sensorNoise
        var observation: [Double] = []
        observation.reserveCapacity(observationNames.count)
        for slot in positionSlots {
            observation.append((slot >= 0 ? positions[slot] : 0) + (noise > 0 ? noise * sensorNoise.gaussian() : 0))
        }
        for slot in velocitySlots { observation.append(slot >= 0 ? velocities[slot] : 0) }
        let base = try robot.body.baseState()
        let rootPose = try robot.framePose(robot.model.rootLink)
        observation += [rootPose.rotation.x, rootPose.rotation.y, rootPose.rotation.z, rootPose.rotation.w,
                        base.angularVelocity.x, base.angularVelocity.y, base.angularVelocity.z,
                        base.linearVelocity.x, base.linearVelocity.y, base.linearVelocity.z, rootPose.position.z]
        observation += try task.observation(world: world)
        return observation
    }

    /// The task's verdict plus the episode's own failure checks: diverged, fell,
    /// out_of_bounds, and timeout at the end.
    private func evaluateTask(observation: [Double]) throws -> StepResult {
        var evaluation = try task.evaluate(world: world, time: simulatedTime)
        if scene.randomization.controlLatencySteps != nil {
            evaluation.metrics["control_latency_steps"] = Double(latencySteps)
        }
        if divergence == nil, let index = observation.firstIndex(where: { !$0.isFinite }) {
            divergence = "observation \(observationNames[index]) is \(observation[index])"
        }
        if divergence != nil {
            // Nothing the task judged from a diverged state counts.
            evaluation.success = false
            evaluation.failure = .diverged
        }
        var failure = evaluation.failure
        if failure == nil, !evaluation.success { failure = try generalFailure(observation: observation) }
        let reward = evaluation.reward
        episodeReturn += reward
        for value in observation + [reward] { mix(value.bitPattern) }
        let truncated = !evaluation.success && failure == nil && controlStep >= maxControlSteps
        if truncated { failure = .timeout }
        evaluation.failure = failure
        lastEvaluation = evaluation
        let terminated = evaluation.success || (failure != nil && !truncated)
        finished = terminated || truncated
        return StepResult(observation: observation, reward: reward, rewardTerms: evaluation.rewardTerms,
                          terminated: terminated, truncated: truncated, success: evaluation.success,
                          failure: failure, metrics: evaluation.metrics,
                          failureDetail: failure == .diverged ? divergence : nil)
    }

    /// Fell and out of bounds (divergence is the sanity guard's).
    private func generalFailure(observation: [Double]) throws -> FailureReason? {
        if scene.robot.fixedBase { return nil }
        let root = try world.robot.framePose(world.robot.model.rootLink)
        let up = root.rotation.rotate(.unitZ).z
        if root.position.z < 0.5 * world.startHeight || up < 0.5 { return .fell }
        let start = scene.robot.position
        if abs(root.position.x - start.x) > 20 || abs(root.position.y - start.y) > 20 { return .outOfBounds }
        return nil
    }

    private func mix(_ bits: UInt64) {
        var value = bits
        for _ in 0..<8 {
            trajectoryHash ^= value & 0xff
            trajectoryHash = trajectoryHash &* 0x0000_0100_0000_01b3
            value >>= 8
        }
    }

    /// Camera `name`'s picture now: rendered when its rate says one is due, else the last
    /// one. Throws CameraError (unknown camera, no renderer, rendering unavailable).
    public func cameraFrame(_ name: String) throws -> CameraFrame {
        try world.cameraFrame(name, at: simulatedTime)
    }

    /// The last task metrics and verdict.
    public var lastMetrics: [String: Double] { lastEvaluation.metrics }
}

public enum EpisodeError: Error, CustomStringConvertible, Equatable {
    case finished
    case actionSize(expected: Int, got: Int)
    case nonFiniteAction(index: Int, joint: String)

    public var description: String {
        switch self {
        case .finished: return "the episode has ended; call reset(seed:) first"
        case let .actionSize(expected, got): return "action has \(got) entries, expected \(expected) (one per actuated joint)"
        case let .nonFiniteAction(index, joint): return "action[\(index)] (joint \(joint)) is NaN or infinite"
        }
    }
}
