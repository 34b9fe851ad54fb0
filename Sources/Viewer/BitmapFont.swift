// BitmapFont: a 5×7 pixel font for printable ASCII, drawn for this project (one glyph per
// line below: seven rows of five pixels, `#` lit, `.` dark, rows separated by `|`; g, j,
// p, q and y have an eighth row, their descender), and the texture atlas the HUD draws
// text from.

public enum BitmapFont {
    /// Glyph size and spacing, in font pixels (the HUD scales them by a whole factor).
    public static let glyphWidth = 5
    /// Seven rows above the baseline and one for descenders.
    public static let glyphHeight = 8
    /// Horizontal distance from one character to the next, and from one line to the next.
    public static let advance = 6
    public static let lineHeight = 10

    /// Characters 32 (space) through 126 (tilde), in order.
    static let designs: [(Character, String)] = [
        (" ", ".....|.....|.....|.....|.....|.....|....."),
        ("!", "..#..|..#..|..#..|..#..|..#..|.....|..#.."),
        ("\"", ".#.#.|.#.#.|.....|.....|.....|.....|....."),
        ("#", ".#.#.|.#.#.|#####|.#.#.|#####|.#.#.|.#.#."),
        ("$", "..#..|.####|#.#..|.###.|..#.#|####.|..#.."),
        ("%", "##...|##..#|...#.|..#..|.#...|#..##|...##"),
        ("&", ".##..|#..#.|#.#..|.#...|#.#.#|#..#.|.##.#"),
        ("'", "..#..|..#..|.#...|.....|.....|.....|....."),
        ("(", "...#.|..#..|.#...|.#...|.#...|..#..|...#."),
        (")", ".#...|..#..|...#.|...#.|...#.|..#..|.#..."),
        ("*", ".....|..#..|#.#.#|.###.|#.#.#|..#..|....."),
        ("+", ".....|..#..|..#..|#####|..#..|..#..|....."),
        (",", ".....|.....|.....|.....|.##..|..#..|.#..."),
        ("-", ".....|.....|.....|#####|.....|.....|....."),
        (".", ".....|.....|.....|.....|.....|.##..|.##.."),
        ("/", ".....|....#|...#.|..#..|.#...|#....|....."),
        ("0", ".###.|#...#|#..##|#.#.#|##..#|#...#|.###."),
        ("1", "..#..|.##..|..#..|..#..|..#..|..#..|.###."),
        ("2", ".###.|#...#|....#|...#.|..#..|.#...|#####"),
        ("3", "#####|...#.|..#..|...#.|....#|#...#|.###."),
        ("4", "...#.|..##.|.#.#.|#..#.|#####|...#.|...#."),
        ("5", "#####|#....|####.|....#|....#|#...#|.###."),
        ("6", "..##.|.#...|#....|####.|#...#|#...#|.###."),
        ("7", "#####|....#|...#.|..#..|.#...|.#...|.#..."),
        ("8", ".###.|#...#|#...#|.###.|#...#|#...#|.###."),
        ("9", ".###.|#...#|#...#|.####|....#|...#.|.##.."),
        (":", ".....|.##..|.##..|.....|.##..|.##..|....."),
        (";", ".....|.##..|.##..|.....|.##..|..#..|.#..."),
        ("<", "...#.|..#..|.#...|#....|.#...|..#..|...#."),
        ("=", ".....|.....|#####|.....|#####|.....|....."),
        (">", ".#...|..#..|...#.|....#|...#.|..#..|.#..."),
        ("?", ".###.|#...#|....#|...#.|..#..|.....|..#.."),
        ("@", ".###.|#...#|....#|.##.#|#.#.#|#.#.#|.###."),
        ("A", ".###.|#...#|#...#|#####|#...#|#...#|#...#"),
        ("B", "####.|#...#|#...#|####.|#...#|#...#|####."),
        ("C", ".###.|#...#|#....|#....|#....|#...#|.###."),
        ("D", "###..|#..#.|#...#|#...#|#...#|#..#.|###.."),
        ("E", "#####|#....|#....|####.|#....|#....|#####"),
        ("F", "#####|#....|#....|####.|#....|#....|#...."),
        ("G", ".###.|#...#|#....|#.###|#...#|#...#|.####"),
        ("H", "#...#|#...#|#...#|#####|#...#|#...#|#...#"),
        ("I", ".###.|..#..|..#..|..#..|..#..|..#..|.###."),
        ("J", "..###|...#.|...#.|...#.|...#.|#..#.|.##.."),
        ("K", "#...#|#..#.|#.#..|##...|#.#..|#..#.|#...#"),
        ("L", "#....|#....|#....|#....|#....|#....|#####"),
        ("M", "#...#|##.##|#.#.#|#.#.#|#...#|#...#|#...#"),
        ("N", "#...#|#...#|##..#|#.#.#|#..##|#...#|#...#"),
        ("O", ".###.|#...#|#...#|#...#|#...#|#...#|.###."),
        ("P", "####.|#...#|#...#|####.|#....|#....|#...."),
        ("Q", ".###.|#...#|#...#|#...#|#.#.#|#..#.|.##.#"),
        ("R", "####.|#...#|#...#|####.|#.#..|#..#.|#...#"),
        ("S", ".####|#....|#....|.###.|....#|....#|####."),
        ("T", "#####|..#..|..#..|..#..|..#..|..#..|..#.."),
        ("U", "#...#|#...#|#...#|#...#|#...#|#...#|.###."),
        ("V", "#...#|#...#|#...#|#...#|#...#|.#.#.|..#.."),
        ("W", "#...#|#...#|#...#|#.#.#|#.#.#|#.#.#|.#.#."),
        ("X", "#...#|#...#|.#.#.|..#..|.#.#.|#...#|#...#"),
        ("Y", "#...#|#...#|.#.#.|..#..|..#..|..#..|..#.."),
        ("Z", "#####|....#|...#.|..#..|.#...|#....|#####"),
        ("[", ".###.|.#...|.#...|.#...|.#...|.#...|.###."),
        ("\\", ".....|#....|.#...|..#..|...#.|....#|....."),
        ("]", ".###.|...#.|...#.|...#.|...#.|...#.|.###."),
        ("^", "..#..|.#.#.|#...#|.....|.....|.....|....."),
        ("_", ".....|.....|.....|.....|.....|.....|#####"),
        ("`", ".#...|..#..|...#.|.....|.....|.....|....."),
        ("a", ".....|.....|.###.|....#|.####|#...#|.####"),
        ("b", "#....|#....|#.##.|##..#|#...#|#...#|####."),
        ("c", ".....|.....|.###.|#....|#....|#...#|.###."),
        ("d", "....#|....#|.##.#|#..##|#...#|#...#|.####"),
        ("e", ".....|.....|.###.|#...#|#####|#....|.###."),
        ("f", "..##.|.#..#|.#...|###..|.#...|.#...|.#..."),
        ("g", ".....|.....|.####|#...#|#...#|.####|....#|.###."),
        ("h", "#....|#....|#.##.|##..#|#...#|#...#|#...#"),
        ("i", "..#..|.....|.##..|..#..|..#..|..#..|.###."),
        ("j", "...#.|.....|..##.|...#.|...#.|...#.|#..#.|.##.."),
        ("k", "#....|#....|#..#.|#.#..|##...|#.#..|#..#."),
        ("l", ".##..|..#..|..#..|..#..|..#..|..#..|.###."),
        ("m", ".....|.....|##.#.|#.#.#|#.#.#|#...#|#...#"),
        ("n", ".....|.....|#.##.|##..#|#...#|#...#|#...#"),
        ("o", ".....|.....|.###.|#...#|#...#|#...#|.###."),
        ("p", ".....|.....|####.|#...#|#...#|####.|#....|#...."),
        ("q", ".....|.....|.####|#...#|#...#|.####|....#|....#"),
        ("r", ".....|.....|#.##.|##..#|#....|#....|#...."),
        ("s", ".....|.....|.###.|#....|.###.|....#|####."),
        ("t", ".#...|.#...|###..|.#...|.#...|.#..#|..##."),
        ("u", ".....|.....|#...#|#...#|#...#|#..##|.##.#"),
        ("v", ".....|.....|#...#|#...#|#...#|.#.#.|..#.."),
        ("w", ".....|.....|#...#|#...#|#.#.#|#.#.#|.#.#."),
        ("x", ".....|.....|#...#|.#.#.|..#..|.#.#.|#...#"),
        ("y", ".....|.....|#...#|#...#|#...#|.####|....#|.###."),
        ("z", ".....|.....|#####|...#.|..#..|.#...|#####"),
        ("{", "...##|..#..|..#..|.#...|..#..|..#..|...##"),
        ("|", "..#..|..#..|..#..|..#..|..#..|..#..|..#.."),
        ("}", "##...|..#..|..#..|...#.|..#..|..#..|##..."),
        ("~", ".....|.....|.#...|#.#.#|...#.|.....|....."),
    ]

