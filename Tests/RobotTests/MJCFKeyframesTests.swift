// Keyframes: qpos in MuJoCo's joint order; free-joint quaternion w x y z → Quaternion;
// ball joints stored as <joint>.x/.y/.z/.w.
import Foundation
import Physics
import XCTest
@testable import Robot

final class MJCFKeyframesTests: XCTestCase {
    private let body = """
        <body name="base" pos="0 0 0.9">
          <freejoint name="root"/>
          <geom size="0.1"/>
          <body name="a"><joint name="ja" ref="0.1"/><geom size="0.1"/></body>
          <body name="b"><joint name="jb" type="ball"/><geom size="0.1"/></body>
          <body name="c"><joint name="jc" type="slide"/><geom size="0.1"/></body>
        </body>
        """

    func testQposMapsToBasePoseAndJoints() throws {
        let keys = """
            <keyframe>
              <key name="stand" qpos="1 2 3 0 0 0 1 0.4 0 1 0 0 0.05" qvel="0 0 0 0 0 0 0 0 0 0 0"/>
              <key/>
            </keyframe>
            """
        let model = try MJCFFixtures.importText(MJCFFixtures.model(body, sections: keys, compiler: "<compiler angle=\"radian\"/>")).model
        XCTAssertEqual(model.keyframes.count, 2)
        let stand = model.keyframes[0]
        XCTAssertEqual(stand.name, "stand")
        // MJCF w x y z = 0 0 0 1 is a half turn about z.
        assertMJCFPose(try XCTUnwrap(stand.basePose), Pose(position: Vector3(1, 2, 3), rotation: Quaternion(x: 0, y: 0, z: 1, w: 0)))
        XCTAssertEqual(stand.jointPositions["ja"], 0.4)
        XCTAssertEqual(stand.jointPositions["jc"], 0.05)
        // Ball joint: MJCF 0 1 0 0 (w x y z) is a half turn about x.
        XCTAssertEqual(stand.jointPositions["jb.x"], 1)
        XCTAssertEqual(stand.jointPositions["jb.w"], 0)
        XCTAssertEqual(stand.jointPositions["jb.y"], 0)
        XCTAssertTrue(model.notes.contains { $0.message.contains("keyframe qvel") })
        XCTAssertTrue(model.notes.contains { $0.message.contains("<joint>.x, .y, .z, .w") })
        // A key without qpos is MuJoCo's qpos0: the file's base pose, joints at ref.
        let initial = model.keyframes[1]
        XCTAssertEqual(initial.name, "key1")
        assertMJCFPose(try XCTUnwrap(initial.basePose), Pose(position: Vector3(0, 0, 0.9)))
        XCTAssertEqual(initial.jointPositions["ja"], 0.1)
        XCTAssertEqual(initial.jointPositions["jb.w"], 1)
    }

    func testFixedBaseKeyframesHaveNoBasePose() throws {
        let text = MJCFFixtures.model("<body name=\"a\">\n<geom size=\"1\"/>\n<body name=\"b\">\n<joint name=\"j\"/>\n<geom size=\"1\"/>\n</body>\n</body>",
                                      sections: "<keyframe>\n<key qpos=\"0.3\"/>\n</keyframe>")
        let model = try MJCFFixtures.importText(text).model
        XCTAssertNil(model.keyframes.first?.basePose)
        XCTAssertEqual(model.keyframes.first?.jointPositions, ["j": 0.3])
    }
}
