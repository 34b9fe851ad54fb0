// SceneSpec: what a scene file says — world settings, robot, fixtures, parts, goal zones,
// cameras, lights, the task and its randomisation — as Codable values. A scene *is* this
// description; the mutable simulation built from it lives in SceneWorld.
//
// Units are SI: metres, kilograms, seconds, radians. Positions are world coordinates
// (z up); `yaw` turns an object about the world z axis.
import Physics

/// The scene file format version this build reads.
public let sceneFormatVersion = 1

public struct SceneSpec: Codable, Sendable, Hashable {
    public var format: Int
    public var name: String
    public var description: String
    public var world: WorldSpec
    public var robot: RobotSpec
    public var fixtures: [FixtureSpec]
    public var parts: [PartSpec]
    public var goals: [GoalSpec]
    public var cameras: [CameraSpec]
    public var lights: [LightSpec]
    public var task: TaskSpec
    public var randomization: RandomizationSpec
    /// Where the scene came from (set by the loader, not read from the file).
    public var sourceFile: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case format, name, description, world, robot, fixtures, parts, goals, cameras, lights, task, randomization
    }

    public init(format: Int = sceneFormatVersion, name: String, description: String = "", world: WorldSpec = WorldSpec(),
                robot: RobotSpec = RobotSpec(), fixtures: [FixtureSpec] = [], parts: [PartSpec] = [],
                goals: [GoalSpec] = [], cameras: [CameraSpec] = [], lights: [LightSpec] = [], task: TaskSpec,
                randomization: RandomizationSpec = RandomizationSpec(), sourceFile: String = "") {
        self.format = format
        self.name = name
        self.description = description
        self.world = world
        self.robot = robot
        self.fixtures = fixtures
        self.parts = parts
        self.goals = goals
        self.cameras = cameras
        self.lights = lights
        self.task = task
        self.randomization = randomization
        self.sourceFile = sourceFile
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(Int.self, forKey: .format)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        world = try c.decodeIfPresent(WorldSpec.self, forKey: .world) ?? WorldSpec()
        robot = try c.decodeIfPresent(RobotSpec.self, forKey: .robot) ?? RobotSpec()
        fixtures = try c.decodeIfPresent([FixtureSpec].self, forKey: .fixtures) ?? []
        parts = try c.decodeIfPresent([PartSpec].self, forKey: .parts) ?? []
        goals = try c.decodeIfPresent([GoalSpec].self, forKey: .goals) ?? []
        cameras = try c.decodeIfPresent([CameraSpec].self, forKey: .cameras) ?? []
        lights = try c.decodeIfPresent([LightSpec].self, forKey: .lights) ?? []
        task = try c.decode(TaskSpec.self, forKey: .task)
        randomization = try c.decodeIfPresent(RandomizationSpec.self, forKey: .randomization) ?? RandomizationSpec()
        sourceFile = ""
    }
}

/// The world's settings. Per-step fractions (the robot's servo gains, the contact error
/// reduction) are stated per 1/240 s (`StepFraction.referenceStep`) and restated for
/// `timeStep`, so a servo or a contact responds at the same rate, in seconds, whatever the
/// physics step: the contact's in `physicsSettings`, the servos' by RobotInstance.hold.
public struct WorldSpec: Codable, Sendable, Hashable {
    /// Physics step, s.
    public var timeStep: Double = 1.0 / 240.0
    public var solverIterations: Int = 50
    /// The solver stops early once an iteration's largest squared velocity error is at
    /// most this, (m/s)^2; 0 always runs every iteration.
    public var solverResidualThreshold: Double = 0
    /// Fraction of their last step's impulse the rows of the robot's servos and gears start
    /// a step at, 0…1 (World.setJointWarmStart); 0, the default, starts them at zero.
    public var jointWarmStart: Double = 0
    /// Which rows the warm start covers: `all` (default) or `geared` (JointWarmStartRows).
    public var jointWarmStartRows: JointWarmStartRows = .all
    /// m/s^2.
    public var gravity: Vector3 = Vector3(0, 0, -9.81)

