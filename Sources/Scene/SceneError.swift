// SceneError: every problem with a scene file, as `file:line: key.path: message`.

public struct SceneError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line; 0 when the problem has no single line (e.g. a missing file).
    public var line: Int
    /// Dotted key path with list indices, e.g. `objects[2].size`; "" for the whole file.
    public var keyPath: String
    public var message: String

    public init(file: String, line: Int, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        keyPath.isEmpty ? "\(file):\(line): \(message)" : "\(file):\(line): \(keyPath): \(message)"
    }
}

/// Implemented by the YAML decoder: where the value being decoded starts in its file, so
/// specs can remember lines for errors found after decoding.
public protocol SourceLocating {
    var currentLine: Int { get }
}

extension Decoder {
    /// The line of the value being decoded, or 0 when the decoder does not know lines.
    public var sourceLine: Int { (self as? SourceLocating)?.currentLine ?? 0 }
}

/// A coding key for any string: used to read the free-form parameter maps.
public struct AnyCodingKey: CodingKey, Hashable {
    public var stringValue: String
    public var intValue: Int?
    public init(_ string: String) {
        stringValue = string
        intValue = nil
    }
    public init?(stringValue: String) { self.init(stringValue) }
    public init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// The closest of `candidates` to `word` by edit distance, when it is close enough to be
/// what was meant ("did you mean").
public func closestMatch(to word: String, in candidates: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, cb) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
    let target = Array(word.lowercased())
    let scored = candidates.map { ($0, distance(target, Array($0.lowercased()))) }
    guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) else { return nil }
    return best.1 <= max(2, word.count / 3) ? best.0 : nil
}
