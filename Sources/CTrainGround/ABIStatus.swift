// ABIStatus: the status codes every tg_ function returns, and the one funnel that turns a
// thrown Swift error into a status plus a thread-local message (tg_last_error).
import Foundation
import Scene
import Tasks

/// The `int` status of the C ABI (`TG_OK`, `TG_ERROR_…` in trainground.h). Never renumber.
enum ABIStatus: Int32 {
    case ok = 0
    /// The handle is 0, was destroyed, or never existed (generation mismatch).
    case invalidHandle = 1
    /// A null pointer, a malformed options JSON, a negative count, an unknown policy.
    case invalidArgument = 2
    /// A buffer's element count is not the one the env expects.
    case bufferSize = 3
    /// An action entry is NaN or ±infinity; nothing was stepped.
    case nonFiniteAction = 4
    /// The scene file failed to load or build (the message is `file:line: key.path: message`).
    case sceneError = 5
    /// `tg_env_step` after the episode ended, before `tg_env_reset`.
    case episodeOver = 6
    /// Rendering is not available (no EGL/GL 3.3 context could be made).
    case renderUnavailable = 7
    /// Anything else: a physics error, a render failure.
    case failed = 8
}

/// An error raised inside the ABI layer with the status it maps to.
struct ABIError: Error, CustomStringConvertible {
    var status: ABIStatus
    var message: String
    init(_ status: ABIStatus, _ message: String) {
        self.status = status
        self.message = message
    }
    var description: String { message }
}

/// Runs `body`; maps any thrown error to a status and records its message for
/// `tg_last_error()` on this thread. No Swift error crosses the C boundary.
@inline(__always)
func abiCall(_ function: StaticString, _ body: () throws -> Void) -> Int32 {
    do {
        try body()
        return ABIStatus.ok.rawValue
    } catch {
        let (status, message) = classify(error)
        LastError.set("\(function): \(message)")
        return status.rawValue
    }
}

/// The status and message for any error the layers below can throw.
func classify(_ error: Error) -> (ABIStatus, String) {
    switch error {
    case let error as ABIError:
        return (error.status, error.message)
    case let error as SceneError:
        return (.sceneError, error.description)
    case let error as EpisodeError:
        switch error {
        case .finished: return (.episodeOver, error.description)
        case .actionSize: return (.bufferSize, error.description)
        case .nonFiniteAction: return (.nonFiniteAction, error.description)
        }
    case let error as CameraError:
        switch error {
        case .unavailable: return (.renderUnavailable, error.description)
        case .unknownCamera, .noRenderer: return (.invalidArgument, error.description)
        }
    default:
        return (.failed, String(describing: error))
    }
}

/// Checks a C pointer argument; names the argument in the error.
func required<T>(_ pointer: T?, _ name: String) throws -> T {
    guard let pointer else { throw ABIError(.invalidArgument, "\(name) is NULL") }
    return pointer
}

/// Checks a caller's element count against the expected one.
func checkCount(_ count: Int64, expected: Int, _ name: String) throws {
    guard count == Int64(expected) else {
        throw ABIError(.bufferSize, "\(name) has \(count) elements, expected \(expected)")
    }
}
