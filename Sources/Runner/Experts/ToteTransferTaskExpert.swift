// The tote_transfer expert: ToteCarryExpert (Control) fed with the tote's centre, its two
// handles and the goal spot of the task's privileged observation, and the robot's measured
// joint positions (the hands by forward kinematics, the fingers for the grippers). Both
// grippers of the robot's profile work together (left, then right).
import Control
import Foundation
import Physics
import Tasks

struct ToteTransferTaskExpert: TaskExpert {
    var expert: ToteCarryExpert
    let tote: Int
    let handles: (Int, Int)
    let goal: Int
    let joints: [(name: String, index: Int)]
    let held: Int
    let dt: Double
    let tracing = ProcessInfo.processInfo.environment["TG_EXPERT_TRACE"] != nil

    static func make(episode: Episode, context: ExpertContext) throws -> any TaskExpert {
        let world = episode.world
        let grippers = try ["left", "right"].map { try context.gripper($0) }
        let expert = ToteCarryExpert(model: world.robot.model, actionNames: episode.actionNames, nominal: world.nominalPose,
                                     graspFrames: grippers.map(\.graspFrame), fingerJoints: grippers.map(\.joints),
                                     open: grippers.map(\.open), closed: grippers.map(\.closed))
        return ToteTransferTaskExpert(
            expert: expert, tote: try context.index("task.tote.x"),
            handles: (try context.index("task.handle_front.x"), try context.index("task.handle_back.x")),
            goal: try context.index("task.goal.x"),
            joints: try episode.actionNames.map { ($0, try context.jointIndex($0)) }, held: try context.index("task.tote_held"),
            dt: context.dt)
    }

    mutating func act(observation: [Double], episode: Episode) -> [Double] {
        let sight = ToteCarryExpert.Sight(tote: vector(observation, at: tote),
                                          handles: (vector(observation, at: handles.0), vector(observation, at: handles.1)),
                                          goal: vector(observation, at: goal))
        var measured: [String: Double] = [:]
        for joint in joints { measured[joint.name] = observation[joint.index] }
        let action = expert.act(sight, joints: measured, dt: dt)
        if tracing, episode.controlStep % 6 == 0 { print(expert.trace(sight), "held", observation[held]) }
        return action
    }
}
