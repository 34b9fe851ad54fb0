// Warm start of servo and gear rows (World.setJointWarmStart): with it on, the shim's rows
// still give the numbers of Bullet's own rows and passes bit for bit, runs repeat bit for bit,
// snapshots carry the remembered impulses, and the physics changes only when it is on.
import XCTest
import Physics
import PhysicsTestSupport

final class JointWarmStartTests: XCTestCase {
    /// The contact-rich scene with a gear on its arm: the wrist (torque-free) geared to the
    /// elbow's servo, so servo, gear and contact rows are solved together.
    private func scene(warmStart: Double, rows: JointWarmStartRows = .all, reference: Bool = false) throws -> ContactRichScene {
        let scene = try ContactRichScene()
        try scene.arm.setControl(2, .torque(0))
        try scene.arm.addMimic(follower: 2, leader: 1, multiplier: 0.5, maxForce: 10)
        try scene.world.setReferenceSolver(reference)
        try scene.world.setJointWarmStart(warmStart, rows: rows)
        return scene
    }

    /// The arm's and the ragdoll's joint positions and velocities after each of `checkpoints`
    /// runs of `stride` steps, as bit patterns.
    private func trajectory(_ scene: ContactRichScene, checkpoints: Int = 30, stride: Int = 5) throws -> [[UInt64]] {
        var states: [[UInt64]] = []
        for _ in 0..<checkpoints {
            try scene.world.step(stride)
            var state: [UInt64] = []
            for body in [scene.arm, scene.ragdoll] {
                state += try body.jointPositions().map(\.bitPattern) + body.jointVelocities().map(\.bitPattern)
            }
            states.append(state)
        }
        return states
    }

    func testWarmStartedRowsGiveBulletsNumbersBitForBit() throws {
        let shim = try trajectory(scene(warmStart: 1))
        let bullet = try trajectory(scene(warmStart: 1, reference: true))
        let first = zip(shim, bullet).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        XCTAssertNil(first, "warm-started shim rows leave Bullet's numbers by step \(5 * ((first ?? 0) + 1))")
        // Only the geared rows (the gear and the elbow's servo, not the shoulder's).
        let geared = try trajectory(scene(warmStart: 1, rows: .geared))
        let gearedBullet = try trajectory(scene(warmStart: 1, rows: .geared, reference: true))
        XCTAssertEqual(geared, gearedBullet, "warm-started geared rows leave Bullet's numbers")
        // The warm start acts: the runs leave the cold one (and 0 is the cold one exactly).
        let cold = try trajectory(scene(warmStart: 0))
        XCTAssertNotEqual(shim.last, cold.last, "warm start 1 changed nothing")
        XCTAssertNotEqual(geared.last, cold.last, "warm start 1 of the geared rows changed nothing")
        XCTAssertNotEqual(geared.last, shim.last, "the geared rows are all the rows")
        let plain = try ContactRichScene()
        try plain.arm.setControl(2, .torque(0))
        try plain.arm.addMimic(follower: 2, leader: 1, multiplier: 0.5, maxForce: 10)
        XCTAssertEqual(try trajectory(plain), cold, "warm start 0 must be the solver without warm start")
    }

    func testWarmStartedRunsAndRestoredSnapshotsRepeatBitForBit() throws {
        let first = try scene(warmStart: 0.85)
        let second = try scene(warmStart: 0.85)
        try first.world.step(150)
        try second.world.step(150)
        XCTAssertTrue(try first.world.snapshot() == second.world.snapshot(), "two fresh warm-started runs differ")

        let saved = try first.world.snapshot()
        try first.world.step(150)
        let expected = try first.world.stateHash()
        // Into a fresh world: the remembered impulses come with the snapshot, so its first
        // step starts warm as the original's did.
        let fresh = try scene(warmStart: 0.85)
        try fresh.world.restore(saved)
        try fresh.world.step(150)
        XCTAssertEqual(try fresh.world.stateHash(), expected, "fresh world, restored")
        // Into the same world, which has moved on.
        try first.world.restore(saved)
        XCTAssertTrue(try first.world.snapshot() == saved, "restore must reproduce the saved state exactly")
        try first.world.step(150)
        XCTAssertEqual(try first.world.stateHash(), expected, "same world, restored")
    }

    func testWarmStartRejectsFractionsOutsideZeroToOne() throws {
        let world = try World()
        XCTAssertEqual(try world.jointWarmStart().fraction, 0)
        for bad in [-0.1, 1.5, .nan, .infinity] {
            XCTAssertThrowsError(try world.setJointWarmStart(bad)) { error in
                XCTAssertTrue("\(error)".contains("[0, 1]"), "\(error)")
            }
        }
        try world.setJointWarmStart(0.85, rows: .geared)
        XCTAssertEqual(try world.jointWarmStart().fraction, 0.85)
        XCTAssertEqual(try world.jointWarmStart().rows, .geared)
    }
}
