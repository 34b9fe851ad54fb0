// panel_inspect: the head camera must hold each inspection panel's marked feature centred
// for `hold_seconds` (default 0.5 s).
//
// Parameters: `panels` (inspection_panel fixtures, required, each once), `max_angle_degrees`,
// `min_range`, `max_range`, `hold_seconds`, `line_of_sight`, `camera` (below).
//
// "Centred" is geometry of the physical state, checked after every control step: with the
// camera at the robot profile's `head_camera` frame (its +x axis is the line of sight),
//   – the angle between that axis and the direction to the panel's "feature" site is below
//     `max_angle_degrees` (default 5°);
//   – the feature is between `min_range` and `max_range` m away (defaults 0.2 and 2.5);
//   – the camera is in front of the panel's face (the feature's outward normal is the
//     panel's −x), and, with `line_of_sight` (default true), a ray from just ahead of the
//     camera to just in front of the feature hits nothing (no arm or object in the way).
// When the episode has a camera provider that can render (the viewer, the Python env made
// with cameras, `tground run --cameras`), `line_of_sight` is true and the scene camera
// `camera` (default "head": the profile's head camera) produces depth and segmentation,
// the line of sight comes from the camera's own picture instead of a ray: the camera's
// latest picture (taken at its rate) must show the panel's body at the mark's depth at
// the mark's centre and at three or more of four points halfway to the mark's edges, and
// angle, range and facing are measured from the pose the picture was taken at. Without a
// renderer (headless CI without EGL) the geometric test above is used. The metric
// `image_check` says which one the step used (1: picture, 0: geometry).
//
// Each panel keeps the longest continuous time it was centred (sampled after every control
// step; a centred sample counts its whole control period); a panel is done once that
// reaches `hold_seconds`. Success: every panel is done. No task-specific failure.
//
// Reward terms, per control step:
//   `look`     = 1 − tanh(angle / 0.3 rad), angle to the not-yet-done panel nearest the line
//                of sight, from where the camera is now (0 once all are done);
//   `hold`     = +1 while a not-yet-done panel is centred;
//   `progress` = panels done / panels;
//   `success`  = 10 on the step the last panel is done.
// Metrics: panels_done, held_<panel> (longest centred time, s) for each panel, and
// image_check.
import Foundation
import Physics
import Robot
import Scene

public final class PanelInspectTask: Task {
    public static let name = "panel_inspect"
    public static let summary = "Hold each inspection panel's feature centred in the head camera for 0.5 s."
    public static let parameterNames = ["panels", "max_angle_degrees", "min_range", "max_range", "hold_seconds",
                                        "line_of_sight", "camera"]

    let panels: [String]
    /// rad.
    let maxAngle: Double
    let minRange: Double
    let maxRange: Double
    let holdSeconds: Double
    let lineOfSight: Bool
    /// The scene camera whose picture judges the line of sight when it can render.
    let cameraName: String

    private var cameraFrame = ""
    private var features: [Pose] = []
    /// Per panel: the panel's body id and the mark's side (m), for the picture check.
    private var panelBodies: [Int32] = []
    private var markSizes: [Double] = []
    private var currentRun: [Double] = []
    /// Longest continuous centred time of each panel so far, s.
    public private(set) var longestHold: [Double] = []
    private var lastTime = 0.0

