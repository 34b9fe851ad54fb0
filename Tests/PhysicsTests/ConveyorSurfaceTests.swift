// A static belt with a surface velocity carries a box by friction, at the belt's speed.
import XCTest
import Physics

final class ConveyorSurfaceTests: XCTestCase {
    private func belt(velocity: Vector3) throws -> (World, RigidBody) {
        let world = try World()
        let beltShape = try world.boxShape(halfExtents: Vector3(2, 0.3, 0.05))
        let belt = try world.addBody(RigidBodyDescription(kind: .staticBody, shape: beltShape,
                                                          pose: Pose(position: Vector3(0, 0, 0.5)),
                                                          material: Material(friction: 1.0)))
        try belt.setSurfaceVelocity(velocity)
        let box = try world.addBody(RigidBodyDescription(
            kind: .dynamic, shape: try world.boxShape(halfExtents: Vector3(0.05, 0.05, 0.05)), mass: 0.5,
            pose: Pose(position: Vector3(-1, 0, 0.6)), material: Material(friction: 0.8)))
        return (world, box)
    }

    func testBoxRidesAtBeltSpeedInBothDirections() throws {
        for speed in [0.25, -0.4] {
            let (world, box) = try belt(velocity: Vector3(speed, 0, 0))
            try world.step(480)
            let state = try box.state()
            XCTAssertEqual(state.linearVelocity.x, speed, accuracy: 0.01 * abs(speed), "belt speed \(speed)")
            XCTAssertEqual(state.linearVelocity.y, 0, accuracy: 1e-3)
            XCTAssertEqual(state.pose.position.z, 0.6, accuracy: 0.01, "the box rests on the belt")
            XCTAssertEqual(state.pose.position.x, -1 + speed * 2, accuracy: 0.1)
        }
    }

    func testStoppedBeltHoldsTheBoxAndDynamicBodiesAreRefused() throws {
        let (world, box) = try belt(velocity: .zero)
        try world.step(240)
        XCTAssertEqual(try box.state().pose.position.x, -1, accuracy: 1e-4)
        XCTAssertThrowsError(try box.setSurfaceVelocity(Vector3(1, 0, 0))) { error in
            XCTAssertTrue("\(error)".contains("static or kinematic"), "\(error)")
        }
    }
}
