// XMLTree: the tolerant XML reader under both importers.
import Foundation
import XCTest
@testable import Robot

final class XMLTreeTests: XCTestCase {
    func testToleratesByteOrderMarkCRLFAndTrailingNul() throws {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        bytes += Array("<robot name=\"r\">\r\n  <link name=\"a\"/>\r\n  <link name=\"b\"/>\r\n</robot>\r\n".utf8)
        bytes += [0, 0]
        let tree = try XMLTree.parse(data: Data(bytes), file: "r.urdf")
        XCTAssertEqual(tree.root.name, "robot")
        XCTAssertEqual(tree.root.children(named: "link").map { $0["name"] }, ["a", "b"])
        XCTAssertEqual(tree.root.children(named: "link")[1].line, 3)
    }

    func testMalformedXMLNamesFileAndLine() {
        let text = "<robot name=\"r\">\n  <link name=\"a\">\n</robot>\n"
        XCTAssertThrowsError(try XMLTree.parse(data: Data(text.utf8), file: "bad.urdf")) { error in
            guard let error = error as? ImportError else { return XCTFail("expected ImportError, got \(error)") }
            XCTAssertEqual(error.file, "bad.urdf")
            XCTAssertGreaterThan(error.line, 0)
            XCTAssertTrue(error.description.hasPrefix("bad.urdf:"), error.description)
        }
    }

    func testMissingFileIsAClearError() {
        XCTAssertThrowsError(try XMLTree.load(path: "/nonexistent/robot.urdf")) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/robot.urdf"), "\(error)")
        }
    }

    /// Found by fuzzing: an element name with a byte that is not UTF-8 crashed Foundation's
    /// XMLParser. It is now an error naming the line.
    func testInvalidUTF8IsAnErrorWithItsLine() {
        var bytes = Array("<robot name=\"r\">\n  <link name=\"a\"/>\n  <dyn".utf8)
        bytes += [0xF3]
        bytes += Array(" damping=\"1\"/>\n</robot>\n".utf8)
        XCTAssertThrowsError(try XMLTree.parse(data: Data(bytes), file: "bad.urdf")) { error in
            guard let error = error as? ImportError else { return XCTFail("expected ImportError, got \(error)") }
            XCTAssertEqual(error.line, 3)
            XCTAssertTrue(error.description.contains("not valid UTF-8"), error.description)
        }
    }

    func testLatin1DeclaredFileIsTranscoded() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<robot name=\"r".utf8)
        bytes += [0xE9]  // é in Latin-1
        bytes += Array("\">\n  <link name=\"a\"/>\n</robot>\n".utf8)
        let tree = try XMLTree.parse(data: Data(bytes), file: "latin1.urdf")
        XCTAssertEqual(tree.root["name"], "r\u{E9}")
        XCTAssertEqual(tree.root.children(named: "link").first?.line, 3)
    }

    // Foundation's parser crashes on a processing instruction with no data: an error instead.
    func testProcessingInstructionWithoutDataIsAnError() throws {
        let text = "<?xm?>\n<robot name=\"r\"/>\n"
        XCTAssertThrowsError(try XMLTree.parse(data: Data(text.utf8), file: "pi.urdf")) { error in
            XCTAssertTrue("\(error)".contains("pi.urdf:1"), "\(error)")
            XCTAssertTrue("\(error)".contains("<?xm?> has no data"), "\(error)")
        }
        let fine = "<?xml version=\"1.0\"?>\n<?note some data?>\n<robot name=\"r\"/>\n"
        XCTAssertEqual(try XMLTree.parse(data: Data(fine.utf8), file: "ok.urdf").root.name, "robot")
    }
}