    enum CodingKeys: String, CodingKey, CaseIterable {
        case timeStep = "time_step", solverIterations = "solver_iterations", gravity
        case solverResidualThreshold = "solver_residual_threshold"
        case jointWarmStart = "joint_warm_start", jointWarmStartRows = "joint_warm_start_rows"
    }

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func fail(_ key: CodingKeys, _ message: String) -> DecodingError {
            DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: message)
        }
        timeStep = try c.decodeIfPresent(Double.self, forKey: .timeStep) ?? timeStep
        guard timeStep.isFinite, timeStep > 0, timeStep <= 0.1 else {
            throw fail(.timeStep, "must be > 0 and at most 0.1 s, got \(timeStep)")
        }
        solverIterations = try c.decodeIfPresent(Int.self, forKey: .solverIterations) ?? solverIterations
        guard (1...10_000).contains(solverIterations) else {
            throw fail(.solverIterations, "must be 1…10000, got \(solverIterations)")
        }
        gravity = try c.decodeIfPresent(Vector3.self, forKey: .gravity) ?? gravity
        solverResidualThreshold = try c.decodeIfPresent(Double.self, forKey: .solverResidualThreshold)
            ?? solverResidualThreshold
        guard solverResidualThreshold.isFinite, solverResidualThreshold >= 0 else {
            throw fail(.solverResidualThreshold, "must be >= 0 (m/s)^2, got \(solverResidualThreshold)")
        }
        jointWarmStart = try c.decodeIfPresent(Double.self, forKey: .jointWarmStart) ?? jointWarmStart
        guard jointWarmStart.isFinite, (0...1).contains(jointWarmStart) else {
            throw fail(.jointWarmStart, "must be a fraction in [0, 1], got \(jointWarmStart)")
        }
        jointWarmStartRows = try c.decodeIfPresent(JointWarmStartRows.self, forKey: .jointWarmStartRows) ?? jointWarmStartRows
    }

    /// `fraction` per `StepFraction.referenceStep` restated per `timeStep` (unchanged at 1/240 s).
    public func perStep(_ fraction: Double) -> Double {
        StepFraction.perStep(fraction, timeStep: timeStep)
    }

    /// The settings a scene's physics world runs with: this step, solver and gravity, and
    /// Bullet's default contact ERP and split-impulse ERP (0.2 and 0.1 per 1/240 s; the
    /// contact ERP also scales joint limits and gear rows) restated for the step.
    public var physicsSettings: WorldSettings {
        var settings = WorldSettings()
        settings.timeStep = timeStep
        settings.solverIterations = solverIterations
        settings.solverResidualThreshold = solverResidualThreshold
        settings.gravity = gravity
        settings.contactERP = perStep(settings.contactERP)
        settings.splitImpulseERP = perStep(settings.splitImpulseERP)
        return settings
    }

    /// The residual threshold and the joint warm start are written only when set, so scenes
    /// without them keep the encoding (and the scene hash) they had before the keys existed.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(timeStep, forKey: .timeStep)
        try c.encode(solverIterations, forKey: .solverIterations)
        try c.encode(gravity, forKey: .gravity)
        if solverResidualThreshold != 0 { try c.encode(solverResidualThreshold, forKey: .solverResidualThreshold) }
        if jointWarmStart != 0 { try c.encode(jointWarmStart, forKey: .jointWarmStart) }
        if jointWarmStartRows != .all { try c.encode(jointWarmStartRows, forKey: .jointWarmStartRows) }
    }
}

