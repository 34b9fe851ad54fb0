import XCTest
@testable import Scene

final class ScenePathTests: XCTestCase {
    func testParsesKeysAndIndices() {
        XCTAssertEqual([PathComponent](parsing: "task.params.part"), [.key("task"), .key("params"), .key("part")])
        XCTAssertEqual([PathComponent](parsing: "parts[0].mass"), [.key("parts"), .index(0), .key("mass")])
        XCTAssertEqual([PathComponent](parsing: "grid[1][2]"), [.key("grid"), .index(1), .index(2)])
        XCTAssertEqual([PathComponent](parsing: "fixed_base"), [.key("fixed_base")])
    }

    func testRejectsMalformedPaths() {
        for text in ["", ".a", "a.", "a..b", "a[", "a[x]", "a[1", "[0]", "a[-1]", "a b", "a[0]b"] {
            XCTAssertNil([PathComponent](parsing: text), text)
        }
    }

    func testRendersAsErrorsPrintIt() {
        XCTAssertEqual([PathComponent.key("parts"), .index(2), .key("size")].rendered, "parts[2].size")
        XCTAssertEqual([PathComponent]().rendered, "")
        XCTAssertEqual(renderKeyPath([AnyCodingKey("fixtures"), SequenceIndexKey(0), AnyCodingKey("position")]),
                       "fixtures[0].position")
    }

    func testNumericMappingKeysStayKeys() {
        // A parameter named "3" is a mapping key, not a list index.
        XCTAssertEqual(PathComponent(AnyCodingKey("3")), .key("3"))
        XCTAssertEqual(PathComponent(SequenceIndexKey(3)), .index(3))
    }
}
