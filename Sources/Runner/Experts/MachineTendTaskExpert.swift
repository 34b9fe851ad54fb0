// The machine_tend expert: MachineTendExpert (Control) fed with the part, nest, door handle
// and door angle of the task's privileged observation and the finger joint's measured
// position. The right arm works the machine (it stands front-right of the robot), through
// the grasp controller ExpertContext builds for it, tuned here for the part.
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
    let finger: Int
    let dt: Double
    let tracing = ProcessInfo.processInfo.environment["TG_EXPERT_TRACE"] != nil
    /// Control steps between trace lines (TG_EXPERT_TRACE=N, N > 0; otherwise 6).
    let traceEvery = max(Int(ProcessInfo.processInfo.environment["TG_EXPERT_TRACE"] ?? "") ?? 6, 1)

    static func make(episode: Episode, context: ExpertContext) throws -> any TaskExpert {
        let world = episode.world
        let gripper = try (try? context.gripper("right")) ?? context.gripper()
                let machineName = episode.scene.task.params["machine"]?.string ?? "machine"
        guard let index = episode.scene.fixtures.firstIndex(where: { $0.name == machineName }) else {
            throw context.error("the machine_tend expert found no fixture '\(machineName)'", keyPath: "task.params.machine")
        }
        let machine = try MachineFixture(spec: episode.scene.fixtures[index], index: index, file: episode.scene.sourceFile)
        var grasp = try context.graspController(side: gripper.name, kinematics: KinematicModel(model: world.robot.model))
        // Lifted (and carried in over the nest) low enough that the wrist passes under the
        // opening's top edge; let go just above the nest's rim.
        grasp.liftHeight = 0.08
        grasp.releaseHeight = 0.02
        grasp.timing.carry = 1.5
        grasp.timing.approach = 2.0
        // The door from the machine's drawing: it overlaps the opening by 2 cm all round; its
        // handle's centre is 5 cm in from the free edge and 2.5 cm out from the slab's mid-plane
        // (half the 2 cm slab and half the 3 cm handle).
        let width = machine.opening[0] + 0.04
        let door = MachineTendExpert.Door(width: width, height: min(machine.opening[1] + 0.04, machine.size.z),
                                          handleRadius: width - 0.05, handleOut: 0.025)
        let expert = MachineTendExpert(grasp: grasp, actionNames: episode.actionNames, nominal: world.nominalPose,
                                       door: door)
        return MachineTendTaskExpert(expert: expert, part: try context.index("task.part.x"),
                                     nest: try context.index("task.slot.x"), handle: try context.index("task.handle.x"),
                                     doorAngle: try context.index("task.door_angle"),
                                     finger: try context.jointIndex(gripper.joints.first ?? ""), dt: context.dt)
    }

    mutating func act(observation: [Double], episode: Episode) -> [Double] {
        let sight = MachineTendExpert.Sight(part: vector(observation, at: part), nest: vector(observation, at: nest),
                                            handle: vector(observation, at: handle), doorAngle: observation[doorAngle],
                                            finger: observation[finger])
        let action = expert.act(sight, dt: dt)
        if tracing, episode.controlStep % traceEvery == 0 {
            let base = episode.observationNames.firstIndex(of: "base.qx").map { Array(observation[$0..<($0 + 4)]) } ?? []
            // Where the hand is, from the measured joints.
            let kinematics = expert.grasp.arm.kinematics
            var measured: [String: Double] = [:]
            for (index, name) in episode.observationNames.enumerated() where name.hasPrefix("q.") {
                measured[String(name.dropFirst(2))] = observation[index]
            }
            let poses = kinematics.linkPoses(q: kinematics.coordinates(measured), base: .identity)
            let pose = poses[expert.grasp.arm.handFrame]
            let elbow = poses[expert.grasp.arm.handFrame.replacingOccurrences(of: "_grasp", with: "_forearm")]?.position ?? .zero
            let grasp = pose?.position ?? .zero
            let down = pose?.rotation.rotate(Vector3(0, 0, -1)) ?? .zero
            let across = pose?.rotation.rotate(Vector3(0, 1, 0)) ?? .zero
            print(expert.trace(sight), String(format: "at=(%.3f %.3f %.3f) down=(%.2f %.2f %.2f) across=(%.2f %.2f %.2f)",
                                              grasp.x, grasp.y, grasp.z, down.x, down.y, down.z, across.x, across.y, across.z),
                  String(format: "elbow=(%.3f %.3f %.3f)", elbow.x, elbow.y, elbow.z), "base", base.map { String(format: "%.3f", $0) }.joined(separator: ","))
        }
        return action
    }
}
