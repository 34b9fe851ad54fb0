// Tests of the JUnit XML: well-formed, one testcase per task, a failure element with the
// numbers for each failed task.
import Foundation
import XCTest
@testable import Runner

final class JUnitReportTests: XCTestCase {
    func testOneTestcasePerTaskWithFailures() throws {
        let runs = [RegressionTestSupport.run(name: "steady", successes: 9, episodes: 10),
                    RegressionTestSupport.run(name: "dropped<&>", successes: 1, episodes: 10)]
        let result = RegressionResult(suite: RegressionTestSupport.suite(runs), runs: runs,
                                      baseline: RegressionTestSupport.baseline([("steady", 10, 10), ("dropped<&>", 10, 10)]),
                                      baselineFile: "Scenes/baseline.json")
        let xml = JUnitReport.xml(for: result)
        let parsed = Parsed(xml)
        XCTAssertTrue(parsed.ok, parsed.error)
        XCTAssertEqual(parsed.elements.filter { $0.name == "testsuites" }.first?.attributes["failures"], "1")
        let suite = try XCTUnwrap(parsed.elements.first { $0.name == "testsuite" })
        XCTAssertEqual(suite.attributes["name"], "core")
        XCTAssertEqual(suite.attributes["tests"], "2")
        XCTAssertEqual(suite.attributes["failures"], "1")
        let cases = parsed.elements.filter { $0.name == "testcase" }
        XCTAssertEqual(cases.map { $0.attributes["name"] }, ["steady", "dropped<&>"])
        XCTAssertEqual(cases.map { $0.attributes["classname"] }, ["regress.core", "regress.core"])
        let failures = parsed.elements.filter { $0.name == "failure" }
        XCTAssertEqual(failures.count, 1)
        XCTAssertEqual(failures[0].attributes["type"], "regression")
        let message = try XCTUnwrap(failures[0].attributes["message"])
        XCTAssertTrue(message.contains("from 100.0% (10/10) to 10.0% (1/10)"), message)
        XCTAssertTrue(failures[0].text.contains("one-sided two-proportion z-test (pooled): z = "), failures[0].text)
        let properties = parsed.elements.filter { $0.name == "property" }.map { ($0.attributes["name"] ?? "", $0.attributes["value"] ?? "") }
        XCTAssertTrue(properties.contains { $0 == ("baseline", "Scenes/baseline.json") })
        XCTAssertTrue(properties.contains { $0 == ("alpha", "0.01") })
    }

    func testWriteIsWholeFile() throws {
        let scratch = BatchTestSupport.scratchDirectory(self)
        let runs = [RegressionTestSupport.run(name: "steady", successes: 1, episodes: 1)]
        let result = RegressionResult(suite: RegressionTestSupport.suite(runs), runs: runs, baseline: nil, baselineFile: nil)
        try JUnitReport.write(result, to: scratch + "/junit.xml")
        XCTAssertTrue(Parsed(BatchTestSupport.file(scratch + "/junit.xml")).ok)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch), ["junit.xml"])
    }
}
