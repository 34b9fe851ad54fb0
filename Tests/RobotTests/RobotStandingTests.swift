// Every humanoid — ours and the vendors' — stands for 10 s in its nominal pose on a flat
// floor under the builder's default position control, and falls when the gains are zero.
import Foundation
import XCTest
import Physics
@testable import Robot

final class RobotStandingTests: XCTestCase {
    struct Trial {
        var startHeight: Double
        var endHeight: Double
        var finite: Bool
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let ourProfile = repository + "/Assets/robots/tg_humanoid/tg_humanoid.profile.json"

    /// Builds `model` floating over a plane, poses it, puts its feet on the floor, holds the
    /// pose with the given gain and steps `seconds`. Heights are the root link frame's.
    func stand(_ model: RobotModel, pose: [String: Double], keyframe: String? = nil, positionGain: Double,
               seconds: Double = 10) throws -> Trial {
        let world = try World()
        let floor = try world.planeShape()
        _ = try world.addBody(RigidBodyDescription(kind: .staticBody, shape: floor, material: Material(friction: 1.0)))
        let robot = try RobotBuilder.build(model, in: world, options: RobotBuildOptions(fixedBase: false))
        if let keyframe { try robot.apply(keyframe: keyframe) }
        try robot.setJointPositions(pose)
        var targets = try robot.jointPositions()
        for (name, value) in pose { targets[name] = value }
        let mimicFollowers = Set(model.joints.compactMap { $0.mimic == nil ? nil : $0.name })
        targets = targets.filter { !mimicFollowers.contains($0.key) }
        if positionGain > 0 {
            try robot.hold(targets, positionGain: positionGain)
        } else {
            for index in 0..<robot.body.linkCount where robot.body.jointTypes[index] != .spherical {
                try robot.body.setControl(index, .none)
            }
        }
        let start = try robot.placeOnFloor()
        try world.step(Int(seconds * 240))
        let end = try robot.framePose(model.rootLink).position.z
        let finite = try robot.body.jointPositions().allSatisfy(\.isFinite) && end.isFinite
        return Trial(startHeight: start, endHeight: end, finite: finite)
    }

    func check(_ name: String, _ model: RobotModel, pose: [String: Double] = [:], keyframe: String? = nil,
               file: StaticString = #filePath, line: UInt = #line) throws {
        let held = try stand(model, pose: pose, keyframe: keyframe, positionGain: 0.2)
        print("\(name): standing \(held.startHeight) → \(held.endHeight) m")
        XCTAssertTrue(held.finite, "\(name): NaN in the state", file: file, line: line)
        XCTAssertEqual(held.endHeight, held.startHeight, accuracy: 0.1 * held.startHeight,
                       "\(name) did not stay upright under position control", file: file, line: line)
        let limp = try stand(model, pose: pose, keyframe: keyframe, positionGain: 0)
        print("\(name): limp \(limp.startHeight) → \(limp.endHeight) m")
        XCTAssertLessThan(limp.endHeight, 0.75 * limp.startHeight, "\(name) should fall with zero gains",
                          file: file, line: line)
    }

    func testOurHumanoidStands() throws {
        let profile = try RobotProfile.load(path: Self.ourProfile)
        let model = try URDFImporter.load(path: profile.robotPath(relativeTo: Self.ourProfile))
        try profile.validate(against: model, file: Self.ourProfile)
        try check("tg_humanoid", model, pose: profile.standingPose)
    }

    func testUnitreeG1URDFStands() throws {
        let path = try URDFFixtures.asset("unitree_g1/g1_description/g1_29dof_rev_1_0.urdf")
        try check("G1 URDF", try URDFImporter.load(path: path))
    }

    func testUnitreeG1MJCFStands() throws {
        let path = try URDFFixtures.asset("unitree_g1/g1_description/g1_29dof_rev_1_0.xml")
        try check("G1 MJCF", try MJCFImporter.load(path: path))
    }

    func testBoosterT1Stands() throws {
        let path = try URDFFixtures.asset("booster_t1/t1.xml")
        let model = try MJCFImporter.load(path: path)
        try check("T1", model, keyframe: model.keyframes.first?.name)
    }

    func testDeepMindHumanoidStands() throws {
        let path = try URDFFixtures.asset("dmc_humanoid/humanoid.xml")
        try check("dm humanoid", try MJCFImporter.load(path: path))
    }

