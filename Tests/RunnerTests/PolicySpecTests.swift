// Tests of Sources/Runner/PolicySpec.swift: names, bad names, and `replay:FILE` driving an
// episode with a record's actions.
import Foundation
import XCTest
@testable import Runner

final class PolicySpecTests: XCTestCase {
    func testParsesNames() throws {
        XCTAssertEqual(try PolicySpec(parsing: "zero"), .builtin(.zero))
        XCTAssertEqual(try PolicySpec(parsing: "random"), .builtin(.random))
        XCTAssertEqual(try PolicySpec(parsing: "expert"), .expert)
        XCTAssertEqual(try PolicySpec(parsing: "replay:a/b.tgrec"), .replay(path: "a/b.tgrec"))
        XCTAssertEqual(try PolicySpec(parsing: "replay:a/b.tgrec").description, "replay:a/b.tgrec")
        for bad in ["", "walk", "replay:"] {
            XCTAssertThrowsError(try PolicySpec(parsing: bad), bad)
        }
    }

    // A record of a random-policy episode, replayed open-loop from the same seed, gives the
    // same trajectory.
    func testReplayPolicyReproducesTheRecordedEpisode() throws {
        let scratch = BatchTestSupport.scratchDirectory(self)
        let recorded = try BatchTestSupport.run(try BatchTestSupport.plan(episodes: 1), out: scratch + "/a", record: true)
        let record = try XCTUnwrap(recorded.records.first)
        let file = scratch + "/a/" + (try XCTUnwrap(record.record))
        let replayed = try BatchTestSupport.run(try BatchTestSupport.plan(episodes: 1, policy: "replay:" + file))
        XCTAssertEqual(replayed.records.first?.trajectoryHash, record.trajectoryHash)
        XCTAssertEqual(replayed.records.first?.policy, "replay:" + file)
    }

    func testReplayOfUnreadableRecordIsAnError() throws {
        let plan = try BatchTestSupport.plan(episodes: 1, policy: "replay:/no/such.tgrec")
        XCTAssertThrowsError(try PolicySpec.replay(path: "/no/such.tgrec").factory(for: plan)) { error in
            XCTAssertTrue("\(error)".contains("/no/such.tgrec"), "\(error)")
        }
    }
}
