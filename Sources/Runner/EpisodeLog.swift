// EpisodeLog: `DIR/episodes.jsonl` — one EpisodeRecord per line, appended as episodes
// finish. Reading it back keeps every complete line; a torn last line (a crash in the
// middle of a write) is dropped with a warning.
#if canImport(Glibc)
import Glibc
#endif
import Foundation

public enum EpisodeLog {
    public static let fileName = "episodes.jsonl"

    /// What a log holds.
    public struct Contents: Sendable {
        /// The records of the complete lines, in file order; a key seen twice keeps its first line.
        public var records: [EpisodeRecord]
        /// Problems found (a torn last line, an unreadable line, a duplicate key), one sentence each.
        public var warnings: [String]
        /// Bytes up to the end of the last complete line (where appending may continue).
        public var completeLength: Int
        /// The file ends with an incomplete line.
        public var torn: Bool
    }

    /// Reads the log at `path` (an absent file is an empty log). Does not change the file.
    public static func read(path: String) throws -> Contents {
        guard FileManager.default.fileExists(atPath: path) else {
            return Contents(records: [], warnings: [], completeLength: 0, torn: false)
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw BatchError("cannot read \(path)") }
        let bytes = [UInt8](data)
        var records: [EpisodeRecord] = []
        var warnings: [String] = []
        var seen = Set<EpisodeKey>()
        var lineStart = 0
        var lineNumber = 0
        var completeLength = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            lineNumber += 1
            let line = bytes[lineStart..<index]
            lineStart = index + 1
            completeLength = lineStart
            guard !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) else { continue }
            do {
                let record = try EpisodeRecord.decode(jsonLine: String(decoding: line, as: UTF8.self))
                if seen.insert(record.key).inserted {
                    records.append(record)
                } else {
                    warnings.append("\(path):\(lineNumber): episode \(record.key) is logged twice; kept the first line")
                }
            } catch {
                warnings.append("\(path):\(lineNumber): not an episode record; skipped it (\(error))")
            }
        }
        let torn = lineStart < bytes.count
        if torn {
            warnings.append("\(path):\(lineNumber + 1): the last line is incomplete (\(bytes.count - lineStart) bytes, "
                            + "cut off by a crash or kill); dropped it — that episode will run again")
        }
        return Contents(records: records, warnings: warnings, completeLength: completeLength, torn: torn)
    }

    /// Reads the log and cuts a torn last line off the file, so appending continues after the
    /// last complete line.
    public static func repair(path: String) throws -> Contents {
        let contents = try read(path: path)
        if contents.torn, truncate(path, off_t(contents.completeLength)) != 0 {
            throw BatchError("cannot cut the torn last line off \(path): \(String(cString: strerror(errno)))")
        }
        return contents
    }
}

/// Appends records to a log, one `write(2)` per line (O_APPEND), synced to disk per line when
/// `sync` is set. Thread-safe.
public final class EpisodeLogWriter: @unchecked Sendable {
    public let path: String
    private let descriptor: Int32
    private let sync: Bool
    private let lock = NSLock()

    public init(path: String, sync: Bool = true) throws {
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw BatchError("cannot open \(path) for appending: \(String(cString: strerror(errno)))") }
        self.path = path
        self.sync = sync
    }

    deinit { close(descriptor) }

    /// Appends one line. A write that fails part-way (disk full, file-size limit) is cut
    /// back off, so the log never holds a torn line, and the error says the earlier lines
    /// are intact.
    public func append(_ record: EpisodeRecord) throws {
        let line = Data((try record.jsonLine() + "\n").utf8)
        lock.lock()
        defer { lock.unlock() }
        let end = lseek(descriptor, 0, SEEK_END)
        do {
            try AtomicFile.writeAll(descriptor: descriptor, data: line, path: path)
            if sync, fdatasync(descriptor) != 0 {
                throw BatchError("cannot sync \(path): \(String(cString: strerror(errno)))")
            }
        } catch let error as BatchError {
            if end >= 0 { _ = ftruncate(descriptor, end) }
            throw BatchError(error.message + "; the episodes logged before are intact — make room and rerun the same command to resume")
        }
    }
}