public struct RobotSpec: Codable, Sendable, Hashable {
    /// A robot file relative to the scene file, or `builtin:NAME` for Assets/robots/NAME.
    public var file: String = "builtin:tg_humanoid"
    /// A profile sidecar; default: the robot file's `.profile.json` when it exists.
    public var profile: String?
    /// Where the robot stands: x, y of its base on the floor; z is added to the standing height.
    public var position: Vector3 = .zero
    public var yaw: Double = 0
    public var fixedBase: Bool = false
    /// "standing" (the profile's pose), "zero", or a keyframe name of the robot file.
    public var pose: String = "standing"
    /// Gains of the joint position servos: the fractions of the position error (and velocity
    /// error) removed per 1/240 s (`StepFraction.referenceStep`), in [0, 1]. They go to
    /// RobotBuildOptions and RobotInstance.hold as they are; the robot restates them for the
    /// world's step.
    public var positionGain: Double = 0.2
    public var velocityGain: Double = 1.0
    /// true: the servos keep to the robot file's joint velocity limits (URDF `<limit
    /// velocity>`; see `RobotBuildOptions.servoVelocityLimits`); false, the default: they
    /// ignore them. Off by default because the task experts' grips need the servo rows' fast
    /// targets: without warm-started joint rows a speed-limited finger squeezes with a
    /// fraction of its effort (tote_transfer 100 % → 5 %, machine_tend 55 % → 35 %, 20
    /// episodes at 1/240 s, 20 iterations).
    public var velocityLimits: Bool = false
    /// Collisions between the robot's own links (RobotSelfCollision: every two links with
    /// colliders that no joint joins directly, less the profile's `self_collision.exclude`).
    /// nil, the default: as the robot's profile says (`self_collision`; tg_humanoid: on),
    /// off for a robot without one.
    public var selfCollision: Bool?
    /// Pairs of links kept apart in this scene on top of the profile's `self_collision.exclude`
    /// (each pair two link names); written only when set. A scene that needs one states why.
    public var selfCollisionExclude: [[String]]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case file, profile, position, yaw, pose
        case fixedBase = "fixed_base", positionGain = "position_gain", velocityGain = "velocity_gain"
        case velocityLimits = "velocity_limits"
        case selfCollision = "self_collision", selfCollisionExclude = "self_collision_exclude"
    }

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        file = try c.decodeIfPresent(String.self, forKey: .file) ?? file
        profile = try c.decodeIfPresent(String.self, forKey: .profile)
        position = try c.decodeIfPresent(Vector3.self, forKey: .position) ?? position
        yaw = try c.decodeIfPresent(Double.self, forKey: .yaw) ?? yaw
        fixedBase = try c.decodeIfPresent(Bool.self, forKey: .fixedBase) ?? fixedBase
        pose = try c.decodeIfPresent(String.self, forKey: .pose) ?? pose
        positionGain = try c.decodeIfPresent(Double.self, forKey: .positionGain) ?? positionGain
        velocityGain = try c.decodeIfPresent(Double.self, forKey: .velocityGain) ?? velocityGain
        velocityLimits = try c.decodeIfPresent(Bool.self, forKey: .velocityLimits) ?? velocityLimits
        selfCollision = try c.decodeIfPresent(Bool.self, forKey: .selfCollision)
        selfCollisionExclude = try c.decodeIfPresent([[String]].self, forKey: .selfCollisionExclude)
    }

    /// `velocity_limits` is written only when on, and `self_collision` only when set, so
    /// scenes that do not set them keep the encoding (and the scene hash) they had before the
    /// keys existed.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encodeIfPresent(profile, forKey: .profile)
        try c.encode(position, forKey: .position)
        try c.encode(yaw, forKey: .yaw)
        try c.encode(fixedBase, forKey: .fixedBase)
        try c.encode(pose, forKey: .pose)
        try c.encode(positionGain, forKey: .positionGain)
        try c.encode(velocityGain, forKey: .velocityGain)
        if velocityLimits { try c.encode(velocityLimits, forKey: .velocityLimits) }
        try c.encodeIfPresent(selfCollision, forKey: .selfCollision)
        try c.encodeIfPresent(selfCollisionExclude, forKey: .selfCollisionExclude)
    }
}

