// The conveyor_sort expert: each label's parts go to the arm on its bin's side (bin left of
// the pelvis: left arm). An idle arm takes the most downstream part of its labels whose
// predicted position — from the observed position and belt velocity — falls inside the
// arm's reach window when the hand would get there, and intercepts it with a
// GraspController (the hand turned so the fingers close across the belt), then drops it
// into the bin from above the rim. Inputs: the task's privileged part positions, velocities,
// labels and bin centres, and the fingers' measured positions.
import Control
import Foundation
import Physics
import Tasks

struct ConveyorSortTaskExpert: TaskExpert {
    /// What one arm sorts and is sorting.
    struct Arm {
        let labels: Set<Int>
        /// Reach window along the root y axis (m): where this hand may meet a part.
        let window: ClosedRange<Double>
        /// The part being picked, if any.
        var part: Int?
        /// Where in its bin (offset from the centre, m) the part goes.
        var dropOffset = Vector3.zero
    }

    /// Drop spots around a bin's centre (m), filled in turn so parts lie side by side
    /// instead of stacking above the rim: (forward along root x, inward toward the robot).
    /// The near and front spots come first: a part swinging in the fingers as the carry stops
    /// flies on outward when let go, and over the outer wall from an outer spot (conveyor_sort
    /// seed 5984736765014534238); a spot behind the pelvis is the arm's most awkward reach.
    static let dropSpots: [(forward: Double, inward: Double)] = [
        (0, 0), (0.07, 0.07), (0, 0.07), (0.07, 0), (-0.07, 0.07), (-0.07, 0), (0.07, -0.07), (0, -0.07), (-0.07, -0.07),
    ]
    /// Parts sent to each label's bin so far.
    var dropsPerLabel: [Int: Int] = [:]
    /// Where parts ride: the x and z (root frame) of the first part seen riding the belt
    /// (moving level with it, not just dropped onto it while the robot still settles).
    var beltLine: (x: Double, z: Double)?

    var dispatch: TwoArmDispatch
    var arms: [Arm]
    let partSlots: [Int]
    let binSlots: [Int]

    /// Seconds from starting a pick to the fingers meeting the part (approach and descend
    /// motions, plus closing).
    static let interceptTime = 0.75 * 0.7 + 0.45 * 0.7 + 0.15
    /// How far (m) across the belt a part may ride from the first one seen.
    static let beltLineTolerance = 0.15
    /// How far (m) below its rest height a hand may start a pick.
    static let raisedTolerance = 0.02
    /// Height (m) of the part's centre above the bin region's centre when it is let go.
    static let dropHeight = 0.14

    static func make(episode: Episode, context: ExpertContext) throws -> any TaskExpert {
        var partSlots: [Int] = []
        for index in 0... {
            guard episode.observationNames.contains("task.part\(index).present") else { break }
            partSlots.append(try context.index("task.part\(index).present"))
        }
        // One bin centre per label, in label order.
        let binSlots = episode.observationNames.indices.filter {
            episode.observationNames[$0].hasPrefix("task.bin_") && episode.observationNames[$0].hasSuffix(".x")
        }
        guard !partSlots.isEmpty, !binSlots.isEmpty else {
            throw context.error("the conveyor_sort expert needs part and bin observations (task.part0.present, task.bin_<label>.x)")
        }
        let observation = try episode.observe()
        let dispatch = try TwoArmDispatch(episode: episode, context: context) { arm, controller in
            let sign = TwoArmDispatch.sign(of: arm)
            controller.timing.approach = 0.75
            controller.timing.descend = 0.45
            controller.timing.close = 0.5
            controller.timing.settle = 0.08
            controller.timing.lift = 0.35
            controller.timing.carry = 1.0
            controller.timing.lower = 0.15
            controller.timing.release = 0.25
            controller.timing.retract = 0.3
            controller.approachHeight = 0.08
            controller.liftHeight = 0.16
            controller.releaseHeight = dropHeight
            controller.minimumRise = 0.04
            // Fingertips a centimetre higher than the part's centre line, clear of the belt.
            controller.graspOffset = Vector3(0, 0, 0.01)
            controller.maxAttempts = 2
            // Fingers close across the belt (root x); each wrist turns inward (mirror images).
            controller.handRotation = Quaternion(axis: .unitZ, angle: -sign * Double.pi / 2)
            controller.restPosition = Vector3(0.3, sign * 0.18, 0.12)
        }
        // Each arm sorts the labels whose bin lies on its side of the pelvis.
        let arms = TwoArmDispatch.sides.indices.map { arm in
            Arm(labels: Set(binSlots.indices.filter { observation[binSlots[$0] + 1] * TwoArmDispatch.sign(of: arm) > 0 }),
                window: arm == 0 ? 0.0...0.36 : -0.36...0.0)
        }
        return ConveyorSortTaskExpert(dispatch: dispatch, arms: arms, partSlots: partSlots, binSlots: binSlots)
    }