    public init(scene: SceneSpec) throws {
        let params = try TaskParameters(scene: scene, accepted: Self.parameterNames)
        panels = try params.strings("panels")
        guard !panels.isEmpty else { throw params.error("panels", "expected one or more inspection panels") }
        for panel in panels {
            guard let fixture = scene.fixtures.first(where: { $0.name == panel }) else {
                let suggestion = closestMatch(to: panel, in: scene.fixtures.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
                throw params.error("panels", "no fixture named '\(panel)'\(suggestion)")
            }
            guard fixture.type == InspectionPanelFixture.typeName else {
                throw params.error("panels", "fixture '\(panel)' is a \(fixture.type), not an \(InspectionPanelFixture.typeName)")
            }
        }
        guard Set(panels).count == panels.count else { throw params.error("panels", "a panel is listed twice") }
        maxAngle = try params.number("max_angle_degrees", default: 5, in: 0.1...90) * Double.pi / 180
        minRange = try params.number("min_range", default: 0.2, in: 0...100)
        maxRange = try params.number("max_range", default: 2.5, in: 0.01...100)
        guard minRange < maxRange else { throw params.error("max_range", "must be more than min_range (\(minRange) m)") }
        holdSeconds = try params.number("hold_seconds", default: 0.5, in: 0.001...3600)
        if let raw = scene.task.params["line_of_sight"] {
            guard let flag = raw.bool else { throw params.error("line_of_sight", "expected true or false") }
            lineOfSight = flag
        } else {
            lineOfSight = true
        }
        if let raw = scene.task.params["camera"] {
            guard let name = raw.string, !name.isEmpty else { throw params.error("camera", "expected a camera name") }
            cameraName = name
        } else {
            cameraName = SceneCameras.headCameraName
        }
    }

    public func reset(world: SceneWorld, random: inout SeededGenerator) throws {
        guard let camera = world.profile?.headCamera, world.robot.frames[camera] != nil else {
            throw SceneError(file: world.spec.sourceFile, line: 0, keyPath: "robot.profile",
                             message: "task \(Self.name) needs a robot profile whose head_camera names a frame of the robot")
        }
        cameraFrame = camera
        features = try panels.map { try WorkcellState.site(world, fixture: $0, "feature", key: "panels") }
        panelBodies = try panels.map { name in
            guard let body = try WorkcellState.fixture(world, name, key: "panels").rigidBodies["panel"] else {
                throw SceneError(file: world.spec.sourceFile, line: 0, keyPath: "task.params.panels",
                                 message: "fixture '\(name)' has no panel body")
            }
            return body.id
        }
        markSizes = panels.map { world.goals["\($0).feature"]?.size.y ?? 0.04 }
        currentRun = Array(repeating: 0, count: panels.count)
        longestHold = currentRun
        lastTime = 0
    }

    /// How one panel's feature lies in the camera's view now.
    struct View {
        /// Between the line of sight and the direction to the feature, rad.
        var angle: Double
        /// m.
        var range: Double
        var centred: Bool
    }

    /// Angle, range and facing of each feature from a camera at `camera` (world); centred
    /// here means within angle and range and in front of the face (visibility apart).
    private func aimedViews(from camera: Pose) -> [View] {
        let sight = camera.rotation.rotate(.unitX)
        return features.map { feature in
            let offset = feature.position - camera.position
            let range = offset.length
            let angle = range > 0 ? acos(min(1, max(-1, sight.dot(offset) / range))) : Double.pi
            let facing = feature.rotation.rotate(-Vector3.unitX).dot(-offset) > 0
            return View(angle: angle, range: range,
                        centred: angle < maxAngle && range >= minRange && range <= maxRange && facing)
        }
    }

    /// Whether the picture check is used now: line of sight asked for, the camera exists
    /// with depth and segmentation, and something can render it.
    func usesPicture(_ world: SceneWorld) -> Bool {
        guard lineOfSight, let camera = world.cameras.camera(named: cameraName),
              camera.spec.channels.contains(.depth), camera.spec.channels.contains(.segmentation) else { return false }
        return world.cameras.canRender
    }

    /// Every panel's view from where the camera is now (geometry and a ray per panel), in
    /// `panels` order.
    func views(_ world: SceneWorld) throws -> [View] {
        let camera = try world.robot.framePose(cameraFrame)
        var views = aimedViews(from: camera)
        // Line of sight: one batch of rays for the panels that are otherwise centred.
        if lineOfSight, views.contains(where: \.centred) {
            let rays = zip(features, views).map { feature, view -> Ray in
                let offset = feature.position - camera.position
                let direction = view.range > 0 ? offset / view.range : camera.rotation.rotate(.unitX)
                let normal = feature.rotation.rotate(-Vector3.unitX)
                return Ray(from: camera.position + direction * min(0.05, view.range / 2), to: feature.position + normal * 0.005)
            }
            let hits = try world.world.rayCast(rays)
            for index in views.indices where views[index].centred && hits[index] != nil { views[index].centred = false }
        }
        return views
    }

    /// Every panel's view in camera `cameraName`'s latest picture at `time`: aimed as
    /// `aimedViews` from the pose the picture was taken at, and the mark seen in it.
    func pictureViews(_ world: SceneWorld, time: Double) throws -> [View] {
        let frame = try world.cameraFrame(cameraName, at: time)
        var views = aimedViews(from: frame.pose)
        for index in views.indices where views[index].centred {
            views[index].centred = markVisible(index, in: frame)
        }
        return views
    }

    /// Whether picture `frame` shows panel `index`'s body at the mark's depth at the mark's
    /// centre and at three or more of four points halfway to its edges.
    private func markVisible(_ index: Int, in frame: CameraFrame) -> Bool {
        guard let bodies = frame.bodyIDs, let depths = frame.depth else { return false }
        let feature = features[index]
        let half = markSizes[index] / 4
        let side = feature.rotation.rotate(.unitY), up = feature.rotation.rotate(.unitZ)
        func seen(_ point: Vector3) -> Bool {
            guard let (x, y, depth) = frame.project(point), let pixel = frame.pixelIndex(x: x, y: y) else { return false }
            return bodies[pixel] == panelBodies[index] && abs(Double(depths[pixel]) - depth) < 0.01 + 0.01 * depth
        }
        guard seen(feature.position) else { return false }
        let around = [side * half, side * -half, up * half, up * -half].filter { seen(feature.position + $0) }
        return around.count >= 3
    }

    /// The camera's line of sight (unit vector, root frame); per panel, its feature's
    /// position (root frame, m), its angle off the line of sight (rad), its longest centred
    /// hold so far (s) and whether it is done (0/1).
    public var observationNames: [String] {
        var names = ["x", "y", "z"].map { "task.camera.sight_\($0)" }
        for panel in panels {
            names += ["x", "y", "z", "angle", "held", "done"].map { "task.\(panel).\($0)" }
        }
        return names
    }

    public func observation(world: SceneWorld) throws -> [Double] {
        let root = try RobotRootFrame(world)
        let camera = try world.robot.framePose(cameraFrame)
        var values = root.direction(camera.rotation.rotate(.unitX))
        for (index, view) in try views(world).enumerated() {
            values += root.point(features[index].position)
            values += [view.angle, longestHold[index], isDone(index) ? 1 : 0]
        }
        return values
    }

    private func isDone(_ index: Int) -> Bool { longestHold[index] >= holdSeconds - 1e-9 }

    public func evaluate(world: SceneWorld, time: Double) throws -> TaskEvaluation {
        let picture = usesPicture(world)
        let views = picture ? try pictureViews(world, time: time) : try views(world)
        // The shaping term reads the aim from where the camera is now, whichever check
        // judged "centred", so rendering changes the reward only through `hold`/`success`.
        let angles = picture ? aimedViews(from: try world.robot.framePose(cameraFrame)).map(\.angle) : views.map(\.angle)
        let step = max(0, time - lastTime)
        lastTime = time
        let wasDone = panels.indices.map(isDone)
        var holding = false
        for index in panels.indices {
            currentRun[index] = views[index].centred ? currentRun[index] + step : 0
            longestHold[index] = max(longestHold[index], currentRun[index])
            if views[index].centred && !wasDone[index] { holding = true }
        }
        let done = panels.indices.filter(isDone).count
        let nearest = panels.indices.filter { !isDone($0) }.map { angles[$0] }.min()
        var metrics = ["panels_done": Double(done), "image_check": picture ? 1 : 0]
        for (index, panel) in panels.enumerated() { metrics["held_\(panel)"] = longestHold[index] }
        let success = done == panels.count
        return TaskEvaluation(
            rewardTerms: ["look": nearest.map { RewardShaping.closeness($0, scale: 0.3) } ?? 0, "hold": holding ? 1 : 0,
                          "progress": Double(done) / Double(panels.count), "success": success ? 10 : 0],
            success: success,
            metrics: metrics)
    }
}
