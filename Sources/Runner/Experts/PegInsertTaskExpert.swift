// The peg_insert expert: PegInsertExpert (Control) fed with the peg's and the hole's poses
// and the insertion of the task's privileged observation. The peg's length is the scene's
// part size (what a robot knows of the part from its drawing).
import Control
import Foundation
import Physics
import Scene
import Tasks

struct PegInsertTaskExpert: TaskExpert {
    var expert: PegInsertExpert
    let peg: Int
    let hole: Int
    let insertion: Int
    let dt: Double
    let tracing = ProcessInfo.processInfo.environment["TG_EXPERT_TRACE"] != nil

    static func make(episode: Episode, context: ExpertContext) throws -> any TaskExpert {
        let world = episode.world
        let pegName = episode.scene.task.params["peg"]?.string ?? "peg"
        guard let part = episode.scene.parts.first(where: { $0.name == pegName }), part.size.count >= 2 else {
            throw context.error("the peg_insert expert found no part '\(pegName)' with a size", keyPath: "task.params.peg")
        }
        let length = part.shape == .cylinder ? part.size[1] : part.size[part.size.count - 1]
        let gripper = try (try? context.gripper("left")) ?? context.gripper()
        let expert = PegInsertExpert(model: world.robot.model, actionNames: episode.actionNames,
                                     nominal: world.nominalPose, arm: gripper.name, graspFrame: gripper.graspFrame,
                                     fingerJoints: gripper.joints, open: gripper.open, closed: gripper.closed,
                                     pegLength: length)
        return PegInsertTaskExpert(expert: expert, peg: try context.index("task.peg.x"), hole: try context.index("task.hole.x"),
                                   insertion: try context.index("task.insertion"), dt: context.dt)
    }

    mutating func act(observation: [Double], episode: Episode) -> [Double] {
        let sight = PegInsertExpert.Sight(
            pegCenter: vector(observation, at: peg), pegAxis: vector(observation, at: peg + 3),
            holeMouth: vector(observation, at: hole), holeAxis: vector(observation, at: hole + 3),
            insertion: observation[insertion])
        let action = expert.act(sight, dt: dt)
        if tracing, episode.controlStep % 6 == 0 { print(expert.trace(sight)) }
        return action
    }
}
