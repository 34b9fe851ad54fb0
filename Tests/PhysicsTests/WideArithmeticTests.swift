// The shim's four-lane AVX arithmetic (row updates, unit responses computed four at a time)
// against its plain loops and Bullet's own solver: the same world stepped three ways stays
// equal bit for bit.
import XCTest
import Physics
import PhysicsTestSupport

final class WideArithmeticTests: XCTestCase {
    override func tearDown() {
        try? World.setWideArithmetic(true)
        super.tearDown()
    }

    /// The contact-rich scene with a gear on its arm (servo, gear, joint limit, spring-damper
    /// and contact rows on floating and fixed bases, spherical hips) stepped with AVX lanes,
    /// with plain loops and with Bullet's reference solver: the state hashes agree at every
    /// checkpoint. Without AVX on this processor the first two runs are both plain.
    func testWideAndPlainArithmeticGiveBulletsNumbersBitForBit() throws {
        let runs = [("wide", true, false), ("plain", false, false), ("reference", true, true)]
        var trajectories: [[UInt64]] = []
        for (_, wide, reference) in runs {
            try World.setWideArithmetic(wide)
            let scene = try ContactRichScene()
            try scene.arm.setControl(2, .torque(0))
            try scene.arm.addMimic(follower: 2, leader: 1, multiplier: 0.5, maxForce: 10)
            try scene.world.setReferenceSolver(reference)
            var trajectory: [UInt64] = []
            for _ in 0..<60 {
                try scene.world.step(3)
                trajectory.append(try scene.world.stateHash())
            }
            trajectories.append(trajectory)
        }
        for run in 1..<runs.count {
            let difference = zip(trajectories[0], trajectories[run]).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            XCTAssertNil(difference, "the \(runs[run].0) run leaves the wide run's numbers at step \(3 * ((difference ?? 0) + 1))")
        }
    }

    /// Off is off whatever the processor has; on is AVX exactly when the processor has it.
    func testSwitchingWideArithmeticOffIsReported() throws {
        try World.setWideArithmetic(false)
        XCTAssertFalse(World.wideArithmetic)
        try World.setWideArithmetic(true)
        print("wide arithmetic on this processor: \(World.wideArithmetic)")
    }
}
