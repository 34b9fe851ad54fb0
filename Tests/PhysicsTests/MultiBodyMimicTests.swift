// Mimic (gear) constraints and links without colliders under control.
import XCTest
import Physics

final class MultiBodyMimicTests: XCTestCase {
    /// Two revolute joints on a fixed base, no gravity, no colliders.
    private func twoJoints() throws -> (World, MultiBody) {
        var settings = WorldSettings()
        settings.gravity = .zero
        let world = try World(settings: settings)
        func link(_ index: Int) -> LinkDescription {
            LinkDescription(name: "link\(index)", parent: -1, jointType: .revolute,
                            jointInParent: Pose(position: Vector3(Double(index) * 0.3, 0, 0)),
                            jointToCenterOfMass: Vector3(0, 0, 0.1), axis: .unitY, mass: 1,
                            inertia: Vector3(0.01, 0.01, 0.01))
        }
        let body = try world.addMultiBody(MultiBodyDescription(fixedBase: true, links: [link(0), link(1)]))
        return (world, body)
    }

    func testLinkWithoutColliderFollowsItsPositionMotor() throws {
        let (world, body) = try twoJoints()
        try body.setControl(0, .position(target: 0.3, positionGain: 0.1))
        try world.step(480)
        XCTAssertEqual(try body.jointPositions()[0], 0.3, accuracy: 1e-6)
    }

    func testMimicFollowsMultiplierAndOffset() throws {
        for (multiplier, offset) in [(2.0, 0.1), (-2.0, 0.1), (0.5, -0.2)] {
            let (world, body) = try twoJoints()
            try body.addMimic(follower: 1, leader: 0, multiplier: multiplier, offset: offset)
            try body.setControl(0, .position(target: 0.3, positionGain: 0.1))
            try world.step(480)
            let q = try body.jointPositions()
            XCTAssertEqual(q[0], 0.3, accuracy: 1e-6)
            XCTAssertEqual(q[1], multiplier * 0.3 + offset, accuracy: 1e-6, "multiplier \(multiplier), offset \(offset)")
        }
    }

    /// A gear error closes at the world's constraint ERP (0.2) per step, as joint limits
    /// and servos do, not at 0.2 x 0.2 (Bullet scales the gear's own ERP by the solver's).
    /// Slower, a follower held on its limit lagged its leader's servo and the gear then
    /// pushed the leader off its target (tg_humanoid's right gripper, GripperAtRestTests).
    func testMimicErrorClosesAtTheWorldERPPerStep() throws {
        var settings = WorldSettings()
        settings.gravity = .zero
        let world = try World(settings: settings)
        func finger(_ index: Int) -> LinkDescription {
            LinkDescription(name: "finger\(index)", parent: -1, jointType: .prismatic,
                            jointInParent: Pose(position: Vector3(0, Double(index) * 0.02, 0)), axis: .unitY,
                            mass: 0.06, inertia: Vector3(3e-5, 3e-5, 3e-6))
        }
        let body = try world.addMultiBody(MultiBodyDescription(fixedBase: true, links: [finger(0), finger(1)]))
        try body.addMimic(follower: 1, leader: 0, multiplier: 1, maxForce: 40)
        try body.setJointState(0, position: 0.01)
        try world.step(1)
        let q = try body.jointPositions()
        let error = q[1] - q[0]
        XCTAssertEqual(error, -0.01 * (1 - settings.contactERP), accuracy: 2e-4, "gear error after one step: \(error)")
    }

    func testMimicRejectsBadArguments() throws {
        let (_, body) = try twoJoints()
        XCTAssertThrowsError(try body.addMimic(follower: 0, leader: 0, multiplier: 1)) { error in
            XCTAssertTrue("\(error)".contains("itself"), "\(error)")
        }
        XCTAssertThrowsError(try body.addMimic(follower: 1, leader: 5, multiplier: 1)) { error in
            XCTAssertTrue("\(error)".contains("out of range"), "\(error)")
        }
        XCTAssertThrowsError(try body.addMimic(follower: 1, leader: 0, multiplier: .nan))
        XCTAssertThrowsError(try body.addMimic(follower: 1, leader: 0, multiplier: 0))
    }
}
