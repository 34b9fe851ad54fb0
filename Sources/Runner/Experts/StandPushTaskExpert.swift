// The stand_push expert: SteppingBalanceController (Control) on the robot's own sensors —
// joint state and the pelvis IMU; it stands until a push throws the capture point out of
// the feet, then steps in place, placing every step by capture-point feedback, until the
// body has settled. At start-up it times its own actuation delay with a wrist's target
// (LatencyProbe) and, with a delay, acts on its sensors extrapolated over it; the waist turns
// the upper body with the pelvis's yaw error (DirectedJoint.waistYaw).
// `--policy expert:NAME=VALUE,...` sets SteppingBalanceSettings by name.
import Control
import Physics
import Tasks

struct StandPushTaskExpert: TaskExpert {
    var balance: SteppingBalanceController
    let reader: LocomotionObservation

    static func make(episode: Episode, context: ExpertContext) throws -> any TaskExpert {
        let layout = try LocomotionObservation.layout(context: context)
        var settings = SteppingBalanceSettings()
        for item in context.settings {
            do { try settings.set(item) } catch let error as SteppingSettingsError { throw BatchError("--policy expert: \(error)") }
        }
        return StandPushTaskExpert(balance: SteppingBalanceController(layout: layout, dt: context.dt, settings: settings,
                                                                      model: episode.world.robot.model,
                                                                      actuated: episode.actionNames),
                                   reader: try LocomotionObservation(context: context))
    }

    mutating func act(observation: [Double], episode: Episode) -> [Double] {
        let targets = balance.update(reader.sensors(observation))
        return LocomotionObservation.actions(targets, episode: episode)
    }
}
