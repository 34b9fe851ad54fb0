// HeldText: a C string the library keeps for a caller that was handed `const char *` —
// valid until the owner replaces it (the next *_json call on that handle) or is destroyed.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

final class HeldText {
    private var pointer: UnsafeMutablePointer<CChar>?

    /// Replaces the held string with `text` and returns it.
    func hold(_ text: String) -> UnsafePointer<CChar> {
        free(pointer)
        let copy = strdup(text) ?? strdup("")!
        pointer = copy
        return UnsafePointer(copy)
    }

    deinit { free(pointer) }
}
