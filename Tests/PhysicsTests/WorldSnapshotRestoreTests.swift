// WorldSnapshot, the rejecting side: snapshots of differently built worlds and corrupted or
// truncated bytes throw `badSnapshot` and leave the world exactly as it was. (The
// determinism side is in WorldSnapshotTests.)
import XCTest
import Physics
import PhysicsTestSupport

final class WorldSnapshotRestoreTests: XCTestCase {
    /// A small world with a floor, two boxes and a pendulum, stepped into contact.
    private func makeSmallWorld(extraBody: Bool = false, sphereInsteadOfBox: Bool = false, secondMass: Double = 1,
                                linkCount: Int = 1, prismatic: Bool = false) throws -> World {
        let world = try World.make()
        try world.addFloor()
        let box = try world.boxShape(halfExtents: Vector3(0.1, 0.1, 0.1))
        let round = try world.sphereShape(radius: 0.1)
        _ = try world.addBody(RigidBodyDescription(kind: .dynamic, shape: box, mass: 1, pose: Pose(position: Vector3(0, 0, 0.1))))
        _ = try world.addBody(RigidBodyDescription(kind: .dynamic, shape: sphereInsteadOfBox ? round : box, mass: secondMass,
                                               pose: Pose(position: Vector3(0.5, 0, 0.1))))
        let links = (0..<linkCount).map { index in
            LinkDescription(name: "link\(index)", parent: index - 1, jointType: prismatic ? .prismatic : .revolute,
                            jointToCenterOfMass: Vector3(0, 0, -0.2), axis: .unitY, mass: 1, inertia: Vector3(0.01, 0.01, 0.01))
        }
        let pendulum = try world.addMultiBody(MultiBodyDescription(fixedBase: true, basePose: Pose(position: Vector3(2, 0, 1)),
                                                                   links: links))
        try pendulum.setJointState(0, position: 0.4)
        if extraBody {
            _ = try world.addBody(RigidBodyDescription(kind: .dynamic, shape: box, mass: 1, pose: Pose(position: Vector3(-1, 0, 0.1))))
        }
        try world.step(30)
        return world
    }

    /// Restoring `bytes` into `world` throws badSnapshot and changes nothing: the state hash
    /// is the same, and the world then steps exactly like an untouched twin.
    private func assertRejected(_ bytes: [UInt8], into world: World, twin: World?, mentioning words: String...,
                                file: StaticString = #filePath, line: UInt = #line) throws {
        let before = try world.stateHash()
        do {
            try world.restore(WorldSnapshot(bytes: bytes))
            XCTFail("a bad snapshot (\(bytes.count) bytes) was accepted", file: file, line: line)
        } catch let error as PhysicsError {
            let (kind, message) = describe(error)
            XCTAssertEqual(kind, "badSnapshot", message, file: file, line: line)
            for word in words {
                XCTAssertTrue(message.contains(word), "\"\(message)\" should mention \(word)", file: file, line: line)
            }
        }
        XCTAssertEqual(try world.stateHash(), before, "a rejected restore must change nothing", file: file, line: line)
        if let twin {
            try world.step(20)
            try twin.step(20)
            XCTAssertEqual(try world.stateHash(), try twin.stateHash(), "steps like an untouched twin", file: file, line: line)
        }
    }

    func testSnapshotOfADifferentlyBuiltWorldIsRejected() throws {
        let world = try makeSmallWorld()
        let twin = try makeSmallWorld()
        XCTAssertEqual(try world.stateHash(), try twin.stateHash())
        // More bodies, more links; and the same counts with another joint type, another
        // shape, another mass.
        for other in try [makeSmallWorld(extraBody: true), makeSmallWorld(linkCount: 2), makeSmallWorld(prismatic: true),
                          makeSmallWorld(sphereInsteadOfBox: true), makeSmallWorld(secondMass: 2), ContactRichScene().world] {
            try assertRejected(other.snapshot().bytes, into: world, twin: twin, mentioning: "differently built world")
        }
        // And the other way round: the small world's snapshot does not fit the big scene.
        let scene = try ContactRichScene()
        try assertRejected(world.snapshot().bytes, into: scene.world, twin: nil)
    }

    func testTruncatedSnapshotsAreRejectedAtEveryLength() throws {
        let world = try makeSmallWorld()
        let saved = try world.snapshot().bytes
        try world.step(10)
        let before = try world.stateHash()
        for length in 0..<saved.count {
            try assertRejected(Array(saved.prefix(length)), into: world, twin: nil)
        }
        XCTAssertEqual(try world.stateHash(), before)
        try assertRejected(saved + [0], into: world, twin: nil, mentioning: "corrupted")
        // The intact snapshot still restores.
        try world.restore(WorldSnapshot(bytes: saved))
        XCTAssertEqual(try world.snapshot().bytes, saved)
    }

    /// Any single corrupted byte is detected: flipping one bit anywhere in the snapshot
    /// (magic, counts, ids, poses, velocities, controls, contact caches) is rejected.
    func testCorruptedSnapshotsAreRejected() throws {
        let world = try makeSmallWorld()
        let twin = try makeSmallWorld()
        let saved = try world.snapshot().bytes
        try assertRejected(Array(repeating: 0xFF, count: saved.count), into: world, twin: twin)
        try assertRejected([], into: world, twin: nil)
        for offset in 0..<saved.count {
            var corrupted = saved
            corrupted[offset] ^= UInt8(1 << (offset % 8))
            try assertRejected(corrupted, into: world, twin: nil, mentioning: "checksum")
        }
        try world.step(20)
        try twin.step(20)
        XCTAssertEqual(try world.stateHash(), try twin.stateHash())
    }

    /// Sampled corruption of a large, contact-rich snapshot (every 97th byte).
    func testCorruptedContactRichSnapshotsAreRejected() throws {
        let scene = try ContactRichScene()
        try scene.world.step(300)
        let saved = try scene.world.snapshot().bytes
        for offset in stride(from: 0, to: saved.count, by: 97) {
            var corrupted = saved
            corrupted[offset] = corrupted[offset] &+ 1
            try assertRejected(corrupted, into: scene.world, twin: nil)
        }
        for length in stride(from: 0, to: saved.count, by: saved.count / 50) {
            try assertRejected(Array(saved.prefix(length)), into: scene.world, twin: nil)
        }
    }
}
