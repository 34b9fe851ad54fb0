// Plain-text helpers for the human-readable reports.

/// `text` padded with spaces on the right to at least `width` characters.
func padded(_ text: String, to width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

/// `text` padded with spaces on the left to at least `width` characters.
func rightAligned(_ text: String, to width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

/// Rows under a header, columns separated by two spaces; the first column left-aligned,
/// the others right-aligned (numbers).
public func textTable(header: [String], rows: [[String]]) -> String {
    let widths = header.indices.map { column in
        ([header] + rows).map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
    }
    func line(_ cells: [String]) -> String {
        cells.indices.map { column in
            column == 0 ? padded(cells[column], to: widths[column]) : rightAligned(cells[column], to: widths[column])
        }.joined(separator: "  ")
    }
    return ([line(header)] + rows.map(line)).joined(separator: "\n")
}