    /// Each glyph as seven or eight rows, top first; bit 4 of a row is its leftmost pixel.
    static let glyphs: [Character: [UInt8]] = {
        var table: [Character: [UInt8]] = [:]
        for (character, design) in designs {
            table[character] = design.split(separator: "|").map { row in
                row.reduce(UInt8(0)) { bits, pixel in (bits << 1) | (pixel == "#" ? 1 : 0) }
            }
        }
        return table
    }()

    /// The glyph drawn for `character`: its own, or `?` for characters the font lacks.
    public static func rows(for character: Character) -> [UInt8] {
        glyphs[character] ?? glyphs["?"] ?? []
    }

    /// Whether pixel (`x`, `y`) (from the glyph's top-left) of `character` is lit.
    public static func isLit(_ character: Character, x: Int, y: Int) -> Bool {
        let rows = rows(for: character)
        guard (0..<glyphWidth).contains(x), y >= 0, y < rows.count else { return false }
        return rows[y] & (1 << UInt8(glyphWidth - 1 - x)) != 0
    }

    /// Width in font pixels of `text` on one line.
    public static func width(of text: String) -> Int {
        max(text.count * advance - (advance - glyphWidth), 0)
    }

    // MARK: - Texture atlas

    /// One row of cells, `cellWidth` × `cellHeight` texels each: the glyphs in `designs`
    /// order, then a fully lit cell (solid rectangles) and a disc (round markers). One byte
    /// per texel, 255 lit, 0 dark; rows from the top.
    public struct Atlas {
        public let width: Int
        public let height: Int
        public let texels: [UInt8]
        public static let cellWidth = 8
        public static let cellHeight = 8
        /// Cell index of each character, the solid cell, and the disc cell.
        public let cells: [Character: Int]
        public let solidCell: Int
        public let discCell: Int
    }