/// A fixture: its type (a registered fixture kind), a name, where it stands, and the
/// type's own parameters (checked by the fixture type).
public struct FixtureSpec: Codable, Sendable, Hashable {
    public var type: String
    public var name: String
    public var position: Vector3
    public var yaw: Double
    /// Type-specific parameters: numbers, lists of numbers, strings or booleans.
    public var params: [String: SceneValue]
    /// File line of this fixture (for errors raised after decoding); 0 when unknown.
    public var line: Int

    public init(type: String, name: String, position: Vector3 = .zero, yaw: Double = 0,
                params: [String: SceneValue] = [:], line: Int = 0) {
        self.type = type
        self.name = name
        self.position = position
        self.yaw = yaw
        self.params = params
        self.line = line
    }

    static let fixedKeys = ["type", "name", "position", "yaw"]

    /// `type`, `name`, `position` and `yaw` are common; every other key is a parameter of
    /// the fixture type, checked when the fixture is built.
    public init(from decoder: Decoder) throws {
        line = decoder.sourceLine
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        type = try c.decode(String.self, forKey: AnyCodingKey("type"))
        name = try c.decodeIfPresent(String.self, forKey: AnyCodingKey("name")) ?? type
        position = try c.decodeIfPresent(Vector3.self, forKey: AnyCodingKey("position")) ?? .zero
        yaw = try c.decodeIfPresent(Double.self, forKey: AnyCodingKey("yaw")) ?? 0
        params = [:]
        for key in c.allKeys where !Self.fixedKeys.contains(key.stringValue) {
            params[key.stringValue] = try c.decode(SceneValue.self, forKey: key)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: AnyCodingKey.self)
        try c.encode(type, forKey: AnyCodingKey("type"))
        try c.encode(name, forKey: AnyCodingKey("name"))
        try c.encode(position, forKey: AnyCodingKey("position"))
        try c.encode(yaw, forKey: AnyCodingKey("yaw"))
        for (key, value) in params { try c.encode(value, forKey: AnyCodingKey(key)) }
    }
}

public enum PartShape: String, Codable, Sendable, Hashable, CaseIterable {
    case box, cylinder, sphere, mesh
}

public struct PartSpec: Codable, Sendable, Hashable {
    public var name: String
    public var shape: PartShape
    /// box: full sizes x y z; cylinder: radius and length; sphere: radius; mesh: scale.
    public var size: [Double]
    /// For mesh parts: a mesh file relative to the scene file.
    public var mesh: String?
    /// kg, > 0.
    public var mass: Double
    public var friction: Double
    /// RGBA in [0, 1].
    public var color: [Double]
    /// A free-form label tasks read (e.g. the colour class a sorting task sorts by).
    public var label: String?
    public var position: Vector3
    public var yaw: Double
    public var line: Int

    public init(name: String, shape: PartShape, size: [Double], mesh: String? = nil, mass: Double, friction: Double = 0.8,
                color: [Double] = [0.8, 0.3, 0.2, 1], label: String? = nil, position: Vector3, yaw: Double = 0,
                line: Int = 0) {
        self.name = name
        self.shape = shape
        self.size = size
        self.mesh = mesh
        self.mass = mass
        self.friction = friction
        self.color = color
        self.label = label
        self.position = position
        self.yaw = yaw
        self.line = line
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, shape, size, mesh, mass, friction, color, label, position, yaw
    }

    public init(from decoder: Decoder) throws {
        line = decoder.sourceLine
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        shape = try c.decode(PartShape.self, forKey: .shape)
        size = try c.decode([Double].self, forKey: .size)
        mesh = try c.decodeIfPresent(String.self, forKey: .mesh)
        mass = try c.decode(Double.self, forKey: .mass)
        friction = try c.decodeIfPresent(Double.self, forKey: .friction) ?? 0.8
        color = try c.decodeIfPresent([Double].self, forKey: .color) ?? [0.8, 0.3, 0.2, 1]
        label = try c.decodeIfPresent(String.self, forKey: .label)
        position = try c.decode(Vector3.self, forKey: .position)
        yaw = try c.decodeIfPresent(Double.self, forKey: .yaw) ?? 0
    }
}

