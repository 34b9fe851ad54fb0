// PhysicsError: the funnel from shim status codes to typed errors and their messages.
import XCTest
import Foundation
import Physics

final class PhysicsErrorTests: XCTestCase {
    func testDescriptionsNameTheCaseAndCarryTheMessage() {
        XCTAssertEqual(PhysicsError.invalidArgument("mass must be > 0").description, "invalid argument: mass must be > 0")
        XCTAssertEqual(PhysicsError.notFound("body 3").description, "not found: body 3")
        XCTAssertEqual(PhysicsError.badSnapshot("truncated").description, "bad snapshot: truncated")
        XCTAssertEqual(PhysicsError.worldClosed("world").description, "world closed: world")
        XCTAssertEqual(PhysicsError.internalFailure("oops").description, "physics internal failure: oops")
        XCTAssertNotEqual(PhysicsError.notFound("x"), PhysicsError.invalidArgument("x"))
    }

    /// Each shim status becomes its own case, with the shim's message for that call.
    func testShimStatusesMapToTheirCases() throws {
        let world = try World()
        let body = try world.addBody(RigidBodyDescription(kind: .dynamic, shape: world.sphereShape(radius: 1), mass: 1))
        assertThrowsPhysicsError(try world.sphereShape(radius: -1), PhysicsError.invalidArgument, mentioning: "sphere radius")
        try body.remove()
        assertThrowsPhysicsError(try body.state(), PhysicsError.notFound, mentioning: "rigid body with id \(body.id)")
        assertThrowsPhysicsError(try world.restore(WorldSnapshot(bytes: [1, 2, 3])), PhysicsError.badSnapshot)
        // A message belongs to its call: a later, different failure does not repeat it.
        let first = assertThrowsPhysicsError(try world.boxShape(halfExtents: Vector3(0, 1, 1)), PhysicsError.invalidArgument)
        _ = try world.sphereShape(radius: 1)
        let second = assertThrowsPhysicsError(try world.capsuleShape(radius: 0, length: 1), PhysicsError.invalidArgument)
        XCTAssertNotEqual(first, second)
        XCTAssertTrue(second?.contains("capsule") ?? false)
    }

    /// The shim keeps its last error per thread: worlds failing on two threads at once each
    /// get their own message.
    func testErrorMessagesArePerThread() throws {
        final class Mismatches: @unchecked Sendable {  // guarded by `lock`
            let lock = NSLock()
            var messages: [String] = []
            func add(_ message: String) {
                lock.lock()
                messages.append(message)
                lock.unlock()
            }
        }
        let failures = [("box half extent x", { (world: World) throws in _ = try world.boxShape(halfExtents: Vector3(-1, 1, 1)) }),
                        ("sphere radius", { (world: World) throws in _ = try world.sphereShape(radius: -1) })]
        let group = DispatchGroup()
        let mismatches = Mismatches()
        for (expected, fail) in failures {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                guard let world = try? World() else { return }
                for _ in 0..<2000 {
                    do {
                        try fail(world)
                    } catch {
                        let message = "\(error)"
                        if !message.contains(expected) { mismatches.add(message) }
                    }
                }
            }
        }
        XCTAssertEqual(group.wait(timeout: .now() + 30), .success)
        XCTAssertEqual(mismatches.messages, [], "a thread saw another thread's error message")
    }
}
