// SceneRobotPlacement: loads the scene's robot, builds it, puts it in its start pose with
// its feet on the floor, and lists its visuals as drawables.
import Foundation
import Physics
import Robot

struct SceneRobotPlacement {
    let robot: RobotInstance
    let profile: RobotProfile?
    let nominalPose: [String: Double]
    let startHeight: Double
    let drawables: [Drawable]

    init(spec: SceneSpec, world: World, seed: UInt64) throws {
        let file = spec.sourceFile
        let robotSpec = spec.robot
        func fail(_ key: String, _ message: String) -> SceneError {
            SceneError(file: file, line: 0, keyPath: "robot.\(key)", message: message)
        }
        guard let robotFile = AssetLocator.robotFile(robotSpec.file, sceneFile: file) else {
            throw fail("file", "cannot find the project's Assets folder for '\(robotSpec.file)' (set TRAINGROUND_ASSETS)")
        }
        guard FileManager.default.fileExists(atPath: robotFile) else {
            throw fail("file", "robot file \(robotFile) does not exist")
        }
        let model: RobotModel
        do {
            model = try RobotModelCache.shared.model(at: robotFile)
        } catch {
            throw fail("file", "\(error)")
        }

        // Profile: given, or the robot file's sidecar when there is one.
        var profile: RobotProfile?
        let sidecar = (robotFile as NSString).deletingPathExtension + ".profile.json"
        let profilePath = robotSpec.profile.map {
            $0.hasPrefix("/") ? $0 : URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent($0).path
        } ?? (FileManager.default.fileExists(atPath: sidecar) ? sidecar : nil)
        if let profilePath {
            do {
                let loaded = try RobotProfile.load(path: profilePath)
                try loaded.validate(against: model, file: profilePath)
                profile = loaded
            } catch {
                throw fail("profile", "\(error)")
            }
        }
        self.profile = profile

        let linkNames = Set(model.links.map(\.name))
        for (number, pair) in (robotSpec.selfCollisionExclude ?? []).enumerated() {
            guard pair.count == 2 else {
                throw fail("self_collision_exclude", "pair \(number): a pair names two links, got \(pair.count)")
            }
            for name in pair where !linkNames.contains(name) {
                throw fail("self_collision_exclude", "pair \(number): robot \(model.name) has no link named \(name)")
            }
        }
        guard (0...1).contains(robotSpec.positionGain), (0...1).contains(robotSpec.velocityGain) else {
            throw fail("position_gain", "gains are fractions per 1/240 s step in [0, 1]")
        }
        let options = RobotBuildOptions(
            basePose: Pose(position: robotSpec.position, rotation: Quaternion(axis: .unitZ, angle: robotSpec.yaw)),
            fixedBase: robotSpec.fixedBase,
            selfCollision: robotSpec.selfCollision ?? profile?.selfCollisionByDefault ?? false,
            selfCollisionRule: RobotSelfCollision(exclude: (profile?.selfCollision?.exclude ?? []) + (robotSpec.selfCollisionExclude ?? [])),
            positionGain: robotSpec.positionGain, velocityGain: robotSpec.velocityGain,
            servoVelocityLimits: robotSpec.velocityLimits)
        let robot: RobotInstance
        do {
            robot = try RobotBuilder.build(model, in: world, options: options)
        } catch {
            throw fail("file", "\(error)")
        }

        // Start pose: the profile's standing pose, zeros, or a keyframe of the file.
        var pose: [String: Double] = [:]
        switch robotSpec.pose {
        case "standing":
            pose = profile?.standingPose ?? [:]
        case "zero":
            pose = [:]
        default:
            guard let keyframe = model.keyframes.first(where: { $0.name == robotSpec.pose }) else {
                let names = ["standing", "zero"] + model.keyframes.map(\.name)
                throw fail("pose", "unknown pose '\(robotSpec.pose)' (known: \(names.joined(separator: ", ")))")
            }
            pose = keyframe.jointPositions.filter { robot.jointIndex(named: $0.key) != nil }
        }
        let followers = Set(model.joints.compactMap { $0.mimic == nil ? nil : $0.name })
        var nominal: [String: Double] = [:]
        for (index, type) in robot.body.jointTypes.enumerated() where type == .revolute || type == .prismatic {
            let name = robot.jointNames[index]
            if !followers.contains(name) { nominal[name] = pose[name] ?? 0 }
        }
        // Joint noise on the start state, from its own stream.
        var random = SeededGenerator(seed: seed, stream: "robot")
        var start = nominal
        let noise = spec.randomization.jointNoise
        for name in nominal.keys.sorted() { start[name] = nominal[name]! + random.uniform(-noise, noise) }
        try robot.setJointPositions(start)
        try robot.hold(nominal, positionGain: robotSpec.positionGain, velocityGain: robotSpec.velocityGain)
        if !robotSpec.fixedBase {
            try robot.placeOnFloor(floorHeight: robotSpec.position.z)
        }
        nominalPose = nominal
        startHeight = try robot.framePose(model.rootLink).position.z
        self.robot = robot

        // Visuals.
        var drawables: [Drawable] = []
        for link in model.links {
            guard let frame = robot.frames[link.name] else { continue }
            for visual in link.visuals {
                drawables.append(Drawable(body: robot.body.id, link: frame.link, localPose: frame.offset * visual.origin,
                                          shape: visual.shape, color: visual.color ?? [0.7, 0.7, 0.72, 1]))
            }
        }
        self.drawables = drawables
    }
}
