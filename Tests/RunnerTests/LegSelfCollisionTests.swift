// The legs of tg_humanoid collide with each other in its scenes: both hip-roll servos drive
// their legs inward past each other (to their limits, ±0.5 rad: the feet would cross by
// 0.2 m), and the legs stop at contact. Measured by LegClearance (capsules on the legs'
// collision shapes) and by Bullet's own contact distances; with `robot.self_collision:
// false` the same drive passes one leg through the other. Same bits twice, and the same bits
// with Bullet's reference solver (the shim's contact rows between two links of one body).
import Control
import Foundation
import Physics
import Scene
import XCTest

final class LegSelfCollisionTests: XCTestCase {
    struct Drive {
        /// Least LegClearance over the run (m; negative: overlapping).
        var leastClearance: Double
        /// Deepest penetration Bullet reports between a left-leg and a right-leg body (m, >= 0).
        var deepestContact: Double
        /// The same from 0.1 s after the targets reach the limits on.
        var deepestSettled: Double
        var stateHash: UInt64
    }

    /// stand_push's robot welded 1.5 m up, its hip-roll targets moved inward to the limits
    /// over `rampSeconds` (0: at once), for 1.5 s.
    private func driveLegsTogether(selfCollision: Bool?, rampSeconds: Double = 1, referenceSolver: Bool = false) throws -> Drive {
        var overrides = ["robot.fixed_base=true", "robot.position=[0, 0, 1.5]", "randomization.joint_noise=0"]
        if let selfCollision { overrides.append("robot.self_collision=\(selfCollision)") }
        let spec = try SceneFileLoader.load(path: BatchTestSupport.standPush, overrides: overrides)
        let scene = try SceneWorld(spec: spec, seed: 1)
        try scene.world.setReferenceSolver(referenceSolver)
        let robot = scene.robot
        let profile = try XCTUnwrap(scene.profile)
        let layout = try LegLayout(model: robot.model, profile: profile, nominal: scene.nominalPose)
        let legs = LegClearance(layout: layout)
        var targets = scene.nominalPose
        let leftBodies = Set(["left_thigh", "left_shank", "left_foot"].compactMap { robot.frames[$0]?.link })
        let rightBodies = Set(["right_thigh", "right_shank", "right_foot"].compactMap { robot.frames[$0]?.link })
        var drive = Drive(leastClearance: .infinity, deepestContact: 0, deepestSettled: 0, stateHash: 0)
        for period in 0..<90 {  // 1.5 s at 60 Hz
            let reach = rampSeconds > 0 ? min(1, Double(period + 1) / 60 / rampSeconds) : 1
            targets["left_hip_roll"] = -0.5 * reach
            targets["right_hip_roll"] = 0.5 * reach
            try robot.hold(targets, positionGain: spec.robot.positionGain, velocityGain: spec.robot.velocityGain)
            try scene.world.step(4)
            let settled = Double(period) / 60 >= rampSeconds + 0.1
            drive.leastClearance = min(drive.leastClearance, legs.clearance(q: layout.kinematics.coordinates(try robot.jointPositions())))
            for contact in try scene.world.contacts() where contact.bodyA == robot.body.id && contact.bodyB == robot.body.id {
                let sides = Set([contact.linkA, contact.linkB])
                if !sides.isDisjoint(with: leftBodies) && !sides.isDisjoint(with: rightBodies) {
                    drive.deepestContact = max(drive.deepestContact, -contact.distance)
                    if settled { drive.deepestSettled = max(drive.deepestSettled, -contact.distance) }
                }
            }
        }
        drive.stateHash = try scene.world.stateHash()
        return drive
    }

    func testLegsDrivenIntoEachOtherStopAtContact() throws {
        // Targets moving at 0.5 rad/s (the feet meet at about 0.7 m/s): the legs stop at contact.
        let on = try driveLegsTogether(selfCollision: nil)  // the profile's default: on
        XCTAssertGreaterThan(on.leastClearance, -0.005, "the legs passed into each other by \(-on.leastClearance) m")
        XCTAssertLessThan(on.leastClearance, 0.01, "the drive should bring the legs into contact")
        XCTAssertLessThan(on.deepestContact, 0.005, "Bullet's deepest leg-leg penetration")
        XCTAssertLessThan(on.deepestSettled, 0.001, "pushed together at full effort, the legs rest at contact")
        // Targets at the limits at once: the feet slam together at about 3 m/s. Bullet's
        // box-box test reports only overlapping boxes, so the step of the impact shows up to
        // a step's approach (about 1 cm) as penetration, which the contact removes at once.
        let slam = try driveLegsTogether(selfCollision: nil, rampSeconds: 0)
        XCTAssertLessThan(slam.deepestContact, 0.015, "impact penetration")
        XCTAssertLessThan(slam.deepestSettled, 0.001, "after the impact the legs rest at contact")
        XCTAssertGreaterThan(slam.leastClearance, -0.015)
        let off = try driveLegsTogether(selfCollision: false)
        XCTAssertLessThan(off.leastClearance, -0.05, "without self-collision the same drive crosses the legs")
        XCTAssertEqual(off.deepestContact, 0, "and makes no leg-leg contact")
        XCTAssertEqual(try driveLegsTogether(selfCollision: true).stateHash, on.stateHash, "same bits twice")
        // The shim's contact rows between two links of one multibody are Bullet's.
        XCTAssertEqual(try driveLegsTogether(selfCollision: true, referenceSolver: true).stateHash, on.stateHash,
                       "Bullet's reference solver gives other bits")
    }

    /// The scene keys: robot.self_collision (nil: the profile's, on for tg_humanoid) and
    /// robot.self_collision_exclude; both written only when set, so scenes without them keep
    /// their hashes.
    func testSceneKeysChooseSelfCollisionAndKeepHashesWhenUnset() throws {
        func robot(_ overrides: [String]) throws -> [[String]] {
            let spec = try SceneFileLoader.load(path: BatchTestSupport.standPush, overrides: overrides)
            return try SceneWorld(spec: spec, seed: 1).robot.selfCollisionPairs.map { $0.sorted() }
        }
        let byProfile = try robot([])
        XCTAssertTrue(byProfile.contains(["left_thigh", "right_thigh"]))
        XCTAssertEqual(try robot(["robot.self_collision=true"]), byProfile)
        XCTAssertEqual(try robot(["robot.self_collision=false"]), [])
        let fewer = try robot(["robot.self_collision_exclude=[[right_forearm, torso], [left_foot, right_foot]]"])
        XCTAssertEqual(Set(byProfile).subtracting(fewer), [["right_forearm", "torso"], ["left_foot", "right_foot"]])
        XCTAssertThrowsError(try robot(["robot.self_collision_exclude=[[right_forearm, chest]]"])) { error in
            XCTAssertTrue("\(error)".contains("chest") && "\(error)".contains("robot.self_collision_exclude"), "\(error)")
        }
        let plain = try BatchTestSupport.plan(episodes: 1)
        let unsetHash = plain.scenes[0].hash
        XCTAssertNotEqual(try BatchTestSupport.plan(episodes: 1, overrides: ["robot.self_collision=true"]).scenes[0].hash, unsetHash,
                          "set explicitly, the key counts")
        XCTAssertNotEqual(try BatchTestSupport.plan(episodes: 1, overrides: ["robot.self_collision_exclude=[[left_foot, right_foot]]"])
            .scenes[0].hash, unsetHash)
    }
}
