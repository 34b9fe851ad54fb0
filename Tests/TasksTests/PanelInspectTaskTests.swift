// panel_inspect: turning the head (neck joints servoed onto each mark) for 0.5 s per panel
// succeeds; looking ahead, at too few panels or too briefly does not.
import XCTest
import Physics
import Scene
@testable import Tasks

final class PanelInspectTaskTests: XCTestCase {
    let panels = ["panel_left", "panel_center", "panel_right"]

    func testSceneLoadsAndRunsBrieflyWithZeroActions() throws {
        let scene = try TasksTestSupport.scene("panel_inspect", overrides: ["task.episode_seconds=1"])
        let episode = try Episode(scene: scene, seed: 1)
        WorkcellTestSupport.assertFinite(try episode.observe(), names: episode.observationNames)
        let result = try XCTUnwrap(TasksTestSupport.runZero(episode))
        WorkcellTestSupport.assertFinite(result.observation, names: episode.observationNames)
        XCTAssertEqual(result.failure, .timeout)
        XCTAssertEqual(Set(result.rewardTerms.keys), ["look", "hold", "progress", "success"])
    }

    /// Looks at `panel` by servoing the neck joints onto its mark (the command moves by the
    /// mark's bearing in the camera frame each step) for `seconds`; the last step's result.
    private func look(at panel: String, for seconds: Double, in episode: Episode,
                      neck: inout (yaw: Double, pitch: Double)) throws -> StepResult? {
        let feature = try XCTUnwrap(episode.world.fixtures[panel]?.sites["feature"]).position
        let yawIndex = try XCTUnwrap(episode.actionNames.firstIndex(of: "neck_yaw"))
        let pitchIndex = try XCTUnwrap(episode.actionNames.firstIndex(of: "neck_pitch"))
        var last: StepResult?
        for _ in 0..<Int((seconds * 60).rounded()) {
            let camera = try episode.world.robot.framePose("head_camera")
            let local = camera.rotation.conjugate.rotate(feature - camera.position)
            neck.yaw = min(max(neck.yaw + 0.5 * atan2(local.y, local.x), -1.2), 1.2)
            neck.pitch = min(max(neck.pitch + 0.5 * atan2(-local.z, (local.x * local.x + local.y * local.y).squareRoot()), -0.6), 0.9)
            var action = WorkcellTestSupport.zeroAction(episode)
            action[yawIndex] = neck.yaw
            action[pitchIndex] = neck.pitch
            let result = try episode.step(action)
            last = result
            if result.terminated || result.truncated { break }
        }
        return last
    }

    func testLookingAtEveryPanelForHalfASecondIsASuccess() throws {
        let episode = try Episode(scene: try TasksTestSupport.scene("panel_inspect"), seed: 2)
        let task = try XCTUnwrap(episode.task as? PanelInspectTask)
        var neck = (yaw: 0.0, pitch: 0.0)
        var result: StepResult?
        for (index, panel) in panels.enumerated() {
            result = try look(at: panel, for: 2.0, in: episode, neck: &neck)
            XCTAssertGreaterThanOrEqual(task.longestHold[index], 0.5 - 1e-9, "\(panel): \(result?.metrics ?? [:])")
            if index < panels.count - 1 {
                XCTAssertEqual(result?.metrics["panels_done"], Double(index + 1))
                XCTAssertFalse(result?.success ?? true)
            }
        }
        XCTAssertEqual(result?.success, true, "\(result?.metrics ?? [:])")
        XCTAssertEqual(result?.metrics["panels_done"], 3)
        XCTAssertEqual(result?.failure, nil)
        XCTAssertLessThan(episode.simulatedTime, 6.0, "success ends the episode at the third hold")
    }

