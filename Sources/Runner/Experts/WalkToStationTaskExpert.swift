// The walk_to_station expert: WalkingController (Control) walking to the station of the
// task's privileged observation (its position and the bench's, in the pelvis frame), facing
// the bench; balance as in stand_push. Everything else comes from the robot's own sensors.
import Control
import Foundation
import Physics
import Tasks

struct WalkToStationTaskExpert: TaskExpert {
    var balance: BalanceController
    let reader: LocomotionObservation
    let station: Int
    let facing: Int
    /// Feet midpoint relative to the pelvis in the nominal pose (heading frame, m).
    let feetOffset: Point2
    /// The goal in the odometry frame; re-read from the observation while far, then held
    /// (so sensor noise does not keep the feet shuffling at the spot).
    var goal: FloorPose?

    static func make(episode: Episode, context: ExpertContext) throws -> any TaskExpert {
        let layout = try LocomotionObservation.layout(context: context)
        let walking = WalkingController(layout: layout, dt: context.dt)
        let offset = (layout.nominalFeet[0] + layout.nominalFeet[1]) * 0.5
        return WalkToStationTaskExpert(balance: BalanceController(walking: walking),
                                       reader: try LocomotionObservation(context: context),
                                       station: try context.index("task.station.x"), facing: try context.index("task.facing.x"),
                                       feetOffset: offset)
    }

    mutating func act(observation: [Double], episode: Episode) -> [Double] {
        let sensors = reader.sensors(observation)
        balance.walking.observe(sensors)
        // Station and bench in the odometry frame: the pelvis estimate plus the IMU-rotated
        // offsets the task reports in the pelvis frame.
        let pelvis = balance.walking.estimator.pelvis
        let stationWorld = pelvis.transform(vector(observation, at: station)).xy
        let benchWorld = pelvis.transform(vector(observation, at: facing)).xy
        let toBench = benchWorld - stationWorld
        let yaw = atan2(toBench.y, toBench.x)
        let spot = stationWorld + feetOffset.rotated(yaw)
        if goal == nil || (spot - balance.walking.midpoint).length > 0.6 {
            goal = FloorPose(x: spot.x, y: spot.y, yaw: yaw)
        }
        if let goal { balance.walking.command = .goal(goal) }
        let targets = balance.update(sensors, observed: true)
        return LocomotionObservation.actions(targets, episode: episode)
    }
}
