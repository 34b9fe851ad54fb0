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
