// BatchDirectory: the files of one batch — manifest.json, episodes.jsonl, summary.json and
// records/ — opened for a run: checked to belong to the same batch, the log repaired and
// read back, so the run can skip what is done. Nothing finished is ever overwritten.
import Foundation

final class BatchDirectory {
    let path: String
    /// Records already in the log (complete lines).
    let finished: [EpisodeRecord]
    let log: EpisodeLogWriter
    /// Where record files go (created on open).
    let recordsDirectory: String

    private init(path: String, finished: [EpisodeRecord], log: EpisodeLogWriter, recordsDirectory: String) {
        self.path = path
        self.finished = finished
        self.log = log
        self.recordsDirectory = recordsDirectory
    }

    /// Opens (creating it if needed) the directory for `plan`. Errors, before anything is
    /// written: the directory holds another batch's results, or is a non-empty folder that is
    /// not a batch directory.
    static func open(_ path: String, plan: BatchPlan, warning: (String) -> Void) throws -> BatchDirectory {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw BatchError("--out \(path) is a file, not a directory")
        }
        let manifest = BatchManifest(plan: plan)
        if let held = try BatchManifest.read(fromDirectory: path) {
            if let mismatch = held.mismatch(with: manifest) {
                throw BatchError("--out \(path) holds the results of another batch (\(mismatch)). "
                                 + "Choose another --out, or delete \(path) to start over")
            }
            if held.build != manifest.build {
                warning("\(path) was started by another build (\(held.build)); this is \(manifest.build). "
                        + "Trajectory hashes of old and new episodes may differ")
            }
        } else if let contents = try? files.contentsOfDirectory(atPath: path), !contents.isEmpty {
            throw BatchError("--out \(path) is not empty and is not a batch directory (no \(BatchManifest.fileName)); "
                             + "choose an empty or new directory")
        }
        do {
            try files.createDirectory(atPath: path + "/records", withIntermediateDirectories: true)
        } catch {
            throw BatchError("cannot create \(path)/records: \(error.localizedDescription)")
        }
        let logPath = path + "/" + EpisodeLog.fileName
        let contents = try EpisodeLog.repair(path: logPath)
        contents.warnings.forEach(warning)
        try manifest.write(toDirectory: path)
        removeTemporaryFiles(in: path + "/records")
        return BatchDirectory(path: path, finished: contents.records, log: try EpisodeLogWriter(path: logPath),
                              recordsDirectory: path + "/records")
    }

    func writeSummary(_ summary: BatchSummary) throws {
        try summary.write(to: path + "/" + Self.summaryFileName)
    }

    static let summaryFileName = "summary.json"

    /// `records/<scene>-<episode, 6 digits>-<seed, 16 hex digits>.tgrec`.
    static func recordName(scene: String, episode: Int, seed: UInt64) -> String {
        let safe = String(scene.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" })
        let number = String(episode)
        return "\(safe)-\(String(repeating: "0", count: max(0, 6 - number.count)))\(number)-\(hexHash(seed)).tgrec"
    }

    /// Half-written record files of a killed run.
    private static func removeTemporaryFiles(in directory: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.contains(".tmp-") {
            try? FileManager.default.removeItem(atPath: directory + "/" + name)
        }
    }
}
