// Tests of running a suite through the batch engine: a deliberately degraded policy fails
// the gate against a good baseline and passes against its own; bad scenes are found before
// any episode runs.
import Foundation
import Scene
import XCTest
@testable import Runner

final class RegressionRunnerTests: XCTestCase {
    private var scratch: String!

    override func setUp() { scratch = BatchTestSupport.scratchDirectory(self) }

    private func suite(policy: String, seed: UInt64 = 1) throws -> RegressionSuite {
        try RegressionSuite.decode(yaml: RegressionTestSupport.standSuite(policy: policy, seed: seed),
                                   file: scratch + "/suite.yaml")
    }

    // The zero policy stands through quiet 1.5 s episodes; the random policy (the degraded
    // one) falls. Against the zero policy's baseline the random policy fails the gate; against
    // its own baseline, on fresh seeds, it passes.
    func testDegradedPolicyFailsTheGateAndPassesAgainstItsOwnBaseline() throws {
        let good = try suite(policy: "zero")
        let goodRuns = try RegressionRunner.run(good, workers: 2)
        XCTAssertGreaterThanOrEqual(goodRuns[0].summary.successes, 5, "the zero policy should stand: \(goodRuns[0].summary)")
        let goodPath = scratch + "/good.json"
        try RegressionBaseline(suite: good, runs: goodRuns).write(to: goodPath)

        let degraded = try suite(policy: "random")
        let degradedRuns = try RegressionRunner.run(degraded, workers: 2)
        XCTAssertLessThanOrEqual(degradedRuns[0].summary.successes, 1, "the random policy should fall: \(degradedRuns[0].summary)")

        // Against the good baseline: a significant drop, a failed gate.
        let goodBaseline = try RegressionBaseline.read(from: goodPath)
        let warnings = try goodBaseline.check(against: degraded, file: goodPath)
        XCTAssertEqual(warnings, ["task stand_still differs from its baseline: policy zero → random"])
        let gate = RegressionResult(suite: degraded, runs: degradedRuns, baseline: goodBaseline, baselineFile: goodPath,
                                    warnings: warnings)
        XCTAssertTrue(gate.failed, gate.table())
        XCTAssertTrue(gate.tasks[0].dropped)
        XCTAssertEqual(gate.tasks[0].verdict, "REGRESSED")
        XCTAssertLessThan(gate.tasks[0].test?.dropPValue ?? 1, 0.01)
        XCTAssertTrue(gate.table().contains("result: FAIL"), gate.table())

        // Its own baseline, then fresh seeds of the same policy: no drop, the gate passes.
        let ownPath = scratch + "/own.json"
        try RegressionBaseline(suite: degraded, runs: degradedRuns).write(to: ownPath)
        let reseeded = try suite(policy: "random", seed: 2)
        let rerun = try RegressionRunner.run(reseeded, workers: 2)
        let own = try RegressionBaseline.read(from: ownPath)
        let again = RegressionResult(suite: reseeded, runs: rerun, baseline: own, baselineFile: ownPath,
                                     warnings: try own.check(against: reseeded, file: ownPath))
        XCTAssertFalse(again.failed, again.table())
        XCTAssertEqual(again.tasks[0].verdict, "pass")
        XCTAssertEqual(again.warnings, ["task stand_still differs from its baseline: seed 1 → 2"])
    }

    // Planning loads every scene first: a scene that does not build, or an override that does
    // not apply, is an error naming the suite's file and line before any episode runs.
    func testPlanningErrorsNameTheSuiteLine() throws {
        let broken = try RegressionTestSupport.write(
            BatchTestSupport.file(BatchTestSupport.standPush).replacingOccurrences(of: "push_duration: 0.2", with: "push_duration: -1"),
            to: scratch, name: "broken.yaml")
        let yaml = RegressionTestSupport.standSuite(policy: "zero").replacingOccurrences(of: BatchTestSupport.standPush, with: broken)
        let suite = try RegressionSuite.decode(yaml: yaml, file: scratch + "/suite.yaml")
        XCTAssertThrowsError(try RegressionRunner.plan(suite)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix(self.scratch + "/suite.yaml:4: tasks[0] (stand_still)"), text)
            XCTAssertTrue(text.contains("broken.yaml"), text)
            XCTAssertTrue(text.contains("push_duration"), text)
        }

