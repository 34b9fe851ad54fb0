// SceneCameras: a world's camera sensors — the scene's `cameras:` resolved against the
// robot (attached frames must exist), plus the robot profile's head camera as `head` — and
// the last picture of each, so a camera renders only when its rate says one is due.
import Foundation
import Physics
import Robot

/// One camera of a built world.
public struct SceneCamera: Sendable, Hashable {
    public var spec: CameraSpec
    /// The robot body and Bullet link an attached camera sits in: its own housing, left out
    /// of its pictures (the head camera is inside the head's shell).
    public var housing: (body: Int32, link: Int)? {
        guard let body = housingBody, let link = housingLink else { return nil }
        return (body, link)
    }
    var housingBody: Int32?
    var housingLink: Int?
    /// True for the profile's head camera added without a declaration.
    public var isDefault: Bool

    public var name: String { spec.name }
    public var verticalFieldOfView: Double { spec.fovDegrees * Double.pi / 180 }

    /// The camera frame in the world now (+x the line of sight, +z up in the picture).
    public func pose(in world: SceneWorld) throws -> Pose {
        guard let frame = spec.attach else { return spec.localPose }
        return try world.robot.framePose(frame) * spec.localPose
    }

    /// Whether a new picture is due at simulated `time` (s) when the last was taken at
    /// `last`: pictures fall in slots of 1/rate_hz s and the first request in a new slot
    /// renders (rate 0: every new time). The same instant never renders twice.
    public func isDue(at time: Double, last: Double?) -> Bool {
        guard let last else { return true }
        guard time != last else { return false }
        guard spec.rateHz > 0 else { return true }
        let period = 1 / spec.rateHz
        return (time / period + 1e-6).rounded(.down) > (last / period + 1e-6).rounded(.down)
    }
}

public final class SceneCameras {
    /// The name the robot profile's head camera gets when the scene declares none by it.
    public static let headCameraName = "head"

    /// Declared cameras in file order, then the default head camera (if any).
    public let cameras: [SceneCamera]
    /// What renders them; nil: nothing can (asking for a picture throws `noRenderer`).
    public var provider: (any CameraProvider)?
    /// Pictures rendered so far, per camera (cached pictures are not counted).
    public private(set) var renderCounts: [String: Int] = [:]
    private var latest: [String: CameraFrame] = [:]

    /// Resolves `spec.cameras` against `robot`. Errors name the camera's file line and key.
    init(spec: SceneSpec, robot: RobotInstance, profile: RobotProfile?) throws {
        var cameras: [SceneCamera] = []
        for (index, camera) in spec.cameras.enumerated() {
            func fail(_ key: String, _ message: String) -> SceneError {
                SceneError(file: spec.sourceFile, line: camera.line, keyPath: "cameras[\(index)].\(key)", message: message)
            }
            if cameras.contains(where: { $0.name == camera.name }) {
                throw fail("name", "a camera named '\(camera.name)' already exists")
            }
            var resolved = SceneCamera(spec: camera, isDefault: false)
            if let frameName = camera.attach {
                guard let frame = robot.frames[frameName] else {
                    let suggestion = closestMatch(to: frameName, in: Array(robot.frames.keys)).map { " (did you mean '\($0)'?)" } ?? ""
                    throw fail("attach", "robot \(robot.model.name) has no frame or link named '\(frameName)'\(suggestion)")
                }
                resolved.housingBody = robot.body.id
                resolved.housingLink = frame.link
            }
            cameras.append(resolved)
        }
        if let head = profile?.headCamera, let frame = robot.frames[head],
           !cameras.contains(where: { $0.name == Self.headCameraName }) {
            var camera = SceneCamera(spec: CameraSpec(name: Self.headCameraName, attach: head), isDefault: true)
            camera.housingBody = robot.body.id
            camera.housingLink = frame.link
            cameras.append(camera)
        }
        self.cameras = cameras
    }

    public var names: [String] { cameras.map(\.name) }

    public func camera(named name: String) -> SceneCamera? { cameras.first { $0.name == name } }

    /// Whether pictures can be made (a provider that can render is present).
    public var canRender: Bool { provider?.isAvailable ?? false }

    /// Camera `name`'s picture at simulated `time` (s) in `world` (the world that owns
    /// these cameras): rendered when one is due by the camera's rate, otherwise the last.
    public func frame(named name: String, at time: Double, in world: SceneWorld) throws -> CameraFrame {
        guard let camera = camera(named: name) else { throw CameraError.unknownCamera(name, known: names) }
        let last = latest[name]
        if let last, !camera.isDue(at: time, last: last.time) { return last }
        guard let provider else { throw CameraError.noRenderer(camera: name) }
        let frame = try provider.render(camera, pose: try camera.pose(in: world), in: world, time: time)
        latest[name] = frame
        renderCounts[name, default: 0] += 1
        return frame
    }
}

extension SceneWorld {
    /// Camera `name`'s picture at simulated `time` (s); see `SceneCameras.frame`.
    public func cameraFrame(_ name: String, at time: Double) throws -> CameraFrame {
        try cameras.frame(named: name, at: time, in: self)
    }
}
