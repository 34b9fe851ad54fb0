// LocomotionObservation: the robot-side sensor slots of an episode's observation read into
// Control's RobotSensors — joint positions and velocities (`q.*`, `qd.*`) and the pelvis
// IMU (`base.qx…qw` orientation, `base.wx…wz` angular velocity). The simulator's true base
// velocity and height (`base.v*`, `base.height`) are not read: the controllers estimate
// them from these, as a real robot must.
import Control
import Physics
import Robot
import Tasks

struct LocomotionObservation {
    let positions: [Int]
    let velocities: [Int]
    let names: [String]
    let orientation: Int
    let angularVelocity: Int

    init(context: ExpertContext) throws {
        let episode = context.episode
        names = episode.actionNames
        positions = try names.map { try context.index("q.\($0)") }
        velocities = try names.map { try context.index("qd.\($0)") }
        orientation = try context.index("base.qx")
        angularVelocity = try context.index("base.wx")
    }

    func sensors(_ observation: [Double]) -> RobotSensors {
        var q: [String: Double] = [:], qd: [String: Double] = [:]
        for (index, name) in names.enumerated() {
            q[name] = observation[positions[index]]
            qd[name] = observation[velocities[index]]
        }
        let o = orientation
        var rotation = Quaternion(x: observation[o], y: observation[o + 1], z: observation[o + 2], w: observation[o + 3])
        let length = rotation.length
        if length > 1e-9, length.isFinite {
            rotation = Quaternion(x: rotation.x / length, y: rotation.y / length, z: rotation.z / length, w: rotation.w / length)
        } else {
            rotation = .identity
        }
        return RobotSensors(jointPositions: q, jointVelocities: qd, orientation: rotation,
                            angularVelocity: vector(observation, at: angularVelocity))
    }

    /// The robot's leg layout from its profile (errors name the scene's robot).
    static func layout(context: ExpertContext) throws -> LegLayout {
        let episode = context.episode
        guard let profile = episode.world.profile else {
            throw SceneErrorFactory.missingProfile(context)
        }
        do {
            return try LegLayout(model: episode.world.robot.model, profile: profile, nominal: episode.world.nominalPose)
        } catch {
            throw context.error("\(error)", keyPath: "robot.profile")
        }
    }

    /// Joint targets (by name) as actions: offsets from the nominal pose in action order.
    static func actions(_ targets: [String: Double], episode: Episode) -> [Double] {
        episode.actionNames.map { name in
            let nominal = episode.world.nominalPose[name] ?? 0
            return (targets[name] ?? nominal) - nominal
        }
    }
}

enum SceneErrorFactory {
    static func missingProfile(_ context: ExpertContext) -> Error {
        context.error("the \(context.episode.scene.task.name) expert needs a robot profile (feet, soles, standing pose)",
                      keyPath: "robot.profile")
    }
}
