// XMLEscaping: text made safe for XML and HTML — the JUnit report and the HTML report both
// go through it, so a task name or failure message can never break their markup.

/// `text` with `&`, `<`, `>`, `"` and `'` as character references, and characters XML 1.0
/// forbids (control characters other than tab, newline and carriage return) dropped.
public func xmlEscaped(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&#39;"
        case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
        default:
            if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
            result.unicodeScalars.append(scalar)
        }
    }
    return result
}
