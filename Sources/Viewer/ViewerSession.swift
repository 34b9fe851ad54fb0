// ViewerSession: the viewer without a window — an episode driven by a policy, paced by a
// simulation clock, a camera, overlay switches and a body drag, all changed by InputEvents.
// The window app and the headless renderer both draw what it describes; tests drive it
// with events directly.
import Foundation
import Physics
import Render
import Runner
import Scene
import Tasks

/// How the episode stands.
public enum EpisodeStatus: Hashable, Sendable {
    case running
    case success
    case failure(FailureReason)
}

/// What the session asks of whoever owns the window or framebuffer.
public enum CaptureRequest: Hashable, Sendable {
    case screenshot
    case toggleRecording
}

public final class ViewerSession {
    public let source: SceneSource
    public private(set) var episode: Episode
    public private(set) var seed: UInt64
    /// What drives the robot: zero, random, the task's expert, or a replayed record.
    public let policySpec: PolicySpec
    public private(set) var clock: SimulationClock
    public var cameraController: CameraController
    public var overlays = OverlayOptions()
    public var showsHelp = false
    /// The joint-angle panel (J).
    public var showsJointAngles = false
    public var showsHUD = true
    /// Draw the 3D picture at half the window's resolution and stretch it (the HUD stays
    /// sharp): about three times faster on software GL. The window app turns it on by
    /// default on software renderers; offscreen pictures ignore it.
    public var halfResolution = false
    /// Bodies left out of the picture (tests use it to see what a body covers).
    public var hiddenBodies: Set<Int32> = []
    public private(set) var drag: BodyDrag?
    /// The last control step's result (nil right after a reset).
    public private(set) var lastResult: StepResult?
    /// Size of the picture in pixels; mouse positions refer to it.
    public private(set) var viewportWidth: Int
    public private(set) var viewportHeight: Int
    /// Captures asked for since the owner last took them.
    public private(set) var requests: [CaptureRequest] = []
    public private(set) var wantsQuit = false
    /// Frames per second and simulated seconds per wall second, over the last second.
    public private(set) var framesPerSecond = 0.0
    public private(set) var realTimeFactor = 0.0

    private var policyFactory: PolicyFactory
    private var policy: any Policy
    private var observation: [Double]
    private var collisionDrawables: [Drawable]
    private var gesture = Gesture.none
    private var messageLog: [(text: String, until: Double)] = []
    private var frameTimes: [Double] = []
    private var simulationSamples: [(wall: Double, simulated: Double)] = []
    private var lastNow = 0.0
    /// Seconds a message stays on screen.
    static let messageSeconds = 4.0

    private enum Gesture {
        case none, orbit, pan, drag
    }

    /// Builds the episode for `seed` from `source`'s scene, driven by `policy`. Throws
    /// SceneErrors, and BatchErrors for a policy that does not fit the scene (no expert for
    /// its task, a record of another action size).
    ///
    /// `cameraProvider` renders the scene's camera sensors for the task (panel_inspect's
    /// picture check); the default makes an offscreen EGL context the first time a camera
    /// is asked for a picture. Nil: tasks use their geometric checks.
    public init(source: SceneSource, seed: UInt64 = 0, policy: PolicySpec = .builtin(.zero), width: Int = 1280,
                height: Int = 720, cameraProvider: (any CameraProvider)? = OffscreenCameraProvider()) throws {
        self.source = source
        self.seed = seed
        policySpec = policy
        self.cameraProvider = cameraProvider
        let episode = try Episode(scene: source.spec, seed: seed)
        self.episode = episode
        policyFactory = try policy.factory(actionSize: episode.actionSize)
        self.policy = try policyFactory(episode, 0)
        observation = try episode.observe()
        clock = SimulationClock(controlPeriod: 1 / episode.scene.task.controlHz)
        collisionDrawables = episode.world.robotCollisionDrawables(color: SceneOverlays.collisionColor)
        viewportWidth = max(width, 1)
        viewportHeight = max(height, 1)
        cameraController = CameraController(camera: try Self.startCamera(for: episode))
        attach(to: episode)
    }

    /// Renders the scene's cameras for the episode's task (nil: no renderer).
    public let cameraProvider: (any CameraProvider)?

    /// Gives `episode` the camera provider and the drag spring, which pulls the grabbed
    /// body before every physics step with the force of that instant.
    private func attach(to episode: Episode) {
        episode.cameraProvider = cameraProvider
        episode.beforePhysicsStep = { [weak self] world in
            try self?.drag?.apply(in: world, duration: world.spec.world.timeStep)
        }
    }

    public var camera: Camera { cameraController.camera }
    public var world: SceneWorld { episode.world }

