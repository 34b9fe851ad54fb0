// ViewerSession: input events drive time (pause, single step, speed, reset), the camera,
// the overlays and the mouse drag — checked without a window or GL.
import Foundation
import Physics
import Render
import Scene
import Tasks
import Viewer
import XCTest

final class ViewerSessionTests: XCTestCase {
    // Space pauses: wall time passes, no control steps run.
    func testSpacePausesAndResumes() throws {
        let session = try makeSession()
        session.advance(now: 0)
        session.advance(now: 0.1)
        let running = session.episode.controlStep
        XCTAssertEqual(running, 6, "0.1 s at 1x and 60 Hz is 6 control steps")
        session.handle(.keyDown(.space))
        XCTAssertTrue(session.clock.isPaused)
        session.advance(now: 0.2)
        session.advance(now: 0.3)
        XCTAssertEqual(session.episode.controlStep, running)
        session.handle(.keyDown(.space))
        XCTAssertFalse(session.clock.isPaused)
        // Only wall time after the last paused frame counts: 0.3 s → 0.35 s is 3 steps.
        session.advance(now: 0.35)
        XCTAssertEqual(session.episode.controlStep, running + 3)
    }

    // `.` while paused runs exactly one control step per press.
    func testPeriodStepsExactlyOneControlStep() throws {
        let session = try makeSession()
        session.handle(.keyDown(.space))
        let before = session.episode.controlStep
        session.handle(.keyDown(.character(".")))
        XCTAssertEqual(session.episode.controlStep, before + 1)
        session.handle(.keyDown(.character(".")))
        session.handle(.keyDown(.character(".")))
        XCTAssertEqual(session.episode.controlStep, before + 3)
        XCTAssertEqual(session.episode.simulatedTime, 3.0 / 60, accuracy: 1e-9)
        XCTAssertNotNil(session.lastResult)
    }

    // R: step count back to 0 and the world bit-identical to a freshly built episode.
    func testResetRestoresTheFreshEpisode() throws {
        let session = try makeSession()
        session.advance(now: 0)
        session.advance(now: 0.25)
        XCTAssertGreaterThan(session.episode.controlStep, 0)
        session.handle(.keyDown(.character("r")))
        XCTAssertEqual(session.episode.controlStep, 0)
        XCTAssertEqual(session.episode.simulatedTime, 0)
        XCTAssertNil(session.lastResult)
        XCTAssertEqual(try session.world.world.stateHash(), try freshStateHash(of: session))
    }

    // N resets with the next seed.
    func testNResetsWithTheNextSeed() throws {
        let session = try makeSession(seed: 4)
        session.handle(.keyDown(.character("n")))
        XCTAssertEqual(session.seed, 5)
        XCTAssertEqual(try session.world.world.stateHash(), try freshStateHash(of: session))
    }

    // - and + halve and double the speed within 0.125x…8x; the clock pays steps accordingly.
    func testSpeedKeysScaleSimulatedTime() throws {
        let session = try makeSession()
        for _ in 0..<5 { session.handle(.keyDown(.character("-"))) }
        XCTAssertEqual(session.clock.speed, 0.125)
        session.advance(now: 0)
        session.advance(now: 0.2)
        XCTAssertEqual(session.episode.controlStep, 1, "0.2 s at 0.125x is 0.025 s: one 1/60 s step")
        for _ in 0..<10 { session.handle(.keyDown(.character("+"))) }
        XCTAssertEqual(session.clock.speed, 8)
        session.handle(.keyDown(.character("-")))
        session.handle(.keyDown(.character("="), modifiers: .shift))
        XCTAssertEqual(session.clock.speed, 8, "shift+= is + on a US keyboard")
    }

    // Slow frames cost frames, not simulated time: one 0.2 s frame still pays 0.2 s of steps.
    func testSlowFramesKeepRealTime() throws {
        let session = try makeSession()
        session.advance(now: 0)
        session.advance(now: 0.2)
        XCTAssertEqual(session.episode.controlStep, 12)
        session.advance(now: 0.2 + 1.0 / 60)
        XCTAssertEqual(session.episode.controlStep, 13)
    }

