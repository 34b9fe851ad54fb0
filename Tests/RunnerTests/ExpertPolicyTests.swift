// ExpertPolicy: the pick-and-place expert really picks and places, through contact only.
import Foundation
import XCTest
import Scene
@testable import Runner

final class ExpertPolicyTests: XCTestCase {
    static let scenes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path + "/Scenes"

    func testPickPlaceExpertSucceedsWithinFifteenSeconds() throws {
        let scene = try SceneFileLoader.load(path: Self.scenes + "/pick_place.yaml")
        var successes = 0
        for seed: UInt64 in 0..<4 {
            let outcome = try EpisodeRunner.run(scene: scene, seed: seed, policyName: "expert") { try ExpertPolicy(episode: $0) }
            if outcome.success { successes += 1 }
            if let cycle = outcome.metrics["cycle_time"] { XCTAssertLessThan(cycle, 15, "seed \(seed)") }
        }
        XCTAssertGreaterThanOrEqual(successes, 3, "the expert should place the part in at least 3 of 4 seeded episodes")
    }

    // The gaze expert holds each panel's mark centred (within 5°, 0.5 s), panel after panel.
    func testPanelInspectExpertCentresEveryPanel() throws {
        let scene = try SceneFileLoader.load(path: Self.scenes + "/panel_inspect.yaml")
        for seed: UInt64 in 0..<2 {
            let outcome = try EpisodeRunner.run(scene: scene, seed: seed, policyName: "expert") { try ExpertPolicy(episode: $0) }
            XCTAssertTrue(outcome.success, "seed \(seed): \(outcome.metrics)")
            XCTAssertEqual(outcome.metrics["panels_done"], 3, "seed \(seed)")
        }
    }

    // The peg goes into the 2 mm-clearance hole deep enough and upright, through contact only.
    func testPegInsertExpertInsertsThePeg() throws {
        let scene = try SceneFileLoader.load(path: Self.scenes + "/peg_insert.yaml")
        for seed: UInt64 in 0..<2 {
            let outcome = try EpisodeRunner.run(scene: scene, seed: seed, policyName: "expert") { try ExpertPolicy(episode: $0) }
            XCTAssertTrue(outcome.success, "seed \(seed): \(outcome.failureReason ?? "timeout") \(outcome.metrics)")
            XCTAssertGreaterThanOrEqual(outcome.metrics["insertion"] ?? 0, 0.03, "seed \(seed)")
            XCTAssertLessThan(outcome.metrics["tilt_degrees"] ?? 90, 5, "seed \(seed)")
        }
    }

    func testTasksWithoutAnExpertSayWhich() throws {
        let scene = try SceneFileLoader.load(path: Self.scenes + "/stand_push.yaml")
        var registry = ExpertPolicy.registry
        registry["stand_push"] = nil
        XCTAssertThrowsError(try EpisodeRunner.run(scene: scene, seed: 0, policyName: "expert") {
            try ExpertPolicy(episode: $0, registry: registry)
        }) {
            XCTAssertTrue("\($0)".contains("no expert for task 'stand_push'"), "\($0)")
            let known = registry.keys.sorted().joined(separator: ", ")
            XCTAssertTrue("\($0)".contains("experts: \(known)"), "\($0)")
            XCTAssertFalse(known.contains("stand_push"))
        }
    }
}