    public var status: EpisodeStatus {
        guard let lastResult else { return .running }
        if lastResult.success { return .success }
        if let failure = lastResult.failure { return .failure(failure) }
        return .running
    }

    // MARK: - Input

    /// Applies one input event; `now` is wall time (s, any fixed origin) for messages.
    public func handle(_ event: InputEvent, now: Double = 0) {
        switch event {
        case .keyDown(let key, let modifiers):
            if let action = KeyBindings.action(for: key, modifiers: modifiers) { perform(action, now: now) }
        case .keyUp:
            break
        case .mouseDown(let button, let x, let y, let modifiers):
            gesture = .none
            if button == .left && modifiers.contains(.control) {
                beginDrag(x: x, y: y, now: now)
            } else if button == .left {
                gesture = modifiers.contains(.shift) ? .pan : .orbit
            } else {
                gesture = .pan
            }
        case .mouseUp:
            if gesture == .drag { drag = nil }
            gesture = .none
        case .mouseMotion(let x, let y, let dx, let dy, _):
            switch gesture {
            case .orbit: cameraController.orbit(pixelsX: dx, pixelsY: dy)
            case .pan: cameraController.pan(pixelsX: dx, pixelsY: dy, height: viewportHeight)
            case .drag:
                let ray = camera.ray(x: x, y: y, width: viewportWidth, height: viewportHeight)
                drag?.moveTarget(origin: ray.origin, direction: ray.direction)
            case .none: break
            }
        case .wheel(let dy):
            cameraController.zoom(notches: dy)
        case .resized(let width, let height):
            resize(width: width, height: height)
        case .quit:
            wantsQuit = true
        }
    }

    /// Does what a key asks.
    public func perform(_ action: ViewerAction, now: Double = 0) {
        if cameraController.perform(action, height: viewportHeight) { return }
        switch action {
        case .togglePause:
            clock.isPaused.toggle()
        case .stepOnce:
            if !clock.isPaused { clock.isPaused = true }
            attempt(now: now) { try self.stepControl() }
        case .slowDown: clock.slowDown()
        case .speedUp: clock.speedUp()
        case .reset: attempt(now: now) { try self.reset(now: now) }
        case .resetWithNextSeed: attempt(now: now) { try self.reset(seed: self.seed &+ 1, now: now) }
        case .toggleContacts: overlays.contacts.toggle()
        case .toggleFrames: overlays.frames.toggle()
        case .toggleCollisionGeometry: overlays.collisionGeometry.toggle()
        case .toggleCentreOfMass: overlays.centreOfMass.toggle()
        case .toggleHelp: showsHelp.toggle()
        case .toggleJointAngles: showsJointAngles.toggle()
        case .toggleHUD: showsHUD.toggle()
        case .toggleHalfResolution: halfResolution.toggle()
        case .screenshot: requests.append(.screenshot)
        case .toggleRecording: requests.append(.toggleRecording)
        case .quit: wantsQuit = true
        default: break
        }
    }

    /// The captures asked for since the last call.
    public func takeRequests() -> [CaptureRequest] {
        defer { requests = [] }
        return requests
    }

    /// The picture is now `width` × `height` pixels.
    public func resize(width: Int, height: Int) {
        viewportWidth = max(width, 1)
        viewportHeight = max(height, 1)
    }

    private func beginDrag(x: Double, y: Double, now: Double) {
        let ray = camera.ray(x: x, y: y, width: viewportWidth, height: viewportHeight)
        do {
            if let grabbed = try BodyDrag.grab(in: world, origin: ray.origin, direction: ray.direction) {
                drag = grabbed
                gesture = .drag
            } else {
                show("nothing movable under the mouse", now: now)
            }
        } catch {
            show("cannot pick: \(error)", now: now)
        }
    }

    // MARK: - Time

    /// Runs the control steps the clock owes at wall time `now` (s); returns how many ran.
    /// Nothing runs while paused or once the episode has ended. Faster than 1×, at most
    /// `fastPhysicsBudget` wall seconds go to physics per frame (the rest of the owed time
    /// is dropped), so a machine that cannot keep up at 8× still draws frames; at 1× and
    /// slower every owed step runs.
    @discardableResult
    public func advance(now: Double) -> Int {
        lastNow = now
        let due = clock.stepsDue(now: now)
        let started = ContinuousClock.now
        let budget = Duration.milliseconds(Int(fastPhysicsBudget * 1000))
        var ran = 0
        while ran < due && !episode.finished {
            guard attempt(now: now, { try self.stepControl() }) else { break }
            ran += 1
            if clock.speed > 1 && ContinuousClock.now - started > budget {
                clock.dropOwedTime()
                break
            }
        }
        recordSimulation(now: now)
        return ran
    }

