// The panel_inspect expert: a state machine over the panels, swept in order of bearing from
// where the head looks first — turn the head (GazeController: neck yaw and pitch) to the
// panel's feature, hold it there until the task's observation says the panel is done, then
// the next. The feature positions, the camera's line of sight and each panel's done flag come
// from the task's observation (root frame); the servos' sag and the body's sway are taken out
// by comparing the observed line of sight with the kinematic model's.
import Control
import Foundation
import Physics
import Tasks

struct PanelInspectTaskExpert: TaskExpert {
    enum Phase { case turn, hold, done }

    var gaze: GazeController
    let actionNames: [String]
    let nominal: [String: Double]
    let yawJoint: String
    let pitchJoint: String
    /// Observation index of the line of sight (x, y, z).
    let sight: Int
    /// Per panel: observation indices of the feature position (x, y, z) and the done flag.
    let features: [Int]
    let doneFlags: [Int]
    let dt: Double
    /// Panels in the order they are looked at (indices into `features`), set on the first step.
    var order: [Int] = []
    var current = 0
    var phase = Phase.turn
    /// Correction (rad, yaw and pitch) for what the commanded angles miss.
    var bias: (yaw: Double, pitch: Double) = (0, 0)
    var command: (yaw: Double, pitch: Double) = (0, 0)

    static func make(episode: Episode, context: ExpertContext) throws -> any TaskExpert {
        let world = episode.world
        guard let camera = world.profile?.headCamera else {
            throw context.error("the panel_inspect expert needs a robot profile with a head_camera", keyPath: "robot.profile")
        }
        let (yawJoint, pitchJoint) = ("neck_yaw", "neck_pitch")
        guard let gaze = GazeController(kinematics: KinematicModel(model: world.robot.model), cameraFrame: camera,
                                        yawJoint: yawJoint, pitchJoint: pitchJoint, nominal: world.nominalPose),
              episode.actionNames.contains(yawJoint), episode.actionNames.contains(pitchJoint) else {
            throw context.error("the panel_inspect expert needs actuated joints '\(yawJoint)' and '\(pitchJoint)' turning the head camera '\(camera)'",
                                keyPath: "robot.file")
        }
        // Panels are the task's "task.<panel>.done" slots.
        let panels = episode.observationNames.compactMap { name -> String? in
            guard name.hasPrefix("task."), name.hasSuffix(".done") else { return nil }
            return String(name.dropFirst(5).dropLast(5))
        }
        guard !panels.isEmpty else { throw context.error("the panel_inspect expert found no panels in the observation") }
        return PanelInspectTaskExpert(
            gaze: gaze, actionNames: episode.actionNames, nominal: world.nominalPose, yawJoint: yawJoint,
            pitchJoint: pitchJoint, sight: try context.index("task.camera.sight_x"),
            features: try panels.map { try context.index("task.\($0).x") },
            doneFlags: try panels.map { try context.index("task.\($0).done") }, dt: context.dt)
    }

    mutating func act(observation: [Double], episode: Episode) -> [Double] {
        if order.isEmpty { order = sweep(observation) }
        // Skip panels the task already counts as done.
        while current < order.count, observation[doneFlags[order[current]]] > 0.5 {
            current += 1
            phase = .turn
        }
        if current >= order.count { phase = .done }
        if phase != .done {
            let target = vector(observation, at: features[order[current]])
            correctBias(observed: vector(observation, at: sight))
            command = gaze.step(target: target, bias: bias, dt: dt)
            if phase == .turn, gaze.isSettled(target: target, bias: bias, tolerance: 0.01) { phase = .hold }
        }
        return actionNames.map { name in
            let value = name == yawJoint ? command.yaw : name == pitchJoint ? command.pitch : nominal[name] ?? 0
            return value - (nominal[name] ?? 0)
        }
    }

    /// The panels by bearing, starting from the end nearer the current line of sight.
    func sweep(_ observation: [Double]) -> [Int] {
        let bearing = { (index: Int) -> Double in
            let feature = vector(observation, at: features[index])
            return atan2(feature.y, feature.x)
        }
        let sorted = features.indices.sorted { bearing($0) < bearing($1) }
        let look = vector(observation, at: sight)
        let heading = atan2(look.y, look.x)
        guard let first = sorted.first, let last = sorted.last else { return sorted }
        return abs(bearing(first) - heading) <= abs(bearing(last) - heading) ? sorted : sorted.reversed()
    }

    /// Moves the bias towards the gap between the model's line of sight for the commanded
    /// angles and the observed one (servo sag under gravity, sway of the pelvis).
    mutating func correctBias(observed: Vector3) {
        let model = gaze.camera(gaze.q).rotation.rotate(.unitX)
        let (modelYaw, modelPitch) = GazeController.angles(model)
        let (seenYaw, seenPitch) = GazeController.angles(observed)
        let rate = min(1, 4 * dt)
        bias.yaw += rate * (max(-0.2, min(0.2, remainder(modelYaw - seenYaw, 2 * Double.pi))) - bias.yaw)
        bias.pitch += rate * (max(-0.2, min(0.2, modelPitch - seenPitch)) - bias.pitch)
    }
}
