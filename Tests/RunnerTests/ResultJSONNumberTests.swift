// ResultJSON.number: hand-written JSON numbers (bench walk --json) spell non-finite values
// as the strings the encoder writes, and read back through ResultJSON's decoder.
import Foundation
import XCTest
@testable import Runner

final class ResultJSONNumberTests: XCTestCase {
    func testNonFiniteNumbersAreTheEncodersStrings() throws {
        XCTAssertEqual(ResultJSON.number(0.12345, digits: 3), "0.123")
        XCTAssertEqual(ResultJSON.number(-1, digits: 1), "-1.0")
        let values = [Double.infinity, -Double.infinity, 1.5]
        let text = "[" + values.map { ResultJSON.number($0, digits: 1) }.joined(separator: ",") + "]"
        XCTAssertEqual(text, try String(decoding: ResultJSON.encoder([]).encode(values), as: UTF8.self))
        XCTAssertEqual(try ResultJSON.decoder().decode([Double].self, from: Data(text.utf8)), values)
        let nan = try ResultJSON.decoder().decode([Double].self, from: Data("[\(ResultJSON.number(.nan, digits: 2))]".utf8))
        XCTAssertTrue(nan[0].isNaN)
    }
}
