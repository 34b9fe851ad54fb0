// The pick_place expert: PickPlaceExpert (Control) fed with the part and goal positions of
// the task's privileged observation and the finger joint's measured position.
import Control
import Physics
import Tasks

struct PickPlaceTaskExpert: TaskExpert {
    var expert: PickPlaceExpert
    let part: Int
    let goal: Int
    let finger: Int
    let dt: Double

    static func make(episode: Episode, context: ExpertContext) throws -> any TaskExpert {
        let world = episode.world
        let gripper = try (try? context.gripper("left")) ?? context.gripper()
        let expert = PickPlaceExpert(model: world.robot.model, actionNames: episode.actionNames,
                                     nominal: world.nominalPose, arm: gripper.name, graspFrame: gripper.graspFrame,
                                     fingerJoints: gripper.joints, open: gripper.open, closed: gripper.closed)
        return PickPlaceTaskExpert(expert: expert, part: try context.index("task.part.x"),
                                   goal: try context.index("task.goal.x"),
                                   finger: try context.jointIndex(gripper.joints.first ?? ""), dt: context.dt)
    }

    mutating func act(observation: [Double], episode: Episode) -> [Double] {
        expert.act(part: vector(observation, at: part), goal: vector(observation, at: goal),
                   finger: observation[finger], dt: dt)
    }
}
