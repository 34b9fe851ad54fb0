// Tests of `tground report` run as a child process of the built binary. Skipped, with a
// message, when .build/debug/tground is not built.
import Foundation
import XCTest
@testable import Runner

final class ReportCommandTests: XCTestCase {
    func testWritesPageForBatchDirectory() throws {
        guard let binary = BatchTestSupport.tgroundBinary else {
            throw XCTSkip("no tground binary at \(BatchTestSupport.repositoryRoot)/.build/debug/tground; run swift build first")
        }
        let scratch = BatchTestSupport.scratchDirectory(self)
        let directory = scratch + "/batch"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let plan = try BatchPlan(scenePaths: [BatchTestSupport.standPush], overrides: BatchTestSupport.shortEpisodes,
                                 episodes: 4, seed: 1, policyName: "zero")
        try BatchManifest(plan: plan).write(toDirectory: directory)
        let writer = try EpisodeLogWriter(path: directory + "/" + EpisodeLog.fileName, sync: false)
        for index in 0..<4 { try writer.append(RegressionTestSupport.record(episode: index, success: index != 2)) }

        func run(_ arguments: [String]) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        XCTAssertEqual(try run(["report", directory]), 0)
        let page = Parsed(BatchTestSupport.file(directory + "/report.html"))
        XCTAssertTrue(page.ok, page.error)
        XCTAssertEqual(page.elements.filter { $0.name == "svg" }.count, 3)   // success, outcomes, one return histogram
        XCTAssertEqual(try run(["report", directory, "--out", scratch + "/elsewhere.html"]), 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: scratch + "/elsewhere.html"))
        XCTAssertEqual(try run(["report", scratch + "/nothing-here"]), 2)
        XCTAssertEqual(try run(["report", directory, "--baseline", scratch + "/absent.json", "--out", scratch + "/x.html"]), 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch + "/x.html"))
    }
}
