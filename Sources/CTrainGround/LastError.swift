// LastError: the message of the last failed tg_ call, per thread (like errno), as a C string
// the library owns until the next failure on the same thread.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum LastError {
    /// One key for the process; each thread's value is a malloc'd C string freed when the
    /// thread exits or the next message replaces it.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in free(pointer) }
        return key
    }()

    /// The empty string returned before any failure on a thread.
    private static let empty: UnsafeMutablePointer<CChar> = strdup("")!

    static func set(_ message: String) {
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, strdup(message))
        free(previous)
    }

    /// This thread's last message; "" when no call on this thread has failed.
    static var current: UnsafePointer<CChar> {
        guard let pointer = pthread_getspecific(key) else { return UnsafePointer(empty) }
        return UnsafePointer(pointer.assumingMemoryBound(to: CChar.self))
    }
}
