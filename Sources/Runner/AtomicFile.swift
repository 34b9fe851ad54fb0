// AtomicFile: whole-file writes that readers never see half-done (a temporary file in the
// same folder, synced, then renamed over the target).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

enum AtomicFile {
    /// Writes `data` to `path`: `path.tmp-PID-N` is written (and fsynced when `sync`), then
    /// renamed over `path`.
    static func write(_ data: Data, to path: String, sync: Bool = true) throws {
        let temporary = "\(path).tmp-\(getpid())-\(counter.next())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw BatchError("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        do {
            try writeAll(descriptor: descriptor, data: data, path: temporary)
            guard !sync || fsync(descriptor) == 0 else { throw BatchError("cannot sync \(temporary): \(String(cString: strerror(errno)))") }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw BatchError("cannot rename \(temporary) to \(path): \(message)")
        }
    }

    /// Writes every byte of `data` to `descriptor` (retrying short writes and EINTR).
    static func writeAll(descriptor: Int32, data: Data, path: String) throws {
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            guard var pointer = buffer.baseAddress else { return }
            var remaining = buffer.count
            while remaining > 0 {
                let written = Glibc.write(descriptor, pointer, remaining)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw BatchError("cannot write \(path): \(String(cString: strerror(errno)))")
                }
                remaining -= written
                pointer += written
            }
        }
    }

    private static let counter = Counter()

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}