/// An axis-aligned box region (after `yaw`) tasks test physical state against.
public struct GoalSpec: Codable, Sendable, Hashable {
    public var name: String
    public var position: Vector3
    /// Full sizes x y z, m.
    public var size: Vector3
    public var yaw: Double
    public var color: [Double]
    public var line: Int

    public init(name: String, position: Vector3, size: Vector3, yaw: Double = 0, color: [Double] = [0.2, 0.8, 0.3, 0.35],
                line: Int = 0) {
        self.name = name
        self.position = position
        self.size = size
        self.yaw = yaw
        self.color = color
        self.line = line
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, position, size, yaw, color }

    public init(from decoder: Decoder) throws {
        line = decoder.sourceLine
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        position = try c.decode(Vector3.self, forKey: .position)
        size = try c.decode(Vector3.self, forKey: .size)
        yaw = try c.decodeIfPresent(Double.self, forKey: .yaw) ?? 0
        color = try c.decodeIfPresent([Double].self, forKey: .color) ?? [0.2, 0.8, 0.3, 0.35]
    }
}

public struct LightSpec: Codable, Sendable, Hashable {
    /// Direction the light travels, world frame.
    public var direction: Vector3
    public var intensity: Double

    enum CodingKeys: String, CodingKey, CaseIterable { case direction, intensity }
}

public struct TaskSpec: Codable, Sendable, Hashable {
    /// A registered task name (see `tground list`).
    public var name: String
    /// Episode length in seconds of simulated time.
    public var episodeSeconds: Double
    /// Control rate in Hz; the physics step must divide the control period exactly.
    public var controlHz: Double
    /// Task-specific parameters, checked by the task.
    public var params: [String: SceneValue]
    public var line: Int

    public init(name: String, episodeSeconds: Double = 10, controlHz: Double = 60, params: [String: SceneValue] = [:],
                line: Int = 0) {
        self.name = name
        self.episodeSeconds = episodeSeconds
        self.controlHz = controlHz
        self.params = params
        self.line = line
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, params
        case episodeSeconds = "episode_seconds", controlHz = "control_hz"
    }

    public init(from decoder: Decoder) throws {
        line = decoder.sourceLine
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        episodeSeconds = try c.decodeIfPresent(Double.self, forKey: .episodeSeconds) ?? 10
        controlHz = try c.decodeIfPresent(Double.self, forKey: .controlHz) ?? 60
        params = try c.decodeIfPresent([String: SceneValue].self, forKey: .params) ?? [:]
    }
}

/// A closed range [low, high] of a scalar.
public struct ScalarRange: Codable, Sendable, Hashable {
    public var low: Double
    public var high: Double
    public init(_ low: Double, _ high: Double) {
        self.low = low
        self.high = high
    }

    /// Written `[low, high]` in scene files; low must not exceed high and both be finite.
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let values = try c.decode([Double].self)
        guard values.count == 2 else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected [low, high], got \(values.count) numbers")
        }
        guard values[0].isFinite, values[1].isFinite, values[0] <= values[1] else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription:
                "empty range [\(values[0]), \(values[1])]: low must be <= high and both finite")
        }
        low = values[0]
        high = values[1]
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode([low, high])
    }
}

