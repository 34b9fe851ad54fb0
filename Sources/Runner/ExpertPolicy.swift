// ExpertPolicy: the scripted experts of the Control layer as runner policies. An expert
// reads only the task's observation (by name), the robot's own joint state and model, and
// the task's privileged object poses — what a real robot with a perception stack could know.
//
// Each task's expert lives in its own file under Runner/Experts and registers here by task
// name (`ExpertPolicy.registry`).
import Control
import Physics
import Robot
import Scene
import Tasks

/// One task's scripted expert, made fresh for each episode.
public protocol TaskExpert {
    /// The next action (joint offsets from the nominal pose, in `episode.actionNames` order).
    mutating func act(observation: [Double], episode: Episode) -> [Double]
}

public struct ExpertPolicy: Policy {
    public typealias Maker = (Episode, ExpertContext) throws -> any TaskExpert

    /// The experts by task name.
    public static let registry: [String: Maker] = [
        "pick_place": PickPlaceTaskExpert.make,
        "conveyor_sort": ConveyorSortTaskExpert.make,
        "palletize": PalletizeTaskExpert.make,
        "panel_inspect": PanelInspectTaskExpert.make,
        "machine_tend": MachineTendTaskExpert.make,
        "peg_insert": PegInsertTaskExpert.make,
        "stand_push": StandPushTaskExpert.make,
        "tote_transfer": ToteTransferTaskExpert.make,
        "walk_to_station": WalkToStationTaskExpert.make,
    ]

    /// The task names that have an expert, sorted.
    public static var knownTasks: [String] { registry.keys.sorted() }

    /// The tasks whose experts take settings (`--policy expert:NAME=VALUE,...`): stand_push
    /// takes SteppingBalanceSettings by name (`SteppingBalanceSettings.set`).
    public static let settingsTasks: Set<String> = ["stand_push"]

    var expert: any TaskExpert

    /// The expert for the episode's task; throws for tasks that have none, naming those that do.
    /// `settings` (`name=value` each) go to the expert's controller; an expert that takes none
    /// throws when given any. `registry` is for tests; the default is every expert there is.
    public init(episode: Episode, settings: [String] = [], registry: [String: Maker] = ExpertPolicy.registry) throws {
        let context = ExpertContext(episode: episode, settings: settings)
        let task = episode.scene.task.name
        guard let make = registry[task] else {
            throw context.error("no expert for task '\(task)' (experts: \(registry.keys.sorted().joined(separator: ", ")))")
        }
        if !settings.isEmpty && !Self.settingsTasks.contains(task) {
            throw BatchError("the \(task) expert takes no settings (experts that do: \(Self.settingsTasks.sorted().joined(separator: ", ")))")
        }
        expert = try make(episode, context)
    }

    public mutating func act(observation: [Double], episode: Episode) -> [Double] {
        expert.act(observation: observation, episode: episode)
    }
}

/// What every expert needs to look things up: observation slots by name, the robot's
/// grippers, errors that name the scene file.
public struct ExpertContext {
    public let episode: Episode
    /// The control period (s).
    public let dt: Double
    /// Settings for the expert's controller, `name=value` each (`--policy expert:...`).
    public let settings: [String]

    init(episode: Episode, settings: [String] = []) {
        self.episode = episode
        self.settings = settings
        dt = 1 / episode.scene.task.controlHz
    }

    /// A SceneError about the scene's task.
    public func error(_ message: String, keyPath: String = "task.name") -> SceneError {
        SceneError(file: episode.scene.sourceFile, line: episode.scene.task.line, keyPath: keyPath, message: message)
    }

    /// The index of observation `name`; throws naming the task when it has no such slot.
    public func index(_ name: String) throws -> Int {
        guard let index = episode.observationNames.firstIndex(of: name) else {
            throw error("the expert needs observation '\(name)', which task \(episode.scene.task.name) does not give")
        }
        return index
    }

    /// The index of joint `name`'s measured position (`q.<name>`).
    public func jointIndex(_ name: String) throws -> Int { try index("q.\(name)") }

    /// A grasp controller for one arm (`left` or `right`) with its profile gripper, the
    /// arm's IK without the waist: what the two-handed experts start from before tuning.
    public func graspController(side: String, kinematics: KinematicModel) throws -> GraspController {
        let gripper = try self.gripper(side)
        let reach = ArmReach(kinematics: kinematics, nominal: episode.world.nominalPose, arm: side,
                             handFrame: gripper.graspFrame, useWaist: false)
        return GraspController(arm: reach, fingerJoints: gripper.joints,
                               gripper: GripperServo(open: gripper.open, closed: gripper.closed))
    }

    /// The gripper called `name` in the robot's profile (the first one when `name` is nil).
    public func gripper(_ name: String? = nil) throws -> GripperProfile {
        let grippers = episode.world.profile?.grippers ?? []
        guard let gripper = grippers.first(where: { $0.name == name }) ?? (name == nil ? grippers.first : nil) else {
            throw SceneError(file: episode.scene.sourceFile, line: 0, keyPath: "robot.profile",
                             message: "the \(episode.scene.task.name) expert needs a robot profile with a gripper\(name.map { " '\($0)'" } ?? "")")
        }
        return gripper
    }
}

/// Reads three consecutive observation slots as a vector.
@inline(__always)
func vector(_ observation: [Double], at index: Int) -> Vector3 {
    Vector3(observation[index], observation[index + 1], observation[index + 2])
}
