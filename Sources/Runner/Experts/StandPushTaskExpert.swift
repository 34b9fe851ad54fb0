// The stand_push expert: BalanceController (Control) on the robot's own sensors — joint
// state and the pelvis IMU — plus the task's announcement of when the next push comes
// (`task.time_to_next_push`: its time, not its force or direction): while one is due, the
// feet are not brought together, so no push finds the robot in the middle of a tidying step.
// Capture steps are taken when a push is too large for the ankles.
import Control
import Physics
import Tasks

struct StandPushTaskExpert: TaskExpert {
    var balance: BalanceController
    let reader: LocomotionObservation
    /// Index of `task.time_to_next_push` (nil: the task does not announce pushes).
    let nextPush: Int?
    /// How long (s) before an announced push the feet are left where they are.
    static let quietTime = 1.2

    static func make(episode: Episode, context: ExpertContext) throws -> any TaskExpert {
        let layout = try LocomotionObservation.layout(context: context)
        let walking = WalkingController(layout: layout, dt: context.dt)
        return StandPushTaskExpert(balance: BalanceController(walking: walking),
                                   reader: try LocomotionObservation(context: context),
                                   nextPush: episode.observationNames.firstIndex(of: "task.time_to_next_push"))
    }

    mutating func act(observation: [Double], episode: Episode) -> [Double] {
        if let nextPush, nextPush < observation.count {
            let due = observation[nextPush]
            balance.expectDisturbance = due >= 0 && due - episode.simulatedTime < Self.quietTime
        }
        let targets = balance.update(reader.sensors(observation))
        return LocomotionObservation.actions(targets, episode: episode)
    }
}
