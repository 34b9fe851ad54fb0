// Tests of `tground regress` run as a child process of the built binary: exit status 1 and
// JUnit + HTML on a regression; exit status 2 and nothing written for a corrupt baseline,
// an unknown scene, or a baseline of another task set. Skipped, with a message, when
// .build/debug/tground is not built.
import Foundation
import XCTest
@testable import Runner

final class RegressCommandTests: XCTestCase {
    private var binary: String!
    private var scratch: String!

    override func setUpWithError() throws {
        guard let path = BatchTestSupport.tgroundBinary else {
            throw XCTSkip("no tground binary at \(BatchTestSupport.repositoryRoot)/.build/debug/tground; run swift build first")
        }
        binary = path
        scratch = BatchTestSupport.scratchDirectory(self)
    }

    private func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: scratch)
        let out = scratch + "/stdout", err = scratch + "/stderr"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: out)
        process.standardError = FileHandle(forWritingAtPath: err)
        try process.run()
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: err) }
        return (process.terminationStatus, BatchTestSupport.file(out), BatchTestSupport.file(err))
    }

    private func suite(policy: String, name: String = "suite.yaml") throws -> String {
        try RegressionTestSupport.write(RegressionTestSupport.standSuite(policy: policy, episodes: 3), to: scratch, name: name)
    }

    // Zero policy writes the baseline; the random policy then fails the gate: exit 1, a table,
    // JUnit XML with a failure, and the HTML report beside it.
    func testRegressionExitsOneAndWritesJUnitAndReport() throws {
        let good = try suite(policy: "zero", name: "good.yaml")
        let written = try run(["regress", "--suite", good, "--baseline", "out/baseline.json", "--write-baseline", "--workers", "2"])
        XCTAssertEqual(written.status, 0, written.err)
        XCTAssertTrue(written.out.contains("100.0% (3/3)"), written.out)
        XCTAssertEqual(try RegressionBaseline.read(from: scratch + "/out/baseline.json").tasks.map(\.successes), [3])

        let degraded = try suite(policy: "random", name: "degraded.yaml")
        let gate = try run(["regress", "--suite", degraded, "--baseline", "out/baseline.json", "--junit", "ci/regress.xml",
                            "--json", "ci/regress.json", "--workers", "2"])
        XCTAssertEqual(gate.status, 1, gate.err)
        XCTAssertTrue(gate.out.contains("REGRESSED"), gate.out)
        XCTAssertTrue(gate.out.contains("result: FAIL"), gate.out)
        XCTAssertTrue(gate.err.contains("warning: task stand_still differs from its baseline: policy zero → random"), gate.err)
        let junit = Parsed(BatchTestSupport.file(scratch + "/ci/regress.xml"))
        XCTAssertTrue(junit.ok, junit.error)
        XCTAssertEqual(junit.elements.filter { $0.name == "failure" }.count, 1)
        XCTAssertTrue(Parsed(BatchTestSupport.file(scratch + "/ci/regress.html")).ok)
        XCTAssertTrue(BatchTestSupport.file(scratch + "/ci/regress.json").contains(#""failed" : true"#))
        // The baseline is untouched by a comparison.
        XCTAssertEqual(try RegressionBaseline.read(from: scratch + "/out/baseline.json").tasks.map(\.successes), [3])
    }

    // Bad input: exit 2, a message naming the file and the problem, nothing written.
    func testBadInputWritesNothing() throws {
        let good = try suite(policy: "zero")
        let baselinePath = scratch + "/baseline.json"
        let runs = [RegressionTestSupport.run(name: "stand_still", successes: 3, episodes: 3)]
        try RegressionBaseline(suite: RegressionTestSupport.suite(runs, name: "gate"), runs: runs).write(to: baselinePath)
        let intact = BatchTestSupport.file(baselinePath)

        // A corrupt (torn) baseline.
        try String(intact.prefix(intact.count / 2)).write(toFile: baselinePath, atomically: true, encoding: .utf8)
        let torn = try run(["regress", "--suite", good, "--baseline", baselinePath, "--junit", "ci/regress.xml"])
        XCTAssertEqual(torn.status, 2, torn.err)
        XCTAssertTrue(torn.err.contains("error: baseline \(baselinePath): not valid JSON"), torn.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch + "/ci"))

        // A baseline of another task set.
        let other = [RegressionTestSupport.run(name: "walk", successes: 3, episodes: 3)]
        try RegressionBaseline(suite: RegressionTestSupport.suite(other, name: "gate"), runs: other).write(to: baselinePath)
        let foreign = try run(["regress", "--suite", good, "--baseline", baselinePath, "--junit", "ci/regress.xml"])
        XCTAssertEqual(foreign.status, 2, foreign.err)
        XCTAssertTrue(foreign.err.contains("tasks only in the suite: stand_still; tasks only in the baseline: walk"), foreign.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch + "/ci"))

        // An unknown scene in the suite: named with the suite's line, before the baseline is written.
        let unknown = try RegressionTestSupport.write(
            RegressionTestSupport.standSuite(policy: "zero").replacingOccurrences(of: BatchTestSupport.standPush, with: "nowhere.yaml"),
            to: scratch, name: "unknown.yaml")
        let before = BatchTestSupport.file(baselinePath)
        let missing = try run(["regress", "--suite", unknown, "--baseline", baselinePath, "--write-baseline"])
        XCTAssertEqual(missing.status, 2, missing.err)
        XCTAssertTrue(missing.err.contains("unknown.yaml:5: tasks[0].scene: cannot read the scene file 'nowhere.yaml'"), missing.err)
        XCTAssertEqual(BatchTestSupport.file(baselinePath), before)
    }
}
