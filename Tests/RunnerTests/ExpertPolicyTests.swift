// ExpertPolicy: the experts really pick and place, through contact only: pick_place,
// conveyor_sort (parts intercepted on a moving belt) and palletize.
import Foundation
import XCTest
import Control
import Physics
import Scene
@testable import Runner
import Tasks

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

    /// The grasp is physical: the fingers stop where they meet the part (its width, not the
    /// closed stop), and the part rises with the hand held only by finger friction.
    func testGraspClosesOnThePartAndHoldsItWhileLifted() throws {
        let scene = try SceneFileLoader.load(path: Self.scenes + "/pick_place.yaml")
        let episode = try Episode(scene: scene, seed: 2)
        let context = ExpertContext(episode: episode)
        var expert = try XCTUnwrap(try PickPlaceTaskExpert.make(episode: episode, context: context) as? PickPlaceTaskExpert)
        let part = try XCTUnwrap(episode.world.part(named: "part"))
        let start = try part.state().pose.position
        var observation = try episode.observe()
        while expert.expert.phase != .carry, episode.controlStep < 600 {
            observation = try episode.step(expert.act(observation: observation, episode: episode)).observation
        }
        let gripper = expert.expert.controller.gripper
        XCTAssertEqual(expert.expert.phase, .carry, "the lift ended with the part in hand")
        XCTAssertTrue(gripper.isHolding)
        XCTAssertNotNil(gripper.contactPosition)
        // The fingers stop on the part's faces: their inner faces sit 0.015 m + both finger
        // positions apart (tg_humanoid's fingers), so that gap is the part's 5 cm width (a
        // little more if it is still turned in the jaws, a little less for contact
        // penetration), far from the 1.5 cm of the closed stop. The follower finger is geared
        // with some give, so one finger alone can sit millimetres off centre.
        let driven = try XCTUnwrap(expert.expert.controller.fingerJoints.first)
        let side = try XCTUnwrap(driven.split(separator: "_").first)
        let joints = try episode.world.robot.jointPositions()
        let gap = try 0.015 + XCTUnwrap(joints["\(side)_finger_a_joint"]) + XCTUnwrap(joints["\(side)_finger_b_joint"])
        XCTAssertGreaterThan(gap, 0.046, "fingers closed past the part's faces")
        XCTAssertLessThan(gap, 0.065, "fingers stopped short of the part")
        let lifted = try part.state().pose.position
        XCTAssertGreaterThan(lifted.z - start.z, 0.12, "the part rose with the hand")
    }

    func testConveyorSortExpertSortsPartsOffTheMovingBelt() throws {
        // Two parts, 3 s apart, so the DEBUG build runs it in seconds.
        let scene = try SceneFileLoader.load(path: Self.scenes + "/conveyor_sort.yaml", overrides: [
            "task.params.parts=2", "task.params.first_arrival=0.5", "randomization.arrival_interval=[3, 3]",
            "task.episode_seconds=20",
        ])
        let outcome = try EpisodeRunner.run(scene: scene, seed: 3, policyName: "expert") { try ExpertPolicy(episode: $0) }
        XCTAssertTrue(outcome.success, "\(outcome.failureReason ?? "") \(outcome.metrics)")
        XCTAssertEqual(outcome.metrics["parts_sorted"], 2)
    }

    /// The left hand holds a part it closes on: its second finger (a mimic of the first)
    /// must not give way under the squeeze. At 20 solver iterations, before the gear's ERP was
    /// fixed, it did, and the left hand closed on nothing (seed 5's first part is red, the left hand's, on a 0.175 m/s belt).
    func testConveyorSortLeftHandHoldsTheRedPart() throws {
        let scene = try SceneFileLoader.load(path: Self.scenes + "/conveyor_sort.yaml", overrides: [
            "task.params.parts=1", "task.episode_seconds=8",
        ])
        let outcome = try EpisodeRunner.run(scene: scene, seed: 5, policyName: "expert") { try ExpertPolicy(episode: $0) }
        XCTAssertTrue(outcome.success, "\(outcome.failureReason ?? "") \(outcome.metrics)")
        XCTAssertEqual(outcome.metrics["parts_sorted"], 1)
    }

    /// A hand that has dropped a part rises to its rest height before it goes for the next
    /// one, so it never touches the belt's rails or the bin's walls on the way, and sorts all
    /// three parts. Straight from the bin, the approach swept the fingers low through the bin's wall
    /// and the belt's near rail: the part was flung off the belt, or the robot shoved over
    /// (conveyor_sort batch, seed 1: episodes 1 and 32 at 20 solver iterations).
    func testConveyorSortHandRisesFromTheBinBeforeTheNextPick() throws {
        // Red parts only (all the left hand's) on a fast belt: the hand goes on from each
        // drop to the next part. (Before, the third approach, from the bin's corner spot, ran
        // the fingers over the near rail at 9.9 s.)
        let scene = try SceneFileLoader.load(path: Self.scenes + "/conveyor_sort.yaml", overrides: [
            "task.params.parts=3", "task.params.labels=[red]", "task.params.bins=[red_bin.inside]",
            "task.params.first_arrival=0.5", "randomization.arrival_interval=[3.5, 3.5]",
            "randomization.conveyor_speed=[0.2, 0.2]", "task.episode_seconds=16",
        ])
        let episode = try Episode(scene: scene, seed: 2)
        var policy = try ExpertPolicy(episode: episode)
        let robot = episode.world.robot.body.id
        // The hands: wrist links, palms and fingers.
        let hands = Set(episode.world.robot.body.linkNames.indices.filter {
            ["wrist", "palm", "finger"].contains(where: episode.world.robot.body.linkNames[$0].contains)
        })
        let obstacles = try ["conveyor", "red_bin"].flatMap {
            try XCTUnwrap(episode.world.fixtures[$0], $0).rigidBodies.filter { $0.key != "belt" }.values.map(\.id)
        }
        var observation = try episode.observe()
        var touches: [String] = []
        var outcome: StepResult?
        while outcome.map({ !$0.terminated && !$0.truncated }) ?? true {
            outcome = try episode.step(policy.act(observation: observation, episode: episode))
            observation = outcome?.observation ?? observation
            // (At the start the hands hang against the belt's near side until they rise to
            // their rest points.)
            let time = Double(episode.controlStep) / scene.task.controlHz
            for contact in try episode.world.world.contacts() where time > 1 && touches.count < 5
                && obstacles.contains(where: { contact.involves($0) })
                && ((contact.bodyA == robot && hands.contains(contact.linkA))
                    || (contact.bodyB == robot && hands.contains(contact.linkB))) {
                touches.append(String(format: "%.2f s at (%.3f, %.3f, %.3f)", time,
                                      contact.positionOnB.x, contact.positionOnB.y, contact.positionOnB.z))
            }
        }
        XCTAssertEqual(touches, [], "a hand touched the belt's frame or the bin (first \(touches.count) contacts)")
        XCTAssertEqual(outcome?.metrics["parts_sorted"], 3, "\(outcome?.failure.map { "\($0)" } ?? "") \(outcome?.metrics ?? [:])")
    }

    /// A box set down on the pallet's far quarter stays there while the hand rises off it. With
    /// the hand pointing straight down, the retract swung the arm out and an open finger
    /// dragged the box off the pallet (seed 5: both hands' first boxes, placed by 6.1 s).
    func testPalletizeReleasedBoxesStayWhileTheHandsRetract() throws {
        let scene = try SceneFileLoader.load(path: Self.scenes + "/palletize.yaml", overrides: ["task.episode_seconds=6.5"])
        let outcome = try EpisodeRunner.run(scene: scene, seed: 5, policyName: "expert") { try ExpertPolicy(episode: $0) }
        XCTAssertEqual(outcome.metrics["parts_placed"], 2, "\(outcome.failureReason ?? "") \(outcome.metrics)")
        XCTAssertEqual(outcome.metrics["drops"], 0, "\(outcome.metrics)")
    }

    /// Every box lies within its hand's reach wherever the scene may put it: the hand, held as
    /// the palletize expert holds it (leaning forward, no waist), meets each box's grasp point at
    /// each corner of the box's randomised spot (IK residual under 2 mm). On the 0.8 m bench the
    /// outer boxes (y ±0.40) were 1-2 cm out of reach, the stretched arm swung the hand into the
    /// box it came down on, and most episodes timed out.
    func testPalletizeBoxesLieWithinTheHandsReach() throws {
        let scene = try SceneFileLoader.load(path: Self.scenes + "/palletize.yaml")
        let episode = try Episode(scene: scene, seed: 0)
        let expert = try XCTUnwrap(try PalletizeTaskExpert.make(episode: episode, context: ExpertContext(episode: episode))
            as? PalletizeTaskExpert)
        let root = try episode.world.robot.framePose(episode.world.robot.model.rootLink)
        let spread = scene.randomization.partPosition
        XCTAssertGreaterThan(spread.y, 0, "the boxes' spots are randomised")
        for part in scene.parts {
            for corner in [(-1.0, -1.0), (-1, 1), (1, -1), (1, 1)] {
                let spot = part.position + Vector3(corner.0 * spread.x, corner.1 * spread.y, 0)
                let local = root.rotation.conjugate.rotate(spot - root.position)
                let controller = expert.dispatch.controllers[local.y > 0 ? 0 : 1]
                var arm = controller.arm
                for _ in 0..<4 { arm.reach(local + controller.graspOffset, rotation: controller.handRotation) }
                XCTAssertLessThan(arm.lastError, 0.002, "\(part.name) at \(spot): the hand falls short")
            }
        }
    }

    /// All four boxes palletized, none dropped, in a DEBUG-affordable 14 s. This seed's outer
    /// boxes lie far out (y +0.411, -0.404): on the 0.8 m bench the left hand knocked its box
    /// over coming down on it and the episode timed out with three boxes placed.
    func testPalletizeExpertPalletizesAllFourBoxes() throws {
        let scene = try SceneFileLoader.load(path: Self.scenes + "/palletize.yaml", overrides: ["task.episode_seconds=14"])
        let outcome = try EpisodeRunner.run(scene: scene, seed: 8_196_980_753_821_780_235, policyName: "expert") {
            try ExpertPolicy(episode: $0)
        }
        XCTAssertTrue(outcome.success, "\(outcome.failureReason ?? "") \(outcome.metrics)")
        XCTAssertEqual(outcome.metrics["parts_placed"], 4, "\(outcome.metrics)")
        XCTAssertEqual(outcome.metrics["drops"], 0, "\(outcome.metrics)")
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
