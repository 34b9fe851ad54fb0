// TwoArmDispatch: what the two-handed experts (conveyor_sort, palletize) share. Each arm
// has its own GraspController on its profile gripper (arm IK without the waist, so the two
// never fight over it) and reads its own finger joint. Every control step the expert names
// each arm's job (the object to pick, its velocity, the place to set it down) or none; the
// arms are stepped in turn and their joint targets merged into one action (offsets from
// the nominal pose). Arm 0 is the left arm, arm 1 the right.
import Control
import Foundation
import Physics
import Tasks

struct TwoArmDispatch {
    /// One arm's work this control step (root frame, m and m/s).
    struct Job {
        var object: Vector3
        var velocity = Vector3.zero
        var place: Vector3
    }

    /// The arms' sides, in arm order, and their lateral sign (+1: left of the pelvis, +y).
    static let sides = ["left", "right"]
    static func sign(of arm: Int) -> Double { arm == 0 ? 1 : -1 }

    var controllers: [GraspController]
    /// Observation index of each arm's (first) finger joint position.
    let fingers: [Int]
    let actionNames: [String]
    let nominal: [String: Double]
    let dt: Double
    /// With TG_EXPERT_TRACE set, each phase change is printed (time, arm, object, hand, finger).
    let tracing = ProcessInfo.processInfo.environment["TG_EXPERT_TRACE"] != nil
    private var steps = 0

    /// Builds both arms' controllers; `tune` sets each one up (given its arm index).
    init(episode: Episode, context: ExpertContext, tune: (Int, inout GraspController) -> Void) throws {
        let kinematics = KinematicModel(model: episode.world.robot.model)
        var controllers: [GraspController] = []
        var fingers: [Int] = []
        for (arm, side) in Self.sides.enumerated() {
            let gripper = try context.gripper(side)
            var controller = try context.graspController(side: side, kinematics: kinematics)
            tune(arm, &controller)
            controllers.append(controller)
            fingers.append(try context.jointIndex(gripper.joints.first ?? ""))
        }
        self.controllers = controllers
        self.fingers = fingers
        actionNames = episode.actionNames
        nominal = episode.world.nominalPose
        dt = context.dt
    }

    /// Steps each arm on its job (`job(arm)`; nil: hold or go to rest) and returns the action.
    mutating func act(observation: [Double], job: (Int) -> Job?) -> [Double] {
        var targets: [String: Double] = [:]
        steps += 1
        for arm in controllers.indices {
            let work = job(arm)
            let hand = controllers[arm].handTarget
            let before = controllers[arm].phase
            targets.merge(controllers[arm].step(object: work?.object ?? hand, objectVelocity: work?.velocity ?? .zero,
                                                place: work?.place ?? hand, finger: observation[fingers[arm]],
                                                dt: dt)) { $1 }
            if tracing, controllers[arm].phase != before {
                let object = work?.object ?? hand
                print(String(format: "t %.2f %@ arm: %@ -> %@, object %.3f %.3f %.3f, hand %.3f %.3f %.3f, finger %.4f",
                             Double(steps) * dt, Self.sides[arm], "\(before)", "\(controllers[arm].phase)", object.x,
                             object.y, object.z, hand.x, hand.y, hand.z, observation[fingers[arm]]))
            }
        }
        return actionNames.map { (targets[$0] ?? nominal[$0] ?? 0) - (nominal[$0] ?? 0) }
    }
}