    func testLookingAheadTooFewPanelsOrTooBrieflyIsNot() throws {
        // Straight ahead: no mark is on the line of sight.
        let ahead = try Episode(scene: try TasksTestSupport.scene("panel_inspect"), seed: 2)
        let still = try XCTUnwrap(WorkcellTestSupport.run(ahead, seconds: 2))
        XCTAssertEqual(still.metrics["panels_done"], 0)
        XCTAssertFalse(still.success)
        // Two of the three panels.
        let two = try Episode(scene: try TasksTestSupport.scene("panel_inspect"), seed: 2)
        var neck = (yaw: 0.0, pitch: 0.0)
        _ = try look(at: "panel_left", for: 2, in: two, neck: &neck)
        let partial = try XCTUnwrap(look(at: "panel_center", for: 2, in: two, neck: &neck))
        XCTAssertEqual(partial.metrics["panels_done"], 2)
        XCTAssertFalse(partial.success)
        // Sweeping past each mark without stopping: at most a glance, never half a second.
        let brief = try Episode(scene: try TasksTestSupport.scene("panel_inspect", overrides: ["task.params.hold_seconds=3"]),
                                seed: 2)
        var sweep = (yaw: 0.0, pitch: 0.0)
        for panel in panels { _ = try look(at: panel, for: 1.5, in: brief, neck: &sweep) }
        let glance = try XCTUnwrap(WorkcellTestSupport.run(brief, seconds: 1.0 / 60))
        XCTAssertEqual(glance.metrics["panels_done"], 0)
        for panel in panels { XCTAssertLessThan(glance.metrics["held_\(panel)"] ?? 9, 1.5) }
    }

    func testAPanelSeenFromBehindOrOutOfRangeIsNotCentred() throws {
        // The same marks with every panel turned away: the camera sees the backs.
        let turned = try TasksTestSupport.scene("panel_inspect", overrides: [
            "fixtures[1].yaw=3.8682", "fixtures[2].yaw=3.14159", "fixtures[3].yaw=2.4150"])
        let episode = try Episode(scene: turned, seed: 2)
        var neck = (yaw: 0.0, pitch: 0.0)
        let result = try XCTUnwrap(look(at: "panel_center", for: 2, in: episode, neck: &neck))
        XCTAssertEqual(result.metrics["held_panel_center"], 0)
        // In front, but beyond max_range.
        let far = try Episode(scene: try TasksTestSupport.scene("panel_inspect", overrides: ["task.params.max_range=0.5"]),
                              seed: 2)
        var neck2 = (yaw: 0.0, pitch: 0.0)
        let farResult = try XCTUnwrap(look(at: "panel_center", for: 2, in: far, neck: &neck2))
        XCTAssertEqual(farResult.metrics["held_panel_center"], 0)
    }

    func testTheSeedFixesTheStart() throws {
        let scene = try TasksTestSupport.scene("panel_inspect")
        let hash = try WorkcellTestSupport.assertSameStart(scene, seed: 41)
        XCTAssertNotEqual(try Episode(scene: scene, seed: 42).world.world.stateHash(), hash, "joint noise follows the seed")
    }

    func testBadParametersNameTheirKey() {
        WorkcellTestSupport.assertParameterError("panel_inspect", ["task.params.panels=[panel_left, panel_centre]"],
                                                 key: "panels", "no fixture named 'panel_centre' (did you mean 'panel_center'?)")
        WorkcellTestSupport.assertParameterError("panel_inspect", ["task.params.panels=[floor]"], key: "panels",
                                                 "fixture 'floor' is a floor, not an inspection_panel")
        WorkcellTestSupport.assertParameterError("panel_inspect", ["task.params.panels=[panel_left, panel_left]"],
                                                 key: "panels", "a panel is listed twice")
        WorkcellTestSupport.assertParameterError("panel_inspect", ["task.params.max_range=0.1"], key: "max_range",
                                                 "must be more than min_range (0.2 m)")
        WorkcellTestSupport.assertParameterError("panel_inspect", ["task.params.line_of_sight=maybe"], key: "line_of_sight",
                                                 "expected true or false")
    }
}
