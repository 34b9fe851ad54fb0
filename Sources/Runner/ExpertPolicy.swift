// ExpertPolicy: the scripted experts of the Control layer as runner policies. An expert
// reads only the task's observation (by name) and the robot's own model.
import Control
import Physics
import Robot
import Scene
import Tasks

public struct ExpertPolicy: Policy {
    enum Kind {
        case pickPlace(PickPlaceExpert, part: Int, goal: Int)
    }

    var kind: Kind?
    let dt: Double

    /// The expert for the episode's task; throws for tasks that have none yet.
    public init(episode: Episode) throws {
        dt = 1 / episode.scene.task.controlHz
        let names = episode.observationNames
        func index(_ name: String) throws -> Int {
            guard let index = names.firstIndex(of: name) else {
                throw SceneError(file: episode.scene.sourceFile, line: episode.scene.task.line, keyPath: "task.name",
                                 message: "the expert needs observation '\(name)', which task \(episode.scene.task.name) does not give")
            }
            return index
        }
        switch episode.scene.task.name {
        case "pick_place":
            let world = episode.world
            guard let gripper = world.profile?.grippers.first(where: { $0.name == "left" }) ?? world.profile?.grippers.first else {
                throw SceneError(file: episode.scene.sourceFile, line: 0, keyPath: "robot.profile",
                                 message: "the pick-and-place expert needs a robot profile with a gripper")
            }
            let expert = PickPlaceExpert(model: world.robot.model, actionNames: episode.actionNames,
                                         nominal: world.nominalPose, arm: gripper.name, graspFrame: gripper.graspFrame,
                                         fingerJoints: gripper.joints, open: gripper.open, closed: gripper.closed)
            kind = .pickPlace(expert, part: try index("task.part.x"), goal: try index("task.goal.x"))
        default:
            throw SceneError(file: episode.scene.sourceFile, line: episode.scene.task.line, keyPath: "task.name",
                             message: "no expert for task '\(episode.scene.task.name)' yet (experts: pick_place)")
        }
    }

    public mutating func act(observation: [Double], episode: Episode) -> [Double] {
        switch kind {
        case .pickPlace(var expert, let part, let goal)?:
            let action = expert.act(part: Vector3(observation[part], observation[part + 1], observation[part + 2]),
                                    goal: Vector3(observation[goal], observation[goal + 1], observation[goal + 2]), dt: dt)
            kind = .pickPlace(expert, part: part, goal: goal)
            return action
        case nil:
            return [Double](repeating: 0, count: episode.actionSize)
        }
    }
}
