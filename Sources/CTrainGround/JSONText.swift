// JSONText: a small JSON writer for the ABI's per-step info (Foundation's serializer is
// too slow to call every control step). Numbers round-trip; NaN and ±infinity become null.

struct JSONText {
    private(set) var text = ""

    init() { text.reserveCapacity(256) }

    static func string(_ value: String) -> String {
        var escaped = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }

    static func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "null" }

    static func numbers(_ values: [Double]) -> String { "[" + values.map(number).joined(separator: ",") + "]" }

    static func strings(_ values: [String]) -> String { "[" + values.map(string).joined(separator: ",") + "]" }

    /// `{"key": number, …}` with keys sorted, so equal maps give equal text.
    static func numberMap(_ map: [String: Double]) -> String {
        "{" + map.keys.sorted().map { string($0) + ":" + number(map[$0] ?? 0) }.joined(separator: ",") + "}"
    }

    /// An object from already-encoded member values, in the given order.
    static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }
}
