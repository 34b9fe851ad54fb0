// Determinism: fresh worlds built the same way, and restored snapshots, give the same bits.
import XCTest
import Physics
import PhysicsTestSupport

final class WorldSnapshotTests: XCTestCase {
    func testTwoFreshWorldsGiveIdenticalStateAfter2000Steps() throws {
        let first = try ContactRichScene()
        let second = try ContactRichScene()
        try first.world.step(2000)
        try second.world.step(2000)
        XCTAssertGreaterThan(try first.world.contacts().count, 20, "the scene must stay contact-rich")
        XCTAssertEqual(try first.world.stateHash(), try second.world.stateHash())
        XCTAssertEqual(try first.world.snapshot(), try second.world.snapshot())
    }

    func testRestoredSnapshotContinuesBitForBit() throws {
        let scene = try ContactRichScene()
        try scene.world.step(1000)
        let saved = try scene.world.snapshot()
        try scene.world.step(1000)
        let expected = try scene.world.stateHash()

        // Into the same world, which has since moved on.
        try scene.world.restore(saved)
        let restored = try scene.world.snapshot()
        XCTAssertEqual(restored.bytes.count, saved.bytes.count)
        XCTAssertTrue(restored == saved, "restore must reproduce the saved state exactly")
        try scene.world.step(1000)
        XCTAssertEqual(try scene.world.stateHash(), expected, "same world, restored")

        // Into a fresh world built by the same calls.
        let fresh = try ContactRichScene()
        try fresh.world.restore(saved)
        try fresh.world.step(1000)
        XCTAssertEqual(try fresh.world.stateHash(), expected, "fresh world, restored")
    }
}
