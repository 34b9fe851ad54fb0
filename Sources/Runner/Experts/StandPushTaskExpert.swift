// The stand_push expert: SteppingBalanceController (Control) on the robot's own sensors —
// joint state and the pelvis IMU; it stands until a push throws the capture point out of
// the feet, then steps in place, placing every step by capture-point feedback, until the
// body has settled.
import Control
import Foundation
import Physics
import Tasks

struct StandPushTaskExpert: TaskExpert {
    var balance: SteppingBalanceController
    let reader: LocomotionObservation

    static func make(episode: Episode, context: ExpertContext) throws -> any TaskExpert {
        let layout = try LocomotionObservation.layout(context: context)
        var settings = SteppingBalanceSettings()
        // Tuning from outside (batches measure settings this way): TG_STEPPING holds
        // `name=value` items of SteppingBalanceSettings, separated by spaces or commas.
        if let items = ProcessInfo.processInfo.environment["TG_STEPPING"] {
            for item in items.split(whereSeparator: { $0 == " " || $0 == "," }) {
                do { try settings.set(String(item)) } catch { throw context.error("TG_STEPPING: \(error)", keyPath: "task") }
            }
        }
        return StandPushTaskExpert(balance: SteppingBalanceController(layout: layout, dt: context.dt, settings: settings),
                                   reader: try LocomotionObservation(context: context))
    }

    mutating func act(observation: [Double], episode: Episode) -> [Double] {
        let targets = balance.update(reader.sensors(observation))
        return LocomotionObservation.actions(targets, episode: episode)
    }
}
