// BatchError: why a batch, merge or replay cannot go on — a message a person can act on.

/// A batch-level error (bad arguments, a batch directory that belongs to another batch, a
/// scene that does not load, an unreadable record…). The message names the file or option.
public struct BatchError: Error, CustomStringConvertible, Equatable {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