    // Mouse: left drag orbits, right drag pans, the wheel zooms; keys move the camera too;
    // F follows the robot; Home goes back.
    func testMouseAndKeysMoveTheCamera() throws {
        let session = try makeSession()
        let start = session.camera
        session.handle(.mouseDown(.left, x: 100, y: 100))
        session.handle(.mouseMotion(x: 150, y: 100, dx: 50, dy: 0))
        session.handle(.mouseUp(.left, x: 150, y: 100))
        XCTAssertEqual(session.camera.target, start.target)
        XCTAssertEqual(session.camera.distance, start.distance, accuracy: 1e-9)
        XCTAssertNotEqual(session.camera.position, start.position)

        let orbited = session.camera
        session.handle(.mouseDown(.right, x: 100, y: 100))
        session.handle(.mouseMotion(x: 120, y: 110, dx: 20, dy: 10))
        session.handle(.mouseUp(.right, x: 120, y: 110))
        XCTAssertNotEqual(session.camera.target, orbited.target)
        XCTAssertEqual(session.camera.distance, orbited.distance, accuracy: 1e-9)

        let distance = session.camera.distance
        session.handle(.wheel(dy: 2))
        XCTAssertLessThan(session.camera.distance, distance)
        session.handle(.keyDown(.pageDown))
        session.handle(.keyDown(.left))
        session.handle(.keyDown(.up, modifiers: .shift))
        session.handle(.keyDown(.home))
        XCTAssertEqual(session.camera, start)

        session.handle(.keyDown(.character("f")))
        XCTAssertTrue(session.cameraController.isFollowing)
        _ = try session.renderScene()
        let root = try session.world.robot.framePose(session.world.robot.model.rootLink).position
        XCTAssertEqual(session.camera.target.x, root.x, accuracy: 1e-9)
        XCTAssertEqual(session.camera.target.y, root.y, accuracy: 1e-9)
    }

    // Ctrl+left drag on the robot grabs it; the spring is drawn; moving the mouse moves the
    // target; a step with the spring stretched moves the robot differently from one without.
    func testControlDragPullsTheRobot() throws {
        let session = try makeSession()
        let reference = try makeSession()
        session.handle(.keyDown(.space))
        reference.handle(.keyDown(.space))
        let torso = try session.world.robot.framePose(session.world.robot.model.rootLink).position + Vector3(0, 0, 0.25)
        let point = try XCTUnwrap(session.camera.project(torso, width: 640, height: 360))
        session.handle(.mouseDown(.left, x: point.x, y: point.y, modifiers: .control))
        let drag = try XCTUnwrap(session.drag, "ctrl+click on the robot should grab it")
        XCTAssertEqual(drag.body, session.world.robot.body.id)
        session.handle(.mouseMotion(x: point.x + 80, y: point.y, dx: 80, dy: 0, modifiers: .control))
        let moved = try XCTUnwrap(session.drag)
        XCTAssertGreaterThan((moved.target - drag.target).length, 0.1)
        XCTAssertGreaterThan(try moved.force(in: session.world).length, 1)
        let scene = try session.renderScene()
        XCTAssertTrue(scene.lines.contains { $0.end == moved.target }, "the spring should be drawn")

        for _ in 0..<10 {
            session.handle(.keyDown(.character(".")))
            reference.handle(.keyDown(.character(".")))
        }
        XCTAssertNotEqual(try session.world.world.stateHash(), try reference.world.world.stateHash())
        session.handle(.mouseUp(.left, x: point.x + 80, y: point.y))
        XCTAssertNil(session.drag)
    }

