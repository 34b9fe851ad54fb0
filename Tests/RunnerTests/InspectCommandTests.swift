// Tests of `tground inspect` (Sources/tground/InspectCommand.swift) run as a child process of
// the built binary: the project's own robot by the name scenes use, and a name that does
// not exist. Skipped, with a message, when .build/debug/tground is not built.
import Foundation
import XCTest

final class InspectCommandTests: XCTestCase {
    private func inspect(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        guard let binary = BatchTestSupport.tgroundBinary else {
            throw XCTSkip("no tground binary at \(BatchTestSupport.repositoryRoot)/.build/debug/tground; run swift build first")
        }
        let scratch = BatchTestSupport.scratchDirectory(self)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["inspect"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: BatchTestSupport.repositoryRoot)
        _ = FileManager.default.createFile(atPath: scratch + "/out", contents: nil)
        _ = FileManager.default.createFile(atPath: scratch + "/err", contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: scratch + "/out")
        process.standardError = FileHandle(forWritingAtPath: scratch + "/err")
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, BatchTestSupport.file(scratch + "/out"), BatchTestSupport.file(scratch + "/err"))
    }

    // `builtin:tg_humanoid` (a scene's robot.file) names the same robot as its URDF path.
    func testBuiltinNameInspectsTheProjectsHumanoid() throws {
        let result = try inspect(["builtin:tg_humanoid", "--json"])
        XCTAssertEqual(result.status, 0, result.err)
        let byPath = try inspect(["Assets/robots/tg_humanoid/tg_humanoid.urdf", "--json"])
        XCTAssertEqual(result.out, byPath.out)
        XCTAssertTrue(result.out.contains("\"left_knee\""), result.out.prefix(200).description)
    }

    // An unknown builtin name fails with the path it looked for, not a crash.
    func testUnknownBuiltinNameNamesThePathItLookedFor() throws {
        let result = try inspect(["builtin:no_such_robot"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.contains("robots/no_such_robot/no_such_robot.urdf"), result.err)
        XCTAssertTrue(result.err.contains("error"), result.err)
    }
}
