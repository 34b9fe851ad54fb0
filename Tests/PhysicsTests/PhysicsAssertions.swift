// Assertions and small builders shared by the physics tests (not fixtures: those live in
// PhysicsTestSupport). Kept to what several test files need.
import XCTest
import Physics

/// The case of a `PhysicsError` and its message, for matching a thrown error.
func describe(_ error: PhysicsError) -> (kind: String, message: String) {
    switch error {
    case .invalidArgument(let message): return ("invalidArgument", message)
    case .notFound(let message): return ("notFound", message)
    case .badSnapshot(let message): return ("badSnapshot", message)
    case .worldClosed(let message): return ("worldClosed", message)
    case .internalFailure(let message): return ("internalFailure", message)
    }
}

/// Asserts that `expression` throws the `PhysicsError` case made by `kind` (pass the case
/// itself, e.g. `PhysicsError.invalidArgument`) and that its message mentions every word of
/// `mentioning` (case-insensitive). Returns the message for further checks.
@discardableResult
func assertThrowsPhysicsError<Result>(
    _ expression: @autoclosure () throws -> Result, _ kind: (String) -> PhysicsError, mentioning words: String...,
    file: StaticString = #filePath, line: UInt = #line
) -> String? {
    do {
        _ = try expression()
        XCTFail("expected \(describe(kind("")).kind) mentioning \(words), but nothing was thrown", file: file, line: line)
        return nil
    } catch let error as PhysicsError {
        let (thrownKind, message) = describe(error)
        XCTAssertEqual(thrownKind, describe(kind("")).kind, "wrong error case; message: \(message)", file: file, line: line)
        for word in words {
            XCTAssertTrue(message.lowercased().contains(word.lowercased()),
                          "message \"\(message)\" does not mention \"\(word)\"", file: file, line: line)
        }
        XCTAssertTrue(error.description.contains(message), "description must carry the message", file: file, line: line)
        return message
    } catch {
        XCTFail("expected a PhysicsError, got \(error)", file: file, line: line)
        return nil
    }
}

func assertClose(_ actual: Vector3, _ expected: Vector3, within tolerance: Double, _ what: String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    let error = (actual - expected).length
    XCTAssertLessThanOrEqual(error, tolerance, "\(what): \(actual) is \(error) from \(expected)", file: file, line: line)
}

/// Whether two unit quaternions describe the same rotation (q and -q are the same).
func assertSameRotation(_ actual: Quaternion, _ expected: Quaternion, within tolerance: Double, _ what: String = "",
                        file: StaticString = #filePath, line: UInt = #line) {
    // The rotation between them, expected⁻¹ · actual, turns by 2 atan2(|xyz|, |w|); atan2
    // stays accurate for tiny angles, where acos of a dot product near 1 does not.
    let difference = expected.conjugate * actual
    let vectorPart = (difference.x * difference.x + difference.y * difference.y + difference.z * difference.z).squareRoot()
    let angle = 2 * atan2(vectorPart, abs(difference.w))
    XCTAssertLessThanOrEqual(angle, tolerance, "\(what): rotations differ by \(angle) rad", file: file, line: line)
}

extension World {
    /// A world with default settings except the given gravity and time step.
    static func make(gravity: Vector3 = Vector3(0, 0, -9.81), timeStep: Double = 1.0 / 240.0) throws -> World {
        var settings = WorldSettings()
        settings.gravity = gravity
        settings.timeStep = timeStep
        return try World(settings: settings)
    }

    /// A static ground plane z = 0 with the given friction.
    @discardableResult
    func addFloor(friction: Double = 0.5) throws -> RigidBody {
        try addBody(RigidBodyDescription(kind: .staticBody, shape: planeShape(), material: Material(friction: friction)))
    }
}