        let badOverride = RegressionTestSupport.standSuite(policy: "zero")
            .replacingOccurrences(of: "task.params.first_push=100", with: "task.name.deeper=1")
        let overridden = try RegressionSuite.decode(yaml: badOverride, file: scratch + "/suite.yaml")
        XCTAssertThrowsError(try RegressionRunner.plan(overridden)) { error in
            guard let error = error as? SceneError else { return XCTFail("expected a SceneError, got \(error)") }
            XCTAssertEqual(error.file, self.scratch + "/suite.yaml")
            XCTAssertEqual(error.line, 6)
            XCTAssertEqual(error.keyPath, "tasks[0].set")
            XCTAssertTrue(error.message.hasPrefix("task.name.deeper: cannot set 'deeper'"), "\(error)")
        }
    }

    // A baseline run on another version of the scene (contents or overrides) is still
    // compared, with a warning naming both scene hashes.
    func testChangedSceneIsAWarning() throws {
        let planned = try RegressionRunner.plan(try suite(policy: "zero"))
        let hash = hexHash(try XCTUnwrap(planned.first?.plan.scenes.first).hash)
        var baseline = RegressionTestSupport.baseline([("stand_still", 6, 6)], suite: "gate")
        baseline.tasks[0].sceneHash = hash
        XCTAssertEqual(baseline.sceneWarnings(planned), [])
        baseline.tasks[0].sceneHash = "0123456789abcdef"
        XCTAssertEqual(baseline.sceneWarnings(planned),
                       ["task stand_still: scene stand_push is not the one the baseline ran (scene hash 0123456789abcdef → "
                        + "\(hash)): the scene file, its base or the overrides changed"])
    }

    // An expert that cannot drive a task's scene is found while planning, before any episode
    // runs: here stand_push's balance expert on a robot with no legs (a one-link URDF with no
    // profile), since every shipped task has an expert for the project's humanoid.
    func testPolicyIsCheckedWhilePlanning() throws {
        let urdf = scratch + "/block.urdf"
        try ("<robot name=\"block\"><link name=\"torso\"><inertial><mass value=\"5\"/>"
            + "<inertia ixx=\"0.1\" iyy=\"0.1\" izz=\"0.1\" ixy=\"0\" ixz=\"0\" iyz=\"0\"/></inertial>"
            + "<collision><geometry><box size=\"0.3 0.3 0.3\"/></geometry></collision></link></robot>")
            .write(toFile: urdf, atomically: true, encoding: .utf8)
        let scene = scratch + "/block_push.yaml"
        try """
            format: 1
            name: block_push
            robot:
              file: \(urdf)
              position: [0, 0, 0.2]
            fixtures:
              - type: floor
                name: floor
            task:
              name: stand_push
              episode_seconds: 1
              control_hz: 60
              params:
                push_link: torso
            """.write(toFile: scene, atomically: true, encoding: .utf8)
        let yaml = """
            format: 1
            name: gate
            tasks:
              - name: tend
                scene: \(scene)
                episodes: 2
                seed: 1
                policy: expert
            """
        let suite = try RegressionSuite.decode(yaml: yaml, file: scratch + "/suite.yaml")
        XCTAssertThrowsError(try RegressionRunner.plan(suite)) { error in
            XCTAssertTrue("\(error)".contains("tasks[0] (tend)"), "\(error)")
            XCTAssertTrue("\(error)".contains("cannot drive block_push"), "\(error)")
        }
    }
}
