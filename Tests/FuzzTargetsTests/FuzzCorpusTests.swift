// The fuzz targets on their seeds, on deterministic mutants of those seeds, and on the
// regression corpus (Corpus/<target>/: every input a fuzzer ever crashed or hung on, kept
// so the fix stays fixed). Each input must end in a value or an error that says something —
// a crash here fails the whole test process, which is the point.
import Foundation
import XCTest
@testable import FuzzTargets

final class FuzzCorpusTests: XCTestCase {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let repository = here.deletingLastPathComponent().deletingLastPathComponent()
    static let sharedAssets = repository.deletingLastPathComponent().appendingPathComponent("shared/assets").path

    private var scratch: String!

    override func setUpWithError() throws {
        scratch = NSTemporaryDirectory() + "fuzz-corpus-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: scratch) }

    /// Files under `folder` (recursively) whose extension the target takes.
    static func files(under folder: String, for target: FuzzTarget) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        return walker.compactMap { $0 as? String }
            .filter { target.seedExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .sorted().map { folder + "/" + $0 }
    }

    /// The seeds Tools/fuzz/run starts from: the project's own files, plus the real robot
    /// files of ../shared/assets when that folder is there.
    static func seeds(for target: FuzzTarget) -> [String] {
        var seeds: [String]
        switch target {
        case .urdf: seeds = files(under: repository.path + "/Assets/robots", for: target)
        case .mjcf: seeds = files(under: here.path + "/Seeds", for: target)
        case .scene: seeds = files(under: repository.path + "/Scenes", for: target)
        case .replay: seeds = files(under: here.path + "/Seeds", for: target)
        case .baseline: seeds = files(under: repository.path + "/Scenes/regress", for: target)
        }
        if target == .urdf || target == .mjcf { seeds += files(under: sharedAssets, for: target) }
        return seeds
    }

    private func run(_ target: FuzzTarget, _ bytes: [UInt8], _ label: String) -> FuzzTarget.Outcome {
        // TG_FUZZ_LAST=FILE keeps the input being run in FILE: after a crash, it is the culprit.
        if let last = ProcessInfo.processInfo.environment["TG_FUZZ_LAST"] {
            FileManager.default.createFile(atPath: last, contents: Data(bytes))
        }
        let outcome = target.run(bytes, scratch: scratch)
        if case let .rejected(why) = outcome {
            XCTAssertFalse(why.trimmingCharacters(in: .whitespaces).isEmpty, "\(label): an error with no message")
        }
        return outcome
    }

    func testEveryTargetAcceptsItsSeeds() throws {
        for target in FuzzTarget.allCases {
            let seeds = Self.seeds(for: target)
            XCTAssertFalse(seeds.isEmpty, "no seeds for \(target)")
            var accepted = 0
            for seed in seeds {
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: seed)))
                if case .accepted = run(target, bytes, seed) { accepted += 1 }
            }
            // Robot files from shared/assets reference meshes beside them, which the scratch
            // folder lacks: those are rejected for the missing mesh, by name. The project's
            // own seeds all parse.
            XCTAssertGreaterThan(accepted, 0, "\(target): none of \(seeds.count) seeds was accepted")
        }
    }

    /// A seeded, deterministic mutation pass over every seed: truncations, bit flips, byte
    /// deletions and duplications, and splices of two seeds. Cheap (a few hundred inputs per
    /// target); the long coverage-guided runs are Tools/fuzz/run's.
    func testDeterministicMutantsOfTheSeedsNeverCrash() throws {
        var random = SplitMix(state: 0x7467_6675_7a7a)
        for target in FuzzTarget.allCases {
            let seeds = try Self.seeds(for: target).prefix(6).map { [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0))) }
            var rejected = 0
            var total = 0
            for seed in seeds where !seed.isEmpty {
                for round in 0..<40 {
                    var bytes = seed
                    switch round % 5 {
                    case 0: bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count))))
                    case 1:
                        for _ in 0..<4 { bytes[Int(random.next() % UInt64(bytes.count))] ^= UInt8(1 << (random.next() % 8)) }
                    case 2:
                        let start = Int(random.next() % UInt64(bytes.count))
                        bytes.removeSubrange(start..<min(bytes.count, start + 1 + Int(random.next() % 64)))
                    case 3:
                        let start = Int(random.next() % UInt64(bytes.count))
                        let piece = bytes[start..<min(bytes.count, start + 1 + Int(random.next() % 256))]
                        bytes.insert(contentsOf: piece, at: Int(random.next() % UInt64(bytes.count)))
                    default:
                        let other = seeds[Int(random.next() % UInt64(seeds.count))]
                        bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count))))
                            + other.suffix(Int(random.next() % UInt64(max(other.count, 1))))
                    }
                    if case .rejected = run(target, bytes, "\(target) mutant \(round)") { rejected += 1 }
                    total += 1
                }
            }
            XCTAssertGreaterThan(rejected, 0, "\(target): \(total) mutants, none rejected — is the target parsing anything?")
        }
    }

    /// Every input in Corpus/<target>/ (crashes and hangs found by fuzzing, after their fix).
    func testRegressionCorpus() throws {
        let corpus = Self.here.path + "/Corpus"
        var count = 0
        for target in FuzzTarget.allCases {
            let folder = corpus + "/" + target.rawValue
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted() where !name.hasPrefix(".") {
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
                _ = run(target, bytes, "\(target)/\(name)")
                count += 1
            }
        }
        print("regression corpus: \(count) inputs")
    }
}

/// SplitMix64, for the mutants.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
