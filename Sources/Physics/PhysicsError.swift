// The one funnel from shim status codes to typed Swift errors.
import BulletShim

/// Why a physics call failed. `message` names the argument and the rule it broke.
public enum PhysicsError: Error, Equatable, CustomStringConvertible {
    /// A value was NaN, infinite, out of range or inconsistent.
    case invalidArgument(String)
    /// An id named nothing in the world: never created, or removed.
    case notFound(String)
    /// Snapshot bytes did not fit the world they were restored into.
    case badSnapshot(String)
    /// The world was closed; the object that was used belonged to it.
    case worldClosed(String)
    /// Bullet or the allocator failed.
    case internalFailure(String)

    public var description: String {
        switch self {
        case .invalidArgument(let m): return "invalid argument: \(m)"
        case .notFound(let m): return "not found: \(m)"
        case .badSnapshot(let m): return "bad snapshot: \(m)"
        case .worldClosed(let m): return "world closed: \(m)"
        case .internalFailure(let m): return "physics internal failure: \(m)"
        }
    }
}

/// Turns a shim status into a thrown `PhysicsError` carrying the shim's last message.
@inline(__always)
func check(_ status: Int32) throws {
    if status == 0 { return }
    throw makeError(status)
}

func makeError(_ status: Int32) -> PhysicsError {
    let message = String(cString: tgb_last_error())
    switch Int(status) {
    case TGB_ERR_INVALID_ARGUMENT: return .invalidArgument(message)
    case TGB_ERR_NOT_FOUND: return .notFound(message)
    case TGB_ERR_BAD_SNAPSHOT: return .badSnapshot(message)
    default: return .internalFailure(message)
    }
}

/// Throws `invalidArgument` unless `condition` holds; for checks made on the Swift side.
func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw PhysicsError.invalidArgument(message()) }
}
