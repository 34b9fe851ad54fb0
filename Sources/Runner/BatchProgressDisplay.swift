// BatchProgressDisplay: how a batch shows its progress — a redrawn bar on a terminal, plain
// lines (at most one a second) when output goes to a file or a pipe.
#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation

public final class BatchProgressDisplay: @unchecked Sendable {
    private let terminal: Bool
    private let label: String
    private var lastDrawNanoseconds: UInt64 = 0
    private var drewBar = false
    private let lock = NSLock()

    /// `terminal`: draw a bar (default: whether stdout is a terminal).
    public init(label: String = "batch", terminal: Bool = isatty(STDOUT_FILENO) != 0) {
        self.label = label
        self.terminal = terminal
    }

    /// Shows `progress`; redraws at most 10 times a second on a terminal, writes at most one
    /// line a second otherwise (always for the first and the last episode).
    public func update(_ progress: BatchProgress) {
        lock.lock()
        defer { lock.unlock() }
        let now = DispatchTime.now().uptimeNanoseconds
        let last = progress.done == progress.total || progress.latest == nil
        let interval: UInt64 = terminal ? 100_000_000 : 1_000_000_000
        guard last || now - lastDrawNanoseconds >= interval else { return }
        lastDrawNanoseconds = now
        if terminal {
            fputs("\r\u{1B}[2K" + bar(progress), stdout)
            drewBar = true
        } else {
            fputs(line(progress) + "\n", stdout)
        }
        fflush(stdout)
    }

    /// Ends the bar's line (call before printing anything else).
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drewBar { fputs("\n", stdout); fflush(stdout) }
        drewBar = false
    }

    func bar(_ progress: BatchProgress) -> String {
        let width = 24
        let fraction = progress.total > 0 ? Double(progress.done) / Double(progress.total) : 1
        let filled = min(width, Int((fraction * Double(width)).rounded(.down)))
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            + figures(progress)
    }

    func line(_ progress: BatchProgress) -> String { "\(label): " + figures(progress) }

    private func figures(_ progress: BatchProgress) -> String {
        var parts = ["\(progress.done)/\(progress.total) episodes"]
        if progress.resumed > 0 { parts[0] += " (\(progress.resumed) resumed)" }
        parts.append("success " + (progress.successRate.map { String(format: "%.1f%%", $0 * 100) } ?? "—"))
        parts.append(progress.episodesRun > 0 ? String(format: "%.0f steps/s", progress.stepsPerSecond) : "— steps/s")
        parts.append("ETA " + (progress.etaSeconds.map(Self.duration) ?? "—"))
        return parts.joined(separator: "  ")
    }

    /// `1:02:03`, `2:03` or `4 s`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total) s" }
        let hours = total / 3600, minutes = (total % 3600) / 60, rest = total % 60
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(two(minutes)):\(two(rest))" : "\(minutes):\(two(rest))"
    }
}
