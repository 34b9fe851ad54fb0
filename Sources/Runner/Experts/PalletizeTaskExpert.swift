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
    /// What one arm palletizes.
    struct Arm {
        /// (box, slot) pairs in the order this hand moves them.
        var plan: [(box: Int, slot: Int)]
        var current: Int?
    }

    var dispatch: TwoArmDispatch
    var arms: [Arm]
    let boxSlots: [Int]
    let slotSlots: [Int]

    /// Forward lean of the hand (rad) through the whole pick and place.
    static let handTilt = 0.3

    static func make(episode: Episode, context: ExpertContext) throws -> any TaskExpert {
        let names = episode.observationNames
        let boxSlots = names.indices.filter { names[$0].hasPrefix("task.box") && names[$0].hasSuffix(".x") }
        let slotSlots = names.indices.filter { names[$0].hasPrefix("task.slot_") && names[$0].hasSuffix(".x") }
        guard !boxSlots.isEmpty, boxSlots.count <= slotSlots.count else {
            throw context.error("the palletize expert needs box and slot observations (task.box_0.x, task.slot_0.x)")
        }
        let observation = try episode.observe()
        let dispatch = try TwoArmDispatch(episode: episode, context: context) { _, controller in
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
            // The hand leans forward (fingertips ahead of the wrist) by `handTilt`: pointing
            // straight down at the pallet's far quarters puts the wrist pitch at its 1 rad limit,
            // and the retract above a released box then swings the arm outward, dragging the
            // box off the pallet with an open finger. The fingers still close across the box's
            // sides (root y), and the tilt is the same from grasp to release, so the box lands upright.
            controller.handRotation = Quaternion(axis: .unitY, angle: -handTilt)
        }
        let arms = TwoArmDispatch.sides.indices.map { arm in
            let sign = TwoArmDispatch.sign(of: arm)
            // This side's boxes, nearest the middle first; its slots, farthest first.
            let boxes = boxSlots.indices.filter { observation[boxSlots[$0] + 1] * sign > 0 }
                .sorted { abs(observation[boxSlots[$0] + 1]) < abs(observation[boxSlots[$1] + 1]) }
            let slots = slotSlots.indices.filter { observation[slotSlots[$0] + 1] * sign > 0 }
                .sorted { observation[slotSlots[$0]] > observation[slotSlots[$1]] }
            return Arm(plan: Array(zip(boxes, slots)).map { ($0.0, $0.1) }, current: nil)
        }
        return PalletizeTaskExpert(dispatch: dispatch, arms: arms, boxSlots: boxSlots, slotSlots: slotSlots)
    }

    mutating func act(observation: [Double], episode: Episode) -> [Double] {
        for index in arms.indices {
            // Next job: the next planned box once one is set down; the same box again after
            // a failed pick (from wherever it lies now).
            switch dispatch.controllers[index].phase {
            case .idle where arms[index].current == nil && !arms[index].plan.isEmpty:
                arms[index].current = 0
                dispatch.controllers[index].start()
            case .done:
                let next = (arms[index].current ?? -1) + 1
                if next < arms[index].plan.count {
                    arms[index].current = next
                    dispatch.controllers[index].start()
                }
            case .failed:
                dispatch.controllers[index].start()
            default: break
            }
        }
        let arms = self.arms
        return dispatch.act(observation: observation) { index in
            guard let current = arms[index].current else { return nil }
            let job = arms[index].plan[current]
            return TwoArmDispatch.Job(object: vector(observation, at: boxSlots[job.box]),
                                      place: vector(observation, at: slotSlots[job.slot]))
        }
    }
}
