// BatchStop: asks a running batch to stop taking episodes (Ctrl-C, SIGTERM, a test), and
// SignalTrap, which turns SIGINT/SIGTERM into such a request.
#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Synchronization

/// A stop request shared by the batch's threads. Workers check it between control steps:
/// once set, no episode starts and episodes in flight are abandoned (not logged).
public final class BatchStop: Sendable {
    private let state = Atomic<Int32>(0)

    public init() {}

    /// Requests a stop; `signal` is the signal that caused it (0 for none). The first
    /// request's signal is kept.
    public func request(signal: Int32 = 0) {
        _ = state.compareExchange(expected: 0, desired: signal == 0 ? -1 : signal, ordering: .relaxed)
    }

    public var isRequested: Bool { state.load(ordering: .relaxed) != 0 }

    /// The signal that stopped the batch, if a signal did.
    public var signal: Int32? {
        let value = state.load(ordering: .relaxed)
        return value > 0 ? value : nil
    }
}

/// While alive, SIGINT and SIGTERM request `stop` instead of killing the process; a second
/// signal ends the process at once with status 128 + signal.
public final class SignalTrap {
    private var sources: [DispatchSourceSignal] = []
    private let signals: [Int32]

    public init(stop: BatchStop, signals: [Int32] = [SIGINT, SIGTERM]) {
        self.signals = signals
        let queue = DispatchQueue(label: "tground.signals")
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                if stop.isRequested { _exit(128 + number) }
                stop.request(signal: number)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Restores the default actions.
    public func cancel() {
        for source in sources { source.cancel() }
        sources = []
        for number in signals { signal(number, SIG_DFL) }
    }

    deinit { cancel() }
}
