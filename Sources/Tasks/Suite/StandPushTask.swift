// stand_push: stay upright for the whole episode while random pushes hit the torso.
//
// Pushes: horizontal, in a random direction, of a force drawn from
// `randomization.push_force` (N, default [150, 300]) for `push_duration` s, every
// `randomization.push_interval` s (default [2, 4]), the first after `first_push` s.
// Success: the episode's time is up and the robot is upright (root above 80% of its start
// height, tilted less than 30°). Reward terms: `alive` (1 per step), `upright` (cosine of
// the tilt), `height` (−|height − start|). Metrics: `pushes` (applied so far), `height`
// (the root's, m), and for each push k applied, `pushK_force` (N) and `pushK_angle`
// (degrees, world frame, counter-clockwise from +x: the robot faces +x at yaw 0), so a
// batch's episodes.jsonl says which push an episode fell after (Tools/push-falls).
import Foundation
import Physics
import Robot
import Scene

public final class StandPushTask: Task {
    public static let name = "stand_push"
    public static let summary = "Stay upright for the episode under random pushes to the torso."
    public static let parameterNames = ["push_link", "push_duration", "first_push"]

    let pushLink: String?
    let pushDuration: Double
    let firstPush: Double
    let episodeSeconds: Double
    let forceRange: ScalarRange
    let intervalRange: ScalarRange
    private var pushes: [(time: Double, force: Vector3)] = []
    private var nextPush = 0
    private var link = -1
    public private(set) var pushCount = 0

    public init(scene: SceneSpec) throws {
        let params = try TaskParameters(scene: scene, accepted: Self.parameterNames)
        pushLink = scene.task.params["push_link"] == nil ? nil : try params.string("push_link")
        pushDuration = try params.number("push_duration", default: 0.2, in: 0.001...5)
        firstPush = try params.number("first_push", default: 2, in: 0...1e6)
        episodeSeconds = scene.task.episodeSeconds
        forceRange = scene.randomization.pushForce ?? ScalarRange(150, 300)
        intervalRange = scene.randomization.pushInterval ?? ScalarRange(2, 4)
    }

    public func reset(world: SceneWorld, random: inout SeededGenerator) throws {
        if let pushLink {
            guard let frame = world.robot.frames[pushLink] else {
                throw SceneError(file: world.spec.sourceFile, line: world.spec.task.line, keyPath: "task.params.push_link",
                                 message: "robot \(world.robot.model.name) has no link named '\(pushLink)'")
            }
            link = frame.link
        } else {
            link = -1
        }
        pushes = []
        var time = firstPush
        while time < episodeSeconds {
            let angle = random.uniform(0, 2 * Double.pi)
            let magnitude = random.uniform(forceRange)
            pushes.append((time, Vector3(cos(angle), sin(angle), 0) * magnitude))
            time += max(random.uniform(intervalRange), pushDuration)
        }
        nextPush = 0
        pushCount = 0
    }

    public func beforePhysicsStep(world: SceneWorld, time: Double) throws {
        guard nextPush < pushes.count, time >= pushes[nextPush].time else { return }
        let push = pushes[nextPush]
        try world.robot.body.applyWrench(link: link, force: push.force, duration: pushDuration)
        nextPush += 1
        pushCount += 1
    }

    public var observationNames: [String] { ["task.time_to_next_push"] }

    public func observation(world: SceneWorld) throws -> [Double] {
        [nextPush < pushes.count ? pushes[nextPush].time : -1]
    }

    public func evaluate(world: SceneWorld, time: Double) throws -> TaskEvaluation {
        let root = try world.robot.framePose(world.robot.model.rootLink)
        let tilt = root.rotation.rotate(.unitZ).z
        let upright = root.position.z > 0.8 * world.startHeight && tilt > cos(30 * Double.pi / 180)
        let done = time >= episodeSeconds - 1e-9
        var metrics = ["pushes": Double(pushCount), "height": root.position.z]
        for (index, push) in pushes.prefix(nextPush).enumerated() {
            let force = push.force
            metrics["push\(index + 1)_force"] = (force.x * force.x + force.y * force.y).squareRoot()
            metrics["push\(index + 1)_angle"] = atan2(force.y, force.x) * 180 / Double.pi
        }
        return TaskEvaluation(
            rewardTerms: ["alive": 1, "upright": tilt, "height": -abs(root.position.z - world.startHeight)],
            success: done && upright,
            metrics: metrics)
    }
}
