// Tests of Sources/Runner/EpisodeRecording.swift: the binary format round-trips, and a file
// from another format version or build, a corrupt or a foreign file is a clear error.
import Foundation
import XCTest
@testable import Runner

final class EpisodeRecordingTests: XCTestCase {
    private func sample(build: BuildIdentity = .current) -> EpisodeRecording {
        EpisodeRecording(build: build, sceneName: "stand_push", sceneFile: "/x/stand_push.yaml",
                         overrides: ["task.episode_seconds=0.5"], sceneHash: 0xABCD, seed: 42, policy: "random",
                         actionSize: 2, stateHashInterval: 2, initialStateHash: 7,
                         actions: [0.5, -0.25, 1e-300, .pi, -0.0, 3], trajectoryHashes: [11, 12, 13],
                         stateHashes: [22, 23])
    }

    func testRoundTrip() throws {
        let recording = sample()
        let bytes = recording.encoded()
        XCTAssertEqual(Array(bytes.prefix(8)), Array("TGRECORD".utf8))
        let decoded = try EpisodeRecording(bytes: bytes, file: "f")
        XCTAssertEqual(decoded, recording)
        XCTAssertEqual(decoded.stateHashSteps, [2, 3], "every K = 2 steps and the last")
        XCTAssertEqual(Array(decoded.action(step: 2)), [1e-300, .pi])
        XCTAssertEqual(decoded.action(step: 3).first?.sign, .minus, "bits kept, including -0")
        XCTAssertNoThrow(try decoded.checkBuild())

        let path = BatchTestSupport.scratchDirectory(self) + "/r.tgrec"
        try recording.write(to: path)
        XCTAssertEqual(try EpisodeRecording.read(from: path), recording)
    }

    func testAnotherFormatVersionIsRefused() throws {
        var bytes = sample().encoded()
        bytes[8] = 2  // format version field (u32 after the magic)
        XCTAssertThrowsError(try EpisodeRecording(bytes: bytes, file: "old.tgrec")) { error in
            XCTAssertEqual(error as? RecordingError, .unsupportedVersion(file: "old.tgrec", found: 2, supported: 1))
            XCTAssertTrue("\(error)".contains("another TrainingGround version"), "\(error)")
        }
    }

    func testAnotherBuildIsRefused() throws {
        let other = BuildIdentity(description: "TrainingGround 0.0.9; Bullet 3.17 (double precision); x86_64")
        let decoded = try EpisodeRecording(bytes: sample(build: other).encoded(), file: "f")
        XCTAssertThrowsError(try decoded.checkBuild()) { error in
            XCTAssertTrue("\(error)".contains("another build"), "\(error)")
            XCTAssertTrue("\(error)".contains("0.0.9"), "\(error)")
        }
    }

    func testCorruptTruncatedAndForeignFilesAreRefused() throws {
        var bytes = sample().encoded()
        bytes[bytes.count / 2] ^= 1
        XCTAssertThrowsError(try EpisodeRecording(bytes: bytes, file: "f")) { error in
            XCTAssertTrue("\(error)".contains("checksum"), "\(error)")
        }
        XCTAssertThrowsError(try EpisodeRecording(bytes: Array(sample().encoded().dropLast(5)), file: "f"))
        XCTAssertThrowsError(try EpisodeRecording(bytes: Array("{\"not\": \"a record\"}".utf8), file: "f")) { error in
            XCTAssertEqual(error as? RecordingError, .notARecord(file: "f"))
        }
        XCTAssertThrowsError(try EpisodeRecording.read(from: "/no/such.tgrec")) { error in
            XCTAssertEqual(error as? RecordingError, .unreadable(file: "/no/such.tgrec"))
        }
    }
}
