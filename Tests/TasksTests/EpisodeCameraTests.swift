// Episode's camera sensors and per-physics-step hook, without GL: a counting camera
// provider shows that a camera renders only on the control steps its rate makes due (the
// last picture is reused otherwise), that the provider survives resets, and that nothing
// renders without one; the hook runs before every physics step, an idle hook keeps the
// trajectory bit for bit, and a pushing one changes it.
import Physics
import Scene
import XCTest
@testable import Tasks

/// Pictures of constant depth, counted.
private final class CountingProvider: CameraProvider {
    var renders: [(camera: String, time: Double)] = []
    var isAvailable: Bool { true }

    func render(_ camera: SceneCamera, pose: Pose, in world: SceneWorld, time: Double) throws -> CameraFrame {
        renders.append((camera.name, time))
        let pixels = camera.spec.width * camera.spec.height
        return CameraFrame(camera: camera.name, width: camera.spec.width, height: camera.spec.height, time: time,
                           pose: pose, verticalFieldOfView: camera.verticalFieldOfView,
                           depth: [Float](repeating: Float(renders.count), count: pixels))
    }
}

/// A renderer that cannot make pictures (a machine without EGL).
private final class UnavailableProvider: CameraProvider {
    var isAvailable: Bool { false }

    func render(_ camera: SceneCamera, pose: Pose, in world: SceneWorld, time: Double) throws -> CameraFrame {
        throw CameraError.unavailable("no OpenGL here")
    }
}

final class EpisodeCameraTests: XCTestCase {
    private func scene(_ extra: [String] = []) throws -> SceneSpec {
        try TasksTestSupport.scene("stand_push", overrides: ["task.episode_seconds=2"] + extra)
    }

    func testACameraRendersOnlyWhenItsRateMakesAPictureDue() throws {
        let episode = try Episode(scene: try scene(["cameras=[{name: top, position: [0, 0, 3], look_at: [0, 0, 0], rate_hz: 20, width: 8, height: 6}]"]),
                                  seed: 1)
        XCTAssertEqual(episode.world.cameras.names, ["top", "head"])
        XCTAssertThrowsError(try episode.cameraFrame("top")) { error in
            XCTAssertEqual(error as? CameraError, .noRenderer(camera: "top"))
        }
        let provider = CountingProvider()
        episode.cameraProvider = provider
        var pictures: [CameraFrame] = []
        let zero = [Double](repeating: 0, count: episode.actionSize)
        for _ in 0..<30 {
            _ = try episode.step(zero)
            // Asked twice per step (a task and a policy, say): the second is the cached one.
            pictures.append(try episode.cameraFrame("top"))
            XCTAssertEqual(try episode.cameraFrame("top"), pictures.last)
        }
        // 60 Hz control, 20 Hz camera: a picture every third step, 30 steps → slots 0…10.
        XCTAssertEqual(provider.renders.count, 11)
        XCTAssertEqual(episode.world.cameras.renderCounts["top"], 11)
        XCTAssertEqual(pictures[0].width, 8)
        XCTAssertEqual(pictures[0].depth?.count, 48)
        XCTAssertEqual(pictures[1].time, pictures[0].time, "step 2 reuses the picture of step 1")
        XCTAssertNotEqual(pictures[2].time, pictures[1].time)
        for pair in zip(provider.renders, provider.renders.dropFirst()) {
            XCTAssertGreaterThanOrEqual(pair.1.time - pair.0.time, 1.0 / 60 - 1e-9)
        }

        // The provider stays across a reset; the new world renders afresh.
        try episode.reset(seed: 2)
        _ = try episode.cameraFrame("head")
        XCTAssertEqual(provider.renders.last?.camera, "head")
        XCTAssertEqual(provider.renders.last?.time, 0)
        XCTAssertEqual(episode.world.cameras.renderCounts["top"], nil)
    }

    func testTheHookRunsBeforeEveryPhysicsStepAndAnIdleOneChangesNoBits() throws {
        let plain = try Episode(scene: try scene(), seed: 3)
        let idle = try Episode(scene: try scene(), seed: 3)
        let pushed = try Episode(scene: try scene(), seed: 3)
        var calls: [Double] = []
        idle.beforePhysicsStep = { world in calls.append(Double(try world.world.stepCount())) }
        pushed.beforePhysicsStep = { world in
            try world.robot.body.applyWrench(link: -1, force: Vector3(150, 0, 0), duration: 0)
        }
        let zero = [Double](repeating: 0, count: plain.actionSize)
        for _ in 0..<20 {
            _ = try plain.step(zero)
            _ = try idle.step(zero)
            _ = try pushed.step(zero)
        }
        XCTAssertEqual(calls.count, 20 * idle.physicsStepsPerControl)
        XCTAssertEqual(Set(calls).count, calls.count, "once per physics step, each before a new one")
        XCTAssertEqual(idle.trajectoryHash, plain.trajectoryHash)
        XCTAssertEqual(try idle.world.world.stateHash(), try plain.world.world.stateHash())
        XCTAssertNotEqual(pushed.trajectoryHash, plain.trajectoryHash)
        let pushedBase = try pushed.world.robot.body.baseState().pose.position
        let plainBase = try plain.world.robot.body.baseState().pose.position
        XCTAssertGreaterThan(pushedBase.x - plainBase.x, 0.01, "150 N on the base for 1/3 s should move the robot forward")
    }

    func testPanelInspectUsesThePictureOnlyWhenItCanRender() throws {
        let scene = try TasksTestSupport.scene("panel_inspect")
        let plain = try Episode(scene: scene, seed: 1)
        let zero = [Double](repeating: 0, count: plain.actionSize)
        XCTAssertEqual(try plain.step(zero).metrics["image_check"], 0, "no provider: the geometric check")
        let unavailable = try Episode(scene: scene, seed: 1)
        unavailable.cameraProvider = UnavailableProvider()
        XCTAssertEqual(try unavailable.step(zero).metrics["image_check"], 0, "a provider that cannot render: geometry")
        XCTAssertThrowsError(try unavailable.cameraFrame("head")) { error in
            XCTAssertEqual("\(error)", "cameras cannot render: no OpenGL here")
        }
        let counted = try Episode(scene: scene, seed: 1)
        let provider = CountingProvider()
        counted.cameraProvider = provider
        XCTAssertEqual(try counted.step(zero).metrics["image_check"], 1)
        XCTAssertEqual(provider.renders.map(\.camera), ["head"])
        // Looking ahead no mark is centred either way, and the shaping reward reads the aim
        // now: the picture check changes nothing else.
        for _ in 0..<10 {
            _ = try plain.step(zero)
            _ = try counted.step(zero)
        }
        XCTAssertEqual(counted.trajectoryHash, plain.trajectoryHash)
        // Observation names stay as they were (experts read them).
        XCTAssertEqual(counted.observationNames, plain.observationNames)
    }
}