    // The drag spring is recomputed and applied before every physics step (not once per
    // control step): one control step of the session matches an episode whose hook applies
    // the same spring each physics step, and differs from one push per control step.
    func testTheDragSpringPullsBeforeEveryPhysicsStep() throws {
        let session = try makeSession()
        session.handle(.keyDown(.space))
        let torso = try session.world.robot.framePose(session.world.robot.model.rootLink).position + Vector3(0, 0, 0.25)
        let point = try XCTUnwrap(session.camera.project(torso, width: 640, height: 360))
        session.handle(.mouseDown(.left, x: point.x, y: point.y, modifiers: .control))
        session.handle(.mouseMotion(x: point.x + 80, y: point.y, dx: 80, dy: 0, modifiers: .control))
        let drag = try XCTUnwrap(session.drag)
        let zero = [Double](repeating: 0, count: session.episode.actionSize)
        let everyStep = try Episode(scene: session.episode.scene, seed: session.seed)
        everyStep.beforePhysicsStep = { world in try drag.apply(in: world, duration: world.spec.world.timeStep) }
        let once = try Episode(scene: session.episode.scene, seed: session.seed)
        let controlPeriod = Double(once.physicsStepsPerControl) * once.scene.world.timeStep
        for _ in 0..<3 {
            session.handle(.keyDown(.character(".")))
            _ = try everyStep.step(zero)
            try drag.apply(in: once.world, duration: controlPeriod)
            _ = try once.step(zero)
        }
        XCTAssertEqual(try session.world.world.stateHash(), try everyStep.world.world.stateHash())
        XCTAssertNotEqual(try session.world.world.stateHash(), try once.world.world.stateHash())
        session.handle(.mouseUp(.left, x: point.x + 80, y: point.y))
        XCTAssertNil(session.drag)
    }

    // The viewer gives its episode a camera provider: panel_inspect judges the line of
    // sight from the head camera's picture (when offscreen OpenGL exists).
    func testTheViewerRendersTheSceneCamerasForTheTask() throws {
        let session = try makeSession("panel_inspect")
        session.handle(.keyDown(.space))
        session.handle(.keyDown(.character(".")))
        guard session.world.cameras.canRender else { throw XCTSkip("no offscreen OpenGL for the camera sensors") }
        XCTAssertEqual(session.lastResult?.metrics["image_check"], 1)
        XCTAssertEqual(session.world.cameras.renderCounts["head"], 1)
    }

    // Ctrl+click on the sky grabs nothing and says so.
    func testControlClickOnNothingGrabsNothing() throws {
        let session = try makeSession()
        session.handle(.mouseDown(.left, x: 320, y: 2, modifiers: .control))
        XCTAssertNil(session.drag)
        XCTAssertFalse(session.messages(now: 0).isEmpty)
    }

    // The overlay keys add contacts, frames, centres of mass, and swap in collision geometry.
    func testOverlayKeysAddAnnotations() throws {
        let session = try makeSession()
        session.advance(now: 0)
        session.advance(now: 0.1)
        let plain = try session.renderScene()
        XCTAssertTrue(plain.lines.isEmpty && plain.points.isEmpty)
        session.handle(.keyDown(.character("c")))
        let contacts = try session.renderScene()
        XCTAssertFalse(contacts.points.isEmpty, "the standing robot's feet touch the floor")
        session.handle(.keyDown(.character("c")))
        session.handle(.keyDown(.character("k")))
        XCTAssertGreaterThanOrEqual(try session.renderScene().lines.count, 3 * session.world.robot.model.links.count)
        session.handle(.keyDown(.character("k")))
        session.handle(.keyDown(.character("m")))
        XCTAssertFalse(try session.renderScene().points.isEmpty)
        session.handle(.keyDown(.character("m")))
        session.handle(.keyDown(.character("v")))
        let collision = try session.renderScene()
        let robot = session.world.robot.body.id
        let expected = session.world.robot.model.links.reduce(0) { $0 + $1.collisions.count }
        XCTAssertEqual(collision.drawables.filter { $0.body == robot }.count, expected)
        XCTAssertEqual(collision.drawables.count, collision.bodyPoses.count)
    }

    // R reloads a scene file that changed on disk; a broken edit is reported and the old
    // scene kept.
    func testResetReloadsAChangedSceneFile() throws {
        let directory = try temporaryDirectory(self)
        let path = directory + "/scene.yaml"
        let original = try String(contentsOfFile: scenePath("stand_push"), encoding: .utf8)
        try original.write(toFile: path, atomically: true, encoding: .utf8)
        let session = try ViewerSession(source: try SceneSource(path: path), width: 640, height: 360)
        XCTAssertEqual(session.episode.maxControlSteps, 600)

        try original.replacingOccurrences(of: "episode_seconds: 10", with: "episode_seconds: 4")
            .write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: path)
        session.handle(.keyDown(.character("r")))
        XCTAssertEqual(session.episode.maxControlSteps, 240)

