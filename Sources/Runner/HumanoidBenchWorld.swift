// HumanoidBenchWorld: the humanoid worlds of `tground bench physics` — the project humanoid
// standing (one, or several side by side) or lying on its back — and the control loop a
// training loop runs on them: targets sent, fixed steps taken, joints and base read.
import Foundation
import Physics
import Robot
import Scene

/// A world with one or more project humanoids on a floor plane, each held by its position
/// servos at the standing pose. Built from the `stand_push` scene (its world, robot, floor
/// and start pose; the task is not used), so it is the same world the tasks step.
struct HumanoidBenchWorld {
    /// How the humanoids start.
    enum Posture: String {
        /// On their feet, as a task starts.
        case standing
        /// On the back, settled for a second: many contacts with the floor.
        case lying
    }

    let scene: SceneWorld
    let robots: [RobotInstance]
    let nominalPose: [String: Double]
    /// The scene's servo gains, per 1/240 s (the robots restate them for the step).
    let positionGain: Double
    let velocityGain: Double
    /// Physics steps per control step (the scene's control rate).
    let physicsStepsPerControl: Int

    var world: World { scene.world }
    /// Velocity coordinates of all humanoids (6 per floating base plus one per joint).
    var dofs: Int { robots.reduce(0) { $0 + $1.body.velocityCount + 6 } }
    /// Moving rigid parts: bases and links of all humanoids.
    var bodies: Int { robots.reduce(0) { $0 + $1.body.linkCount + 1 } }

    /// The scene file the worlds are built from.
    static let sceneName = "stand_push.yaml"

    /// Builds `count` humanoids 1.5 m apart along y. Settling steps (for `.lying`) are not
    /// part of any measurement.
    init(count: Int, posture: Posture, timeStep: Double, solverIterations: Int? = nil,
         solverResidualThreshold: Double? = nil, jointWarmStart: Double? = nil) throws {
        guard let assets = AssetLocator.assetsDirectory() else {
            throw PhysicsBenchConfigurationError(description: "cannot find the project's Assets folder (set TRAINGROUND_ASSETS)")
        }
        let scenePath = URL(fileURLWithPath: assets).deletingLastPathComponent()
            .appendingPathComponent("Scenes").appendingPathComponent(Self.sceneName).path
        var spec = try SceneFileLoader.load(path: scenePath)
        spec.world.timeStep = timeStep
        if let solverIterations { spec.world.solverIterations = solverIterations }
        if let solverResidualThreshold { spec.world.solverResidualThreshold = solverResidualThreshold }
        if let jointWarmStart { spec.world.jointWarmStart = jointWarmStart }
        spec.randomization.jointNoise = 0
        scene = try SceneWorld(spec: spec, seed: 1)
        nominalPose = scene.nominalPose
        positionGain = spec.robot.positionGain
        velocityGain = spec.robot.velocityGain
        physicsStepsPerControl = max(1, Int((1 / (spec.task.controlHz * timeStep)).rounded()))
        var robots = [scene.robot]
        for index in 1..<max(count, 1) {
            let options = RobotBuildOptions(
                basePose: Pose(position: Vector3(0, 1.5 * Double(index), 0), rotation: .identity),
                selfCollision: spec.robot.selfCollision ?? scene.profile?.selfCollisionByDefault ?? false,
                selfCollisionRule: RobotSelfCollision(exclude: (scene.profile?.selfCollision?.exclude ?? [])
                                                          + (spec.robot.selfCollisionExclude ?? [])),
                positionGain: positionGain, velocityGain: velocityGain,
                servoVelocityLimits: spec.robot.velocityLimits)
            let robot = try RobotBuilder.build(scene.robot.model, in: scene.world, options: options)
            try robot.setJointPositions(nominalPose)
            try robot.hold(nominalPose, positionGain: positionGain, velocityGain: velocityGain)
            try robot.placeOnFloor()
            robots.append(robot)
        }
        self.robots = robots
        if posture == .lying {
            for robot in robots {
                var state = try robot.body.baseState()
                // Pitched back by 90°: the torso's back on the floor.
                state.pose.rotation = Quaternion(axis: .unitY, angle: -.pi / 2) * state.pose.rotation
                try robot.body.setBaseState(state)
                try robot.placeOnFloor(clearance: 0.01)
            }
            try world.step(Int((1 / timeStep).rounded()))
        }
    }

    /// One control step as a training loop makes it, from Swift: targets sent to every
    /// servo, `physicsStepsPerControl` single steps, then joint positions and velocities,
    /// the base state and the root frame read for each humanoid.
    func controlStep() throws {
        for robot in robots {
            try robot.hold(nominalPose, positionGain: positionGain, velocityGain: velocityGain)
        }
        for _ in 0..<physicsStepsPerControl {
            try world.step()
        }
        for robot in robots {
            _ = try robot.jointPositions()
            _ = try robot.body.jointVelocities()
            _ = try robot.body.baseState()
            _ = try robot.framePose(robot.model.rootLink)
        }
    }

    /// Contacts touching the floor and their count, after the last step.
    func contactCount() throws -> Int { try world.contacts().count }
}
