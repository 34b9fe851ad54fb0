// The palletize expert: each hand palletizes the boxes on its side of the pelvis into the
// pallet quarters on that side, the box nearest the pallet first, into the farther quarter
// first (so no box is carried over another). Both hands work at once, each with its own
// GraspController (no waist, so they do not fight over it). Inputs: the task's privileged
// box positions, placed flags and slot resting spots, and the fingers' measured positions.
import Control
import Foundation
import Physics
import Tasks

struct PalletizeTaskExpert: TaskExpert {
    struct Arm {
        var controller: GraspController
        let finger: Int
        /// (box, slot) pairs in the order this hand moves them.
        var plan: [(box: Int, slot: Int)]
        var current: Int?
    }

    var arms: [Arm]
    let boxSlots: [Int]
    let slotSlots: [Int]
    let actionNames: [String]
    let nominal: [String: Double]
    let dt: Double

    static func make(episode: Episode, context: ExpertContext) throws -> any TaskExpert {
        let world = episode.world
        let names = episode.observationNames
        let boxSlots = names.indices.filter { names[$0].hasPrefix("task.box") && names[$0].hasSuffix(".x") }
        let slotSlots = names.indices.filter { names[$0].hasPrefix("task.slot_") && names[$0].hasSuffix(".x") }
        guard !boxSlots.isEmpty, boxSlots.count <= slotSlots.count else {
            throw context.error("the palletize expert needs box and slot observations (task.box_0.x, task.slot_0.x)")
        }
        let observation = try episode.observe()
        let kinematics = KinematicModel(model: world.robot.model)
        var arms: [Arm] = []
        for side in ["left", "right"] {
            let gripper = try context.gripper(side)
            let sign = side == "left" ? 1.0 : -1.0
            // This side's boxes, nearest the middle first; its slots, farthest first.
            let boxes = boxSlots.indices.filter { observation[boxSlots[$0] + 1] * sign > 0 }
                .sorted { abs(observation[boxSlots[$0] + 1]) < abs(observation[boxSlots[$1] + 1]) }
            let slots = slotSlots.indices.filter { observation[slotSlots[$0] + 1] * sign > 0 }
                .sorted { observation[slotSlots[$0]] > observation[slotSlots[$1]] }
            var controller = try context.graspController(side: side, kinematics: kinematics)
            controller.timing.approach = 1.2
            controller.timing.descend = 0.7
            controller.timing.lift = 0.7
            controller.timing.carry = 1.2
            controller.timing.lower = 0.7
            controller.timing.release = 0.5
            controller.timing.retract = 0.5
            controller.liftHeight = 0.13
            controller.releaseHeight = 0.006
            // The grasp frame sits a little above the box's centre so the palm clears its top.
            controller.graspOffset = Vector3(0, 0, 0.015)
            arms.append(Arm(controller: controller, finger: try context.jointIndex(gripper.joints.first ?? ""),
                            plan: Array(zip(boxes, slots)).map { ($0.0, $0.1) }, current: nil))
        }
        return PalletizeTaskExpert(arms: arms, boxSlots: boxSlots, slotSlots: slotSlots,
                                   actionNames: episode.actionNames, nominal: world.nominalPose, dt: context.dt)
    }

    mutating func act(observation: [Double], episode: Episode) -> [Double] {
        var targets: [String: Double] = [:]
        for index in arms.indices {
            // Next job: the next planned box once one is set down; the same box again after
            // a failed pick (from wherever it lies now).
            switch arms[index].controller.phase {
            case .idle where arms[index].current == nil && !arms[index].plan.isEmpty:
                arms[index].current = 0
                arms[index].controller.start()
            case .done:
                let next = (arms[index].current ?? -1) + 1
                if next < arms[index].plan.count {
                    arms[index].current = next
                    arms[index].controller.start()
                }
            case .failed:
                arms[index].controller.start()
            default: break
            }
            let arm = arms[index]
            var object = arm.controller.handTarget
            var place = object
            if let current = arm.current {
                object = vector(observation, at: boxSlots[arm.plan[current].box])
                place = vector(observation, at: slotSlots[arm.plan[current].slot])
            }
            targets.merge(arms[index].controller.step(object: object, place: place, finger: observation[arm.finger],
                                                      dt: dt)) { $1 }
        }
        return actionNames.map { (targets[$0] ?? nominal[$0] ?? 0) - (nominal[$0] ?? 0) }
    }
}
