// Task: what a scene asks of the robot — how the episode starts, what is observed, the
// reward and its terms, and success judged from physical state. One type per task, each in
// its own file, registered by name in TaskRegistry.
import Physics
import Scene

/// Why an episode failed. A fixed vocabulary, so logs and regressions can count them.
public enum FailureReason: String, Codable, Sendable, CaseIterable {
    case fell
    case droppedPart = "dropped_part"
    case collision
    case timeout
    case diverged
    case outOfBounds = "out_of_bounds"
}

/// What a task says after a control step.
public struct TaskEvaluation: Sendable {
    /// Named reward terms (documented by each task); the reward is their sum.
    public var rewardTerms: [String: Double]
    /// True when the task's physical success predicate holds; ends the episode.
    public var success: Bool
    /// Set when the task has failed for its own reasons (the episode adds fell, diverged,
    /// out_of_bounds and timeout itself).
    public var failure: FailureReason?
    /// Task metrics: e.g. parts placed, drops, cycle time (s).
    public var metrics: [String: Double]

    public init(rewardTerms: [String: Double] = [:], success: Bool = false, failure: FailureReason? = nil,
                metrics: [String: Double] = [:]) {
        self.rewardTerms = rewardTerms
        self.success = success
        self.failure = failure
        self.metrics = metrics
    }

    public var reward: Double { rewardTerms.keys.sorted().reduce(0) { $0 + (rewardTerms[$1] ?? 0) } }
}

public protocol Task: AnyObject {
    /// The `task.name` of scene files.
    static var name: String { get }
    /// One line for `tground list`.
    static var summary: String { get }
    /// Every `task.params` key the task accepts.
    static var parameterNames: [String] { get }

    /// Reads and checks the task's parameters against the scene (parts, goals and fixtures
    /// it names must exist). Errors: SceneErrors `file:line: task.params.key: message`.
    init(scene: SceneSpec) throws

    /// Called once the world is built for an episode (randomisation of the scene is
    /// applied; tasks draw their own from `random`, e.g. push times).
    func reset(world: SceneWorld, random: inout SeededGenerator) throws

    /// Called before each physics step (pushes, conveyor arrivals…). `time` is simulated s.
    func beforePhysicsStep(world: SceneWorld, time: Double) throws

    /// Privileged task state for policies (positions of parts and goals relative to the
    /// robot, phase flags…), with a name per entry.
    var observationNames: [String] { get }
    func observation(world: SceneWorld) throws -> [Double]

    /// Called after each control step.
    func evaluate(world: SceneWorld, time: Double) throws -> TaskEvaluation
}

extension Task {
    public func beforePhysicsStep(world: SceneWorld, time: Double) throws {}
}
