// Tests of the XML/HTML text escaping both reports use.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import Runner

final class XMLEscapingTests: XCTestCase {
    func testMarkupCharactersAreEscaped() {
        XCTAssertEqual(xmlEscaped(#"a<b & "c" > 'd'"#), "a&lt;b &amp; &quot;c&quot; &gt; &#39;d&#39;")
    }

    func testForbiddenControlCharactersAreDropped() {
        XCTAssertEqual(xmlEscaped("ok\u{0}\u{1B}\tline\n"), "ok\tline\n")
    }

    // Escaped hostile text parses back to itself inside an attribute and an element.
    func testRoundTripThroughXMLParser() throws {
        let hostile = "error: <script>alert(\"x\")</script> & ]]> 'quoted' ünïcode"
        let document = #"<root attribute="\#(xmlEscaped(hostile))">\#(xmlEscaped(hostile))</root>"#
        let collector = Collector()
        let parser = XMLParser(data: Data(document.utf8))
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        XCTAssertEqual(collector.attribute, hostile)
        XCTAssertEqual(collector.text, hostile)
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var attribute: String?
        var text = ""
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            attribute = attributeDict["attribute"]
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }
}
