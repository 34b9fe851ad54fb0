// BitmapFont: every printable ASCII character has its own 5-column glyph; the atlas holds them.
import Viewer
import XCTest

final class BitmapFontTests: XCTestCase {
    func testEveryPrintableCharacterHasADistinctGlyph() {
        var seen: [[UInt8]: Character] = [:]
        for code in 32...126 {
            let character = Character(Unicode.Scalar(UInt8(code)))
            let rows = BitmapFont.rows(for: character)
            XCTAssertTrue(rows.count == 7 || rows.count == 8, "\(character): \(rows.count) rows")
            XCTAssertTrue(rows.allSatisfy { $0 < 32 }, "\(character) is wider than 5 pixels")
            if code != 32 {
                XCTAssertTrue(rows.contains { $0 != 0 }, "\(character) is blank")
                XCTAssertNil(seen[rows], "\(character) looks like \(seen[rows].map(String.init) ?? "")")
            }
            seen[rows] = character
        }
    }

    func testGlyphPixels() {
        // The A's apex is its top middle pixel, its crossbar the fourth row.
        XCTAssertTrue(BitmapFont.isLit("A", x: 2, y: 0))
        XCTAssertFalse(BitmapFont.isLit("A", x: 0, y: 0))
        XCTAssertTrue((0..<5).allSatisfy { BitmapFont.isLit("A", x: $0, y: 3) })
        XCTAssertTrue(BitmapFont.isLit("g", x: 1, y: 7), "g descends")
        XCTAssertEqual(BitmapFont.rows(for: "é"), BitmapFont.rows(for: "?"))
    }

    func testAtlasHoldsEveryGlyph() throws {
        let atlas = BitmapFont.atlas
        XCTAssertEqual(atlas.width, (95 + 2) * BitmapFont.Atlas.cellWidth)
        XCTAssertEqual(atlas.texels.count, atlas.width * atlas.height)
        let cell = try XCTUnwrap(atlas.cells["A"])
        XCTAssertEqual(atlas.texels[cell * BitmapFont.Atlas.cellWidth + 2], 255)
        XCTAssertEqual(atlas.texels[cell * BitmapFont.Atlas.cellWidth], 0)
        XCTAssertEqual(BitmapFont.width(of: "abc"), 17)
    }
}