        try "format: 1\nname: [broken\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(10)], ofItemAtPath: path)
        session.handle(.keyDown(.character("r")))
        XCTAssertEqual(session.episode.maxControlSteps, 240, "a broken file keeps the last good scene")
        XCTAssertTrue(session.messages(now: 0).contains { $0.contains("not reloaded") })
        XCTAssertEqual(session.episode.controlStep, 0)
    }

    // --policy expert: the task's scripted expert drives the robot, and again after R.
    func testExpertPolicyDrivesPickPlace() throws {
        guard testScenes.contains("pick_place") else { throw XCTSkip("Scenes/pick_place.yaml is absent") }
        let source = try SceneSource(path: scenePath("pick_place"))
        let expert = try ViewerSession(source: source, policy: .expert, width: 640, height: 360)
        let zero = try makeSession("pick_place")
        for _ in 0..<30 {
            try expert.stepControl()
            try zero.stepControl()
        }
        XCTAssertNotEqual(try expert.world.world.stateHash(), try zero.world.world.stateHash())
        XCTAssertTrue(ViewerHUD.statusLines(of: expert, recording: false)[0].text.contains("policy expert"))
        expert.handle(.keyDown(.character("r")))
        XCTAssertEqual(expert.episode.controlStep, 0)
        try expert.stepControl()
        XCTAssertEqual(expert.episode.controlStep, 1)
    }

    // The start view looks past fixtures: in tote_transfer the shelf stands in front of the
    // usual front-left view; the chosen view has a clear line from its eye to the robot.
    func testStartCameraIsNotBlockedByAFixture() throws {
        let session = try makeSession("tote_transfer")
        let robot = session.world.robot
        let root = try robot.framePose(robot.model.rootLink).position
        let firstChoice = CameraController.framing(root: root, yaw: session.episode.scene.robot.yaw, height: 1.5)
        func robotFirst(_ eye: Vector3) throws -> Bool {
            let hit = try session.world.world.rayCast([Ray(from: eye, to: session.camera.target)]).first ?? nil
            return hit?.body == robot.body.id
        }
        XCTAssertFalse(try robotFirst(firstChoice.position), "the shelf should block the front-left view in this scene")
        XCTAssertTrue(try robotFirst(session.camera.position))
        XCTAssertEqual(session.camera.target.x, root.x, accuracy: 1e-9)
    }

    // With the front-left eye blocked, framing turns to the next azimuth (30° off the heading).
    func testFramingSkipsABlockedAzimuth() {
        let root = Vector3(0, 0, 0.9)
        let preferred = CameraController.framing(root: root, yaw: 0, height: 1.5)
        let chosen = CameraController.framing(root: root, yaw: 0, height: 1.5) { eye, _ in
            (eye - preferred.position).length > 1e-6
        }
        let direction = chosen.position - chosen.target
        XCTAssertEqual(atan2(direction.y, direction.x), 30 * Double.pi / 180, accuracy: 1e-9)
        let unblocked = CameraController.framing(root: root, yaw: 0, height: 1.5) { _, _ in true }
        XCTAssertEqual((unblocked.position - preferred.position).length, 0, accuracy: 1e-12)
    }

    // H, Tab, F12, F9 and Esc.
    func testHelpHUDCaptureAndQuitKeys() throws {
        let session = try makeSession()
        session.handle(.keyDown(.character("h")))
        XCTAssertTrue(session.showsHelp)
        session.handle(.keyDown(.tab))
        XCTAssertFalse(session.showsHUD)
        session.handle(.keyDown(.function(12)))
        session.handle(.keyDown(.function(9)))
        XCTAssertEqual(session.takeRequests(), [.screenshot, .toggleRecording])
        XCTAssertEqual(session.takeRequests(), [])
        session.handle(.keyDown(.escape))
        XCTAssertTrue(session.wantsQuit)
    }

    // Once the episode ends (success, a fall or the time limit) the status says so and
    // the clock runs no more steps.
    func testFinishedEpisodeStopsTheClock() throws {
        let session = try makeSession()
        for _ in 0..<2000 where !session.episode.finished {
            try session.stepControl()
        }
        XCTAssertTrue(session.episode.finished)
        XCTAssertNotEqual(session.status, .running)
        let step = session.episode.controlStep
        session.advance(now: 0)
        session.advance(now: 0.2)
        XCTAssertEqual(session.episode.controlStep, step)
    }
}
