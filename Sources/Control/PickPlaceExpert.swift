// PickPlaceExpert: a scripted reference policy for pick-and-place tasks. It sees only what
// a robot could know — its own joint state (the finger's measured position) and the part
// and goal positions of the task's privileged observation (in the robot's root frame) — and
// drives one arm and the waist through a GraspController: above the part, down, close until
// the fingers stall on it, lift, over the goal, down, open, back up. The legs hold the
// nominal pose.
import Foundation
import Physics
import Robot

public struct PickPlaceExpert {
    public typealias Phase = GraspController.Phase

    public private(set) var controller: GraspController
    let actionNames: [String]
    let nominal: [String: Double]

    /// `arm` is "left" or "right"; joint names follow the project's humanoid (waist_yaw,
    /// <arm>_shoulder_*, <arm>_elbow, <arm>_wrist_*), the gripper from its profile.
    public init(model: RobotModel, actionNames: [String], nominal: [String: Double], arm: String,
                graspFrame: String, fingerJoints: [String], open: Double, closed: Double) {
        let reach = ArmReach(model: model, nominal: nominal, arm: arm, handFrame: graspFrame)
        controller = GraspController(arm: reach, fingerJoints: fingerJoints,
                                     gripper: GripperServo(open: open, closed: closed))
        controller.timing.release = 0.6
        self.actionNames = actionNames
        self.nominal = nominal
        controller.start()
    }

    public var phase: Phase { controller.phase }

    /// The next action (joint offsets from the nominal pose, in `actionNames` order), given
    /// the part's and the goal's positions in the robot's root frame, the finger joint's
    /// measured position and the control period.
    public mutating func act(part: Vector3, goal: Vector3, finger: Double, dt: Double) -> [Double] {
        let targets = controller.step(object: part, place: goal, finger: finger, dt: dt)
        return actionNames.map { name in (targets[name] ?? nominal[name] ?? 0) - (nominal[name] ?? 0) }
    }
}