    /// Wall seconds of physics per frame above 1× speed (see `advance(now:)`).
    public var fastPhysicsBudget = 0.3

    /// One control step: the policy's action, then the episode's step (the drag spring
    /// pushes before each of its physics steps).
    public func stepControl() throws {
        guard !episode.finished else { return }
        let action = policy.act(observation: observation, episode: episode)
        let result = try episode.step(action)
        observation = result.observation
        lastResult = result
    }

    /// Starts the episode again from `seed` (default: the current one), first reloading the
    /// scene file when it changed on disk. A file that no longer loads is reported and the
    /// episode restarts from the scene as it was.
    public func reset(seed newSeed: UInt64? = nil, now: Double = 0) throws {
        let seed = newSeed ?? self.seed
        var reloaded = false
        do {
            reloaded = try source.reloadIfChanged()
        } catch {
            show("scene not reloaded: \(error)", now: now)
        }
        if reloaded {
            episode = try Episode(scene: source.spec, seed: seed)
            attach(to: episode)
            policyFactory = try policySpec.factory(actionSize: episode.actionSize)
            let paused = clock.isPaused, speed = clock.speed
            clock = SimulationClock(controlPeriod: 1 / episode.scene.task.controlHz)
            clock.isPaused = paused
            while clock.speed < speed { clock.speedUp() }
            while clock.speed > speed { clock.slowDown() }
            show("reloaded \(source.path)", now: now)
        } else {
            try episode.reset(seed: seed)
        }
        self.seed = seed
        policy = try policyFactory(episode, 0)
        observation = try episode.observe()
        lastResult = nil
        drag = nil
        if gesture == .drag { gesture = .none }
        collisionDrawables = world.robotCollisionDrawables(color: SceneOverlays.collisionColor)
        clock.restart()
        simulationSamples.removeAll()
    }

    // Runs `work`, turning an error into a message and a pause; true when it succeeded.
    @discardableResult
    private func attempt(now: Double, _ work: () throws -> Void) -> Bool {
        do {
            try work()
            return true
        } catch {
            clock.isPaused = true
            show("error: \(error) (paused)", now: now)
            return false
        }
    }

    // MARK: - Drawing

    /// The frame to draw: the scene, the toggled overlays and the drag spring. Also moves a
    /// following camera with the robot.
    public func renderScene() throws -> RenderScene {
        if cameraController.isFollowing {
            cameraController.update(following: try world.robot.framePose(world.robot.model.rootLink).position)
        }
        var scene = try SceneOverlays.renderScene(of: world, options: overlays, collisionDrawables: collisionDrawables,
                                                  hidden: hiddenBodies)
        if let drag {
            let spring = try drag.annotations(in: world)
            scene.lines += spring.lines
            scene.points += spring.points
        }
        return scene
    }

    /// Counts a drawn frame at wall time `now` (s) for the FPS figure.
    public func noteFrame(now: Double) {
        frameTimes.append(now)
        frameTimes.removeAll { $0 < now - 1 }
        if let first = frameTimes.first, frameTimes.count > 1, now > first {
            framesPerSecond = Double(frameTimes.count - 1) / (now - first)
        }
    }

    private func recordSimulation(now: Double) {
        simulationSamples.append((now, episode.simulatedTime))
        simulationSamples.removeAll { $0.wall < now - 1 }
        if let first = simulationSamples.first, now - first.wall > 0.05 {
            realTimeFactor = (episode.simulatedTime - first.simulated) / (now - first.wall)
        }
    }

    /// Shows `text` on the HUD for a few seconds (and on standard error).
    public func show(_ text: String, now: Double? = nil) {
        FileHandle.standardError.write(Data("tground view: \(text)\n".utf8))
        messageLog.append((text, (now ?? lastNow) + Self.messageSeconds))
        if messageLog.count > 4 { messageLog.removeFirst(messageLog.count - 4) }
    }

    /// Messages still due on screen at `now`.
    public func messages(now: Double) -> [String] {
        messageLog.removeAll { $0.until < now }
        return messageLog.map(\.text)
    }

    // A start view of the robot from its front left, or from the nearest side where no
    // fixture stands between the camera and the robot.
    private static func startCamera(for episode: Episode) throws -> Camera {
        let robot = episode.world.robot
        let root = try robot.framePose(robot.model.rootLink).position
        let box = try robot.body.boundingBox()
        let world = episode.world.world
        return try CameraController.framing(root: root, yaw: episode.scene.robot.yaw,
                                            height: max(box.max.z - box.min.z, 0.3)) { eye, point in
            guard let hit = try world.rayCast([Ray(from: eye, to: point)]).first ?? nil else { return true }
            return hit.body == robot.body.id
        }
    }
}