    /// dm_control's CMU humanoid (56 hinges, every joint damped, sprung and with armature,
    /// toes and fingers of 0.04–0.1 kg). Its qpos0 is the mocap T-pose, which no controller
    /// can hold on a floor: legs splayed 19.7°, feet pitched 10° toes-down so it rests on
    /// its toes with the centre of mass 3.3 cm behind the ankles — held rigidly it tips
    /// backwards in MuJoCo too. Its standing pose: legs under the hips, knees at their 1°
    /// lower limit, hips extended 6° so the centre of mass is over the mid-foot, ankles and
    /// toes turned so heels and toe pads touch the floor together. Checked in MuJoCo 4.0: a
    /// PD hold (kp 1000, kd 3, torques clipped to the motors' gear) keeps this pose up for
    /// 10 s (0.928 → 0.924 m) and falls from qpos0 (0.917 → 0.094 m).
    static let cmuStandingPose: [String: Double] = {
        let degree = Double.pi / 180
        var pose: [String: Double] = ["lfemurrz": -19.7 * degree, "rfemurrz": 19.7 * degree]
        for side in ["l", "r"] {
            pose["\(side)femurrx"] = 6 * degree
            pose["\(side)tibiarx"] = 1 * degree
            pose["\(side)footrx"] = -20 * degree
            pose["\(side)toesrx"] = 12 * degree
        }
        return pose
    }()

    func testCMUHumanoidStands() throws {
        let path = try URDFFixtures.asset("dmc_humanoid/humanoid_CMU.xml")
        try check("CMU humanoid", try MJCFImporter.load(path: path), pose: Self.cmuStandingPose)
    }

    func testAtlasStands() throws {
        let path = try URDFFixtures.asset("atlas/atlas_description/urdf/atlas_v4_with_multisense.urdf")
        try check("Atlas", try URDFImporter.load(path: path))
    }
}

/// Our humanoid holds demanding poses on the floor: each joint within 2° of its target.
final class RobotPoseHoldTests: XCTestCase {
    func hold(_ pose: [String: Double]) throws -> [String: Double] {
        let profilePath = RobotStandingTests.ourProfile
        let profile = try RobotProfile.load(path: profilePath)
        let model = try URDFImporter.load(path: profile.robotPath(relativeTo: profilePath))
        let world = try World()
        _ = try world.addBody(RigidBodyDescription(kind: .staticBody, shape: try world.planeShape(),
                                                   material: Material(friction: 1.0)))
        let robot = try RobotBuilder.build(model, in: world, options: RobotBuildOptions(fixedBase: false))
        var targets = try robot.jointPositions().filter { !$0.key.hasSuffix("finger_b_joint") }
        for (name, value) in pose { targets[name] = value }
        try robot.setJointPositions(targets)
        try robot.hold(targets)
        try robot.placeOnFloor()
        try world.step(3 * 240)
        let reached = try robot.jointPositions()
        var errors: [String: Double] = [:]
        for (name, target) in targets { errors[name] = abs((reached[name] ?? .nan) - target) }
        return errors
    }

    func testShoulderHeightReach() throws {
        let errors = try hold([
            "left_shoulder_pitch": -1.57, "right_shoulder_pitch": -1.57, "left_elbow": -0.1, "right_elbow": -0.1,
            "left_hip_pitch": -0.2, "right_hip_pitch": -0.2, "left_knee": 0.4, "right_knee": 0.4,
            "left_ankle_pitch": -0.2, "right_ankle_pitch": -0.2,
        ])
        let worst = errors.max { $0.value < $1.value }
        print("reach: worst joint error \(worst?.key ?? "-") \((worst?.value ?? 0) * 180 / .pi)°")
        for (name, error) in errors { XCTAssertLessThan(error, 2 * Double.pi / 180, "reach pose: \(name)") }
    }

    func testDeepSquat() throws {
        let errors = try hold([
            "left_hip_pitch": -1.0, "right_hip_pitch": -1.0, "left_knee": 2.0, "right_knee": 2.0,
            "left_ankle_pitch": -1.0, "right_ankle_pitch": -1.0, "left_elbow": -0.3, "right_elbow": -0.3,
        ])
        let worst = errors.max { $0.value < $1.value }
        print("squat: worst joint error \(worst?.key ?? "-") \((worst?.value ?? 0) * 180 / .pi)°")
        for (name, error) in errors { XCTAssertLessThan(error, 2 * Double.pi / 180, "deep squat: \(name)") }
    }
}
