// The stand_push expert: BalanceController (Control) on the robot's own sensors — joint
// state and the pelvis IMU; capture steps when a push is too large for the ankles.
import Control
import Physics
import Tasks

struct StandPushTaskExpert: TaskExpert {
    var balance: BalanceController
    let reader: LocomotionObservation

    static func make(episode: Episode, context: ExpertContext) throws -> any TaskExpert {
        let layout = try LocomotionObservation.layout(context: context)
        let walking = WalkingController(layout: layout, dt: context.dt)
        return StandPushTaskExpert(balance: BalanceController(walking: walking), reader: try LocomotionObservation(context: context))
    }

    mutating func act(observation: [Double], episode: Episode) -> [Double] {
        let targets = balance.update(reader.sensors(observation))
        return LocomotionObservation.actions(targets, episode: episode)
    }
}