    public static let atlas: Atlas = {
        let count = designs.count + 2
        let cellWidth = Atlas.cellWidth, cellHeight = Atlas.cellHeight
        let width = count * cellWidth
        var texels = [UInt8](repeating: 0, count: width * cellHeight)
        var cells: [Character: Int] = [:]
        for (index, (character, _)) in designs.enumerated() {
            cells[character] = index
            for y in 0..<glyphHeight {
                for x in 0..<glyphWidth where isLit(character, x: x, y: y) {
                    texels[y * width + index * cellWidth + x] = 255
                }
            }
        }
        let solid = designs.count
        for y in 0..<cellHeight {
            for x in 0..<cellWidth { texels[y * width + solid * cellWidth + x] = 255 }
        }
        let disc = designs.count + 1
        for y in 0..<cellHeight {
            for x in 0..<cellWidth {
                let dx = Double(x) + 0.5 - Double(cellWidth) / 2, dy = Double(y) + 0.5 - Double(cellHeight) / 2
                if dx * dx + dy * dy <= Double(cellWidth * cellWidth) / 4 { texels[y * width + disc * cellWidth + x] = 255 }
            }
        }
        return Atlas(width: width, height: cellHeight, texels: texels, cells: cells, solidCell: solid, discCell: disc)
    }()
}
