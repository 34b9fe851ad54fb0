// The stand_push expert: BalanceController (Control) on the robot's own sensors — joint
// state and the pelvis IMU; capture steps when a push is too large for the ankles.
import Control
import Foundation
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
        if ProcessInfo.processInfo.environment["TG_EXPERT_TRACE"] != nil {
            let w = balance.walking
            let pelvis = (try? episode.world.robot.framePose(episode.world.robot.model.rootLink)) ?? .identity
            print(String(format: "t %.3f pelvis %.3f %.3f %.3f up %.3f com %.3f %.3f cmd %.3f %.3f icp %.3f %.3f ", episode.simulatedTime,
                         pelvis.position.x, pelvis.position.y, pelvis.position.z, pelvis.rotation.rotate(.unitZ).z,
                         w.com.x, w.com.y, w.comCommand.x, w.comCommand.y, w.capturePoint.x, w.capturePoint.y) + w.phaseName)
        }
        return LocomotionObservation.actions(targets, episode: episode)
    }
}