/// What reset(seed) draws. Every draw comes from the episode's seeded generator.
public struct RandomizationSpec: Codable, Sendable, Hashable {
    /// Added to every part's position: uniform in [-x, x] × [-y, y] × [-z, z] (m).
    public var partPosition: Vector3 = .zero
    /// Added to every part's yaw, uniform in [-v, v] (rad).
    public var partYaw: Double = 0
    /// Multiplies every part's mass.
    public var partMassScale: ScalarRange?
    /// Replaces every part's friction coefficient.
    public var partFriction: ScalarRange?
    /// Added to every actuated joint's initial position, uniform in [-v, v] (rad or m).
    public var jointNoise: Double = 0
    /// Conveyor belt speed (m/s), replacing the fixtures' own.
    public var conveyorSpeed: ScalarRange?
    /// Seconds between part arrivals on a conveyor.
    public var arrivalInterval: ScalarRange?
    /// Seconds between pushes (stand_push) and their force (N).
    public var pushInterval: ScalarRange?
    public var pushForce: ScalarRange?
    /// Whole control steps an action waits before it reaches the motors.
    public var controlLatencySteps: ClosedRange<Int>?
    /// Standard deviation of Gaussian noise added to joint position readings (rad).
    public var sensorNoise: Double = 0

    enum CodingKeys: String, CodingKey, CaseIterable {
        case partPosition = "part_position", partYaw = "part_yaw", partMassScale = "part_mass_scale"
        case partFriction = "part_friction", jointNoise = "joint_noise", conveyorSpeed = "conveyor_speed"
        case arrivalInterval = "arrival_interval", pushInterval = "push_interval", pushForce = "push_force"
        case controlLatencySteps = "control_latency_steps", sensorNoise = "sensor_noise"
    }

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        partPosition = try c.decodeIfPresent(Vector3.self, forKey: .partPosition) ?? .zero
        partYaw = try c.decodeIfPresent(Double.self, forKey: .partYaw) ?? 0
        partMassScale = try c.decodeIfPresent(ScalarRange.self, forKey: .partMassScale)
        partFriction = try c.decodeIfPresent(ScalarRange.self, forKey: .partFriction)
        jointNoise = try c.decodeIfPresent(Double.self, forKey: .jointNoise) ?? 0
        conveyorSpeed = try c.decodeIfPresent(ScalarRange.self, forKey: .conveyorSpeed)
        arrivalInterval = try c.decodeIfPresent(ScalarRange.self, forKey: .arrivalInterval)
        pushInterval = try c.decodeIfPresent(ScalarRange.self, forKey: .pushInterval)
        pushForce = try c.decodeIfPresent(ScalarRange.self, forKey: .pushForce)
        controlLatencySteps = try c.decodeIfPresent(ClosedRange<Int>.self, forKey: .controlLatencySteps)
        sensorNoise = try c.decodeIfPresent(Double.self, forKey: .sensorNoise) ?? 0
    }
}

/// A parameter value in a scene file: what fixture and task parameters can hold.
public enum SceneValue: Codable, Sendable, Hashable {
    case number(Double)
    case numbers([Double])
    case string(String)
    case strings([String])
    case bool(Bool)

    public var number: Double? { if case .number(let v) = self { return v } else { return nil } }
    public var numbers: [Double]? {
        switch self {
        case .numbers(let v): return v
        case .number(let v): return [v]
        default: return nil
        }
    }
    public var string: String? { if case .string(let v) = self { return v } else { return nil } }
    public var strings: [String]? {
        switch self {
        case .strings(let v): return v
        case .string(let v): return [v]
        default: return nil
        }
    }
    public var bool: Bool? { if case .bool(let v) = self { return v } else { return nil } }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let v = try? c.decode(Bool.self) { self = .bool(v); return }
        if let v = try? c.decode(Double.self) { self = .number(v); return }
        if let v = try? c.decode(String.self) { self = .string(v); return }
        if let v = try? c.decode([Double].self) { self = .numbers(v); return }
        if let v = try? c.decode([String].self) { self = .strings(v); return }
        throw DecodingError.dataCorruptedError(in: c, debugDescription:
            "expected a number, a string, a boolean, or a list of numbers or of strings")
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let v): try c.encode(v)
        case .numbers(let v): try c.encode(v)
        case .string(let v): try c.encode(v)
        case .strings(let v): try c.encode(v)
        case .bool(let v): try c.encode(v)
        }
    }
}
