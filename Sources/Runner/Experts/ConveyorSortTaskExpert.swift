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
    /// One arm and the labels it sorts.
    struct Arm {
        var controller: GraspController
        let labels: Set<Int>
        let finger: Int
        /// Reach window along the root y axis (m): where this hand may meet a part.
        let window: ClosedRange<Double>
        /// The part being picked, if any.
        var part: Int?
        /// Where in its bin (offset from the centre, m) the part goes.
        var dropOffset = Vector3.zero
    }

    /// Drop spots around a bin's centre (m), filled in turn so parts lie side by side
    /// instead of stacking above the rim.
    static let dropSpots: [Vector3] = [(0, 0), (0.07, 0.07), (-0.07, -0.07), (0.07, -0.07), (-0.07, 0.07),
                                       (0.07, 0), (-0.07, 0), (0, 0.07), (0, -0.07)].map { Vector3($0.0, $0.1, 0) }
    /// Parts sent to each label's bin so far.
    var dropsPerLabel: [Int: Int] = [:]
    /// Where parts ride: the x and z (root frame) of the first part seen on the belt.
    var beltLine: (x: Double, z: Double)?

    var arms: [Arm]
    let partSlots: [Int]
    let binSlots: [Int]
    let actionNames: [String]
    let nominal: [String: Double]
    let dt: Double

    /// Seconds from starting a pick to the fingers meeting the part (approach and descend
    /// motions, plus closing).
    static let interceptTime = 0.75 * 0.7 + 0.45 * 0.7 + 0.15
    /// Height (m) of the part's centre above the bin region's centre when it is let go.
    static let dropHeight = 0.14

    static func make(episode: Episode, context: ExpertContext) throws -> any TaskExpert {
        let world = episode.world
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
        var arms: [Arm] = []
        let kinematics = KinematicModel(model: world.robot.model)
        for side in ["left", "right"] {
            let gripper = try context.gripper(side)
            let sign = side == "left" ? 1.0 : -1.0
            // Labels whose bin lies on this side of the pelvis.
            let mine = Set(binSlots.indices.filter { observation[binSlots[$0] + 1] * sign > 0 })
            var controller = try context.graspController(side: side, kinematics: kinematics)
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
            arms.append(Arm(controller: controller, labels: mine,
                            finger: try context.jointIndex(gripper.joints.first ?? ""),
                            window: side == "left" ? 0.0...0.36 : -0.36...0.0))
        }
        return ConveyorSortTaskExpert(arms: arms, partSlots: partSlots, binSlots: binSlots,
                                      actionNames: episode.actionNames, nominal: world.nominalPose, dt: context.dt)
    }

    mutating func act(observation: [Double], episode: Episode) -> [Double] {
        if beltLine == nil, let slot = partSlots.first(where: { observation[$0] > 0.5 }) {
            beltLine = (observation[slot + 2], observation[slot + 4])
        }
        var targets: [String: Double] = [:]
        let taken = Set(arms.compactMap(\.part))
        for index in arms.indices {
            abandonUnreachable(index, observation: observation)
            if arms[index].controller.isIdle { choosePart(for: index, observation: observation, taken: taken) }
            let arm = arms[index]
            let finger = observation[arm.finger]
            var object = arm.controller.handTarget
            var velocity = Vector3.zero
            var place = object
            if let part = arm.part {
                let slot = partSlots[part]
                object = vector(observation, at: slot + 2)
                velocity = vector(observation, at: slot + 5)
                let label = Int(observation[slot + 1])
                if binSlots.indices.contains(label) { place = vector(observation, at: binSlots[label]) + arm.dropOffset }
            }
            targets.merge(arms[index].controller.step(object: object, objectVelocity: velocity, place: place,
                                                      finger: finger, dt: dt)) { $1 }
        }
        return actionNames.map { (targets[$0] ?? nominal[$0] ?? 0) - (nominal[$0] ?? 0) }
    }

    /// Whether a part at `position` (root frame) rides on the belt: near its line and height.
    private func onBelt(_ position: Vector3) -> Bool {
        guard let beltLine else { return false }
        return abs(position.x - beltLine.x) < 0.1 && abs(position.z - beltLine.z) < 0.02
    }

    /// Stops chasing a part that has passed the arm's window before the fingers got it.
    private mutating func abandonUnreachable(_ index: Int, observation: [Double]) {
        guard let part = arms[index].part, [.approach, .descend].contains(arms[index].controller.phase) else { return }
        let slot = partSlots[part]
        let y = observation[slot + 3] + observation[slot + 6] * 0.3
        if y < arms[index].window.lowerBound - 0.08 || !onBelt(vector(observation, at: slot + 2)) {
            arms[index].controller.stop()
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
        arms[index].dropOffset = Self.dropSpots[count % Self.dropSpots.count]
        arms[index].controller.start()
    }
}
