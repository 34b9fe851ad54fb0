// Which of tg_humanoid's bodies collide with each other (RobotSelfCollision): the two legs,
// the arms against the torso, pelvis and legs, but never two bodies one joint (or a chain of
// joints through collider-less links, such as the hip's) joins; the profile's exclusions; and
// no self-contact at rest in the standing pose.
import Foundation
import XCTest
import Physics
@testable import Robot

final class RobotSelfCollisionTests: XCTestCase {
    static let profilePath = RobotStandingTests.ourProfile

    private func zeroGravityWorld() throws -> World {
        var settings = WorldSettings()
        settings.gravity = .zero
        return try World(settings: settings)
    }

    private func ourRobot(selfCollision: Bool, exclude: [[String]] = [], in world: World? = nil) throws -> RobotInstance {
        let profile = try RobotProfile.load(path: Self.profilePath)
        let model = try URDFImporter.load(path: profile.robotPath(relativeTo: Self.profilePath))
        let world = try world ?? zeroGravityWorld()
        return try RobotBuilder.build(model, in: world, options: RobotBuildOptions(
            fixedBase: true, selfCollision: selfCollision, selfCollisionRule: RobotSelfCollision(exclude: exclude)))
    }

    private func pairSet(_ robot: RobotInstance) -> Set<[String]> { Set(robot.selfCollisionPairs.map { $0.sorted() }) }

    func testOurHumanoidCollidesLegWithLegAndArmsWithBodyButNotAcrossAJoint() throws {
        let pairs = pairSet(try ourRobot(selfCollision: true))
        let leftLeg = ["left_thigh", "left_shank", "left_foot"], rightLeg = ["right_thigh", "right_shank", "right_foot"]
        for left in leftLeg {
            for right in rightLeg {
                XCTAssertTrue(pairs.contains([left, right].sorted()), "\(left) and \(right) should collide")
            }
        }
        for pair in [["left_forearm", "torso"], ["left_palm", "pelvis"], ["left_palm", "left_thigh"], ["left_foot", "left_thigh"],
                     ["left_shank", "pelvis"], ["left_palm", "right_palm"], ["head", "left_palm"], ["left_finger_a", "left_finger_b"]] {
            XCTAssertTrue(pairs.contains(pair.sorted()), "\(pair) should collide")
        }
        // One joint apart: the hip's yaw and roll links and the ankle's, shoulder's and wrist's
        // carry no colliders, so their chains count as one joint.
        for pair in [["left_thigh", "pelvis"], ["left_shank", "left_thigh"], ["left_foot", "left_shank"], ["pelvis", "torso"],
                     ["left_upper_arm", "torso"], ["left_forearm", "left_upper_arm"], ["left_forearm", "left_palm"],
                     ["left_finger_a", "left_palm"], ["head", "torso"]] {
            XCTAssertFalse(pairs.contains(pair.sorted()), "\(pair) are joined by a joint and should not collide")
        }
        // Collider-less bodies take part in no pair.
        XCTAssertFalse(pairs.contains { $0.contains("left_hip_roll_link") || $0.contains("neck") })
        XCTAssertTrue(pairSet(try ourRobot(selfCollision: false)).isEmpty, "off: no pair")
    }

    func testExclusionsNameLinksIncludingMergedOnes() throws {
        let all = pairSet(try ourRobot(selfCollision: true))
        // left_sole is merged into left_foot by its fixed joint: it names that body.
        let fewer = pairSet(try ourRobot(selfCollision: true, exclude: [["right_thigh", "left_thigh"], ["left_sole", "right_foot"]]))
        XCTAssertEqual(all.subtracting(fewer), [["left_thigh", "right_thigh"], ["left_foot", "right_foot"]])
        XCTAssertThrowsError(try ourRobot(selfCollision: true, exclude: [["left_thigh", "left_tail"]])) { error in
            XCTAssertTrue("\(error)".contains("self_collision.exclude[0]") && "\(error)".contains("left_tail"), "\(error)")
        }
        XCTAssertThrowsError(try ourRobot(selfCollision: true, exclude: [["left_thigh"]])) { error in
            XCTAssertTrue("\(error)".contains("a pair names two links"), "\(error)")
        }
    }

    func testProfileTurnsSelfCollisionOnAndChecksItsNames() throws {
        let profile = try RobotProfile.load(path: Self.profilePath)
        XCTAssertTrue(profile.selfCollisionByDefault, "tg_humanoid's scenes collide its legs")
        let model = try URDFImporter.load(path: profile.robotPath(relativeTo: Self.profilePath))
        var wrong = profile
        wrong.selfCollision = SelfCollisionProfile(exclude: [["left_thigh", "no_such_link"]])
        XCTAssertThrowsError(try wrong.validate(against: model, file: "p.json")) { error in
            XCTAssertTrue("\(error)".contains("no_such_link"), "\(error)")
        }
        var off = profile
        off.selfCollision = SelfCollisionProfile(enabled: false)
        XCTAssertFalse(off.selfCollisionByDefault)
        off.selfCollision = nil
        XCTAssertFalse(off.selfCollisionByDefault, "a profile without the key leaves it off")
    }

    /// Standing pose, welded in the air: no two of the robot's own bodies touch, so turning
    /// self-collision on adds no force at rest.
    func testNoSelfContactInTheStandingPose() throws {
        let profile = try RobotProfile.load(path: Self.profilePath)
        let world = try zeroGravityWorld()
        let robot = try ourRobot(selfCollision: true, in: world)
        try robot.setJointPositions(profile.standingPose)
        try robot.hold(profile.standingPose)
        try world.step(10)
        let own = try world.contacts().filter { $0.bodyA == robot.body.id && $0.bodyB == robot.body.id }
        XCTAssertEqual(own.count, 0, "self-contacts at rest: \(own.map { [$0.linkA, $0.linkB, $0.distance] })")
    }
}
