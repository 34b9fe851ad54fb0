// The machine_tend expert: MachineTendExpert (Control) fed with the part, nest, door handle
// and door angle of the task's privileged observation. The right arm works the machine (it
// stands front-right of the robot).
//
// NOT REGISTERED in ExpertPolicy.registry: work in progress. It was tuned on a changed
// layout (machine at [0.36, -0.4] with size [0.34, 0.5, 0.44], base_height 0.8, opening
// [0.24, 0.36]; side table at [0.3, 0] sized [0.26, 0.26]; blank at [0.26, -0.04]) where it
// succeeds in about 4 of 10 seeded episodes; the rest fall or drop the part while the arm
// moves between the door and the part. That layout is not committed: its lower door swings
// into the robot's resting right hand at about 9°, which MachineTendTaskTests'
// testTheDoorIsARealHinge (a 40 N pull must open it past 10°) rejects.
import Control
import Foundation
import Physics
import Scene
import Tasks

struct MachineTendTaskExpert: TaskExpert {
    var expert: MachineTendExpert
    let part: Int
    let nest: Int
    let handle: Int
    let doorAngle: Int
    let dt: Double
    let tracing = ProcessInfo.processInfo.environment["TG_EXPERT_TRACE"] != nil

    static func make(episode: Episode, context: ExpertContext) throws -> any TaskExpert {
        let world = episode.world
        let gripper = try (try? context.gripper("right")) ?? context.gripper()
        // The door's top above its handle, from the machine's drawing: the handle sits at the
        // door's mid-height and the door overlaps the opening by 2 cm all round.
        let machineName = episode.scene.task.params["machine"]?.string ?? "machine"
        guard let index = episode.scene.fixtures.firstIndex(where: { $0.name == machineName }) else {
            throw context.error("the machine_tend expert found no fixture '\(machineName)'", keyPath: "task.params.machine")
        }
        let machine = try MachineFixture(spec: episode.scene.fixtures[index], index: index, file: episode.scene.sourceFile)
        let expert = MachineTendExpert(model: world.robot.model, actionNames: episode.actionNames,
                                       nominal: world.nominalPose, arm: gripper.name, graspFrame: gripper.graspFrame,
                                       fingerJoints: gripper.joints, open: gripper.open, closed: gripper.closed,
                                       doorTopAboveHandle: machine.opening[1] / 2 + 0.02)
        return MachineTendTaskExpert(expert: expert, part: try context.index("task.part.x"),
                                     nest: try context.index("task.slot.x"), handle: try context.index("task.handle.x"),
                                     doorAngle: try context.index("task.door_angle"), dt: context.dt)
    }

    mutating func act(observation: [Double], episode: Episode) -> [Double] {
        let sight = MachineTendExpert.Sight(part: vector(observation, at: part), nest: vector(observation, at: nest),
                                            handle: vector(observation, at: handle), doorAngle: observation[doorAngle])
        let action = expert.act(sight, dt: dt)
        if tracing, episode.controlStep % 6 == 0 {
            let base = episode.observationNames.firstIndex(of: "base.qx").map { Array(observation[$0..<($0 + 4)]) } ?? []
            print(expert.trace(sight), "base", base.map { String(format: "%.3f", $0) }.joined(separator: ","))
        }
        return action
    }
}