    mutating func act(observation: [Double], episode: Episode) -> [Double] {
        if beltLine == nil, let slot = partSlots.first(where: {
            observation[$0] > 0.5 && abs(observation[$0 + 7]) < 0.01
                && hypot(observation[$0 + 5], observation[$0 + 6]) > 0.03
        }) {
            beltLine = (observation[slot + 2], observation[slot + 4])
        }
        let taken = Set(arms.compactMap(\.part))
        for index in arms.indices {
            abandonUnreachable(index, observation: observation)
            // A finished (or given-up) pick leaves the hand low, over the bin or the belt: it
            // goes back toward its rest point, rising first, and starts the next pick only
            // once it is up at the rest height. Straight from the bin, the approach swept the
            // fingers through the bin's wall and the belt's near rail, flinging the part off
            // the belt or shoving the robot over.
            if [.done, .failed].contains(dispatch.controllers[index].phase) { dispatch.controllers[index].stop() }
            if dispatch.controllers[index].isIdle, isRaised(index) {
                choosePart(for: index, observation: observation, taken: taken)
            }
        }
        let arms = self.arms
        return dispatch.act(observation: observation) { index in
            guard let part = arms[index].part else { return nil }
            let slot = partSlots[part]
            let object = vector(observation, at: slot + 2)
            let label = Int(observation[slot + 1])
            let place = binSlots.indices.contains(label) ? vector(observation, at: binSlots[label]) + arms[index].dropOffset
                : object
            return TwoArmDispatch.Job(object: object, velocity: vector(observation, at: slot + 5), place: place)
        }
    }

    /// Whether a part at `position` (root frame) rides on the belt: near its line and height.
    /// Parts ride up to `lateral_jitter` (5 cm) either side of the centre line, and so may
    /// the first one seen: two parts lie up to 10 cm apart across the belt, more while the
    /// robot still settles; a part knocked off the belt leaves its height.
    private func onBelt(_ position: Vector3) -> Bool {
        guard let beltLine else { return false }
        return abs(position.x - beltLine.x) < Self.beltLineTolerance && abs(position.z - beltLine.z) < 0.02
    }

    /// Whether the arm's hand is up at its rest height (or has no rest point), clear of the
    /// bins' walls and the belt's rails.
    private func isRaised(_ index: Int) -> Bool {
        let controller = dispatch.controllers[index]
        guard let rest = controller.restPosition else { return true }
        return controller.handTarget.z >= rest.z - Self.raisedTolerance
    }

    /// Stops chasing a part that has passed the arm's window before the fingers got it.
    private mutating func abandonUnreachable(_ index: Int, observation: [Double]) {
        guard let part = arms[index].part, [.approach, .descend].contains(dispatch.controllers[index].phase) else { return }
        let slot = partSlots[part]
        let y = observation[slot + 3] + observation[slot + 6] * 0.3
        if y < arms[index].window.lowerBound - 0.08 || !onBelt(vector(observation, at: slot + 2)) {
            dispatch.controllers[index].stop()
        }
    }

    /// Starts a pick of the most downstream reachable part of the arm's labels, if any.
    private mutating func choosePart(for index: Int, observation: [Double], taken: Set<Int>) {
        arms[index].part = nil
        var best: (part: Int, y: Double)?
        for (part, slot) in partSlots.enumerated() where !taken.contains(part) {
            guard observation[slot] > 0.5, observation[slot + 8] < 0.5 else { continue }
            let label = Int(observation[slot + 1])
            guard arms[index].labels.contains(label) else { continue }
            let position = vector(observation, at: slot + 2)
            let velocity = vector(observation, at: slot + 5)
            // On the belt: moving with it, not lifted or falling.
            guard onBelt(position), abs(velocity.z) < 0.05, velocity.length > 0.03 else { continue }
            let meet = position.y + velocity.y * Self.interceptTime
            guard arms[index].window.contains(meet) else { continue }
            if best.map({ meet < $0.y }) ?? true { best = (part, meet) }
        }
        guard let best else { return }
        arms[index].part = best.part
        let label = Int(observation[partSlots[best.part] + 1])
        let count = dropsPerLabel[label, default: 0]
        dropsPerLabel[label] = count + 1
        let spot = Self.dropSpots[count % Self.dropSpots.count]
        arms[index].dropOffset = Vector3(spot.forward, -TwoArmDispatch.sign(of: index) * spot.inward, 0)
        dispatch.controllers[index].start()
    }
}
