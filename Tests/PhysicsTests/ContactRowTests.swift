// The shim's contact rows (ContactRows.cpp) against Bullet's own: the same world stepped
// with the shim's rows and with Bullet's reference solver stays equal bit for bit.
import XCTest
import Physics
import PhysicsTestSupport

final class ContactRowTests: XCTestCase {
    /// The contact-rich scene (a ragdoll with spherical hips falling into a pile of every
    /// shape kind on a floor, a fixed-base arm sweeping through it) stepped twice, once with
    /// Bullet's reference solver: the full state (snapshots: poses, velocities, contact
    /// caches with their impulses) agrees bit for bit at every checkpoint. Along the way the
    /// shim builds rows for multibody contacts with the floor, with rigid bodies and with
    /// the other multibody's links, on floating and fixed bases, with torsional friction
    /// (the pile's material) next to them.
    func testShimContactRowsGiveBulletsNumbersBitForBit() throws {
        var hashes: [[UInt64]] = []
        var pairs = Set<String>()
        for reference in [true, false] {
            let scene = try ContactRichScene()
            try scene.world.setReferenceSolver(reference)
            let rigid = Set(scene.bodies.map(\.id))
            func kind(_ id: Int32) -> String {
                if id == scene.floor.id { return "floor" }
                if id == scene.ragdoll.id { return "ragdoll" }
                if id == scene.arm.id { return "arm" }
                return rigid.contains(id) ? "rigid" : "other"
            }
            var trajectory: [UInt64] = []
            for _ in 0..<100 {
                try scene.world.step(3)
                trajectory.append(try scene.world.stateHash())
                if !reference {
                    for contact in try scene.world.contacts() where contact.normalForce > 0 {
                        pairs.insert([kind(contact.bodyA), kind(contact.bodyB)].sorted().joined(separator: "-"))
                    }
                }
            }
            hashes.append(trajectory)
        }
        let firstDifference = zip(hashes[0], hashes[1]).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        XCTAssertNil(firstDifference, "the shim's contact rows leave Bullet's numbers at step \(3 * ((firstDifference ?? 0) + 1))")
        // The rows the comparison walked through.
        for pair in ["floor-ragdoll", "ragdoll-rigid", "arm-rigid", "floor-rigid"] {
            XCTAssertTrue(pairs.contains(pair), "no \(pair) contact carried force; seen: \(pairs.sorted())")
        }
        print("contact pairs with force: \(pairs.sorted())")
    }
}
