// The push-recovery analysis tools' own checks (`--test`), run by `swift test` so a change
// that breaks them shows in CI: Tools/push-falls (which pushes a batch fell after),
// Tools/capture-bound (the LIPM capturability bound) and Tools/tune-stepping (its CMA-ES).
// They need python3; without it the test skips and says so.
import Foundation
import XCTest

final class PushToolSelfTests: XCTestCase {
    static let tools = URL(fileURLWithPath: BatchTestSupport.repositoryRoot).appendingPathComponent("Tools")

    /// Runs `Tools/NAME --test` and returns its exit status and output.
    func selfTest(_ name: String) throws -> (status: Int32, output: String) {
        guard let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: FileManager.default.isExecutableFile) else {
            throw XCTSkip("no python3 (/usr/bin/python3): Tools/\(name) is a Python script (install python3: Tools/setup.sh)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.tools.appendingPathComponent(name).path, "--test"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testPushFallsSelfTest() throws {
        let run = try selfTest("push-falls")
        XCTAssertEqual(run.status, 0, run.output)
        XCTAssertTrue(run.output.contains("self-test passed"), run.output)
    }

    func testCaptureBoundSelfTest() throws {
        let run = try selfTest("capture-bound")
        XCTAssertEqual(run.status, 0, run.output)
    }

    func testTuneSteppingSelfTest() throws {
        let run = try selfTest("tune-stepping")
        XCTAssertEqual(run.status, 0, run.output)
        XCTAssertTrue(run.output.contains("self-test passed"), run.output)
    }
}
