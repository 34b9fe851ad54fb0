// BatchMerge: shard directories of one batch → one summary (and optionally one directory),
// the same as a single-machine run of the same seeds would give.
import Foundation

public enum BatchMerge {
    public struct Result: Sendable {
        /// The batch as a whole (no shard).
        public var manifest: BatchManifest
        /// Every planned episode found, in plan order (scene by scene, episode by episode).
        public var records: [EpisodeRecord]
        public var summary: BatchSummary
        public var warnings: [String]
    }

    /// Reads the shard directories and combines them. Errors: a directory that is not a batch
    /// directory; directories of different batches (scenes, policy, seed, episode count, or
    /// shard count); the same shard twice; missing shards (unless `allowPartial`); one
    /// episode logged with two different trajectory hashes.
    public static func merge(directories: [String], allowPartial: Bool = false,
                             warning: (String) -> Void = { _ in }) throws -> Result {
        guard !directories.isEmpty else { throw BatchError("merge needs at least one batch directory") }
        var warnings: [String] = []
        func report(_ text: String) { warnings.append(text); warning(text) }
        var manifests: [BatchManifest] = []
        for directory in directories {
            guard let manifest = try BatchManifest.read(fromDirectory: directory) else {
                throw BatchError("\(directory) is not a batch directory (no \(BatchManifest.fileName))")
            }
            manifests.append(manifest)
        }
        let first = manifests[0]
        for (directory, manifest) in zip(directories, manifests).dropFirst() {
            if let mismatch = manifest.mismatch(with: first, ignoringShard: true) {
                throw BatchError("\(directory) and \(directories[0]) hold different batches: \(mismatch)")
            }
            if manifest.episodes != first.episodes {
                throw BatchError("\(directory) plans \(manifest.episodes) episodes per scene, \(directories[0]) plans "
                                 + "\(first.episodes); shards of one batch plan the same episodes")
            }
        }
        try checkShards(manifests, directories: directories, allowPartial: allowPartial)

        // The whole batch's episodes, in plan order.
        var order: [EpisodeKey: Int] = [:]
        for scene in first.scenes {
            for index in 0..<first.episodes {
                let key = EpisodeKey(scene: scene.name, seed: EpisodeSeeds.seed(batchSeed: first.seed, index: index),
                                     policy: first.policy)
                order[key] = order[key] ?? order.count
            }
        }
        var byKey: [EpisodeKey: (record: EpisodeRecord, directory: String)] = [:]
        for directory in directories {
            let contents = try EpisodeLog.read(path: directory + "/" + EpisodeLog.fileName)
            contents.warnings.forEach(report)
            for record in contents.records where order[record.key] != nil {
                var record = record
                record.record = record.record.map { directory + "/" + $0 }
                if let held = byKey[record.key] {
                    guard held.record.trajectoryHash == record.trajectoryHash else {
                        throw BatchError("episode \(record.key) is in \(held.directory) with trajectory hash "
                                         + "\(held.record.trajectoryHash) and in \(directory) with \(record.trajectoryHash)")
                    }
                    report("episode \(record.key) is in both \(held.directory) and \(directory); kept one")
                    continue
                }
                byKey[record.key] = (record, directory)
            }
        }
        let records = byKey.values.map(\.record).sorted { (order[$0.key] ?? 0) < (order[$1.key] ?? 0) }
        var manifest = first
        manifest.shard = nil
        let summary = BatchSummary(records: records, rows: first.scenes.map { ($0.name, $0.task) }, policy: first.policy,
                                   seed: first.seed, episodesPlanned: first.scenes.count * first.episodes,
                                   run: combinedRun(directories))
        return Result(manifest: manifest, records: records, summary: summary, warnings: warnings)
    }

    /// Writes a merge into `directory` (new, empty, or an earlier merge of the same batch):
    /// manifest.json without a shard, episodes.jsonl in plan order, summary.json.
    public static func write(_ result: Result, to directory: String) throws {
        if let held = try BatchManifest.read(fromDirectory: directory) {
            guard held.shard == nil, held.mismatch(with: result.manifest) == nil else {
                throw BatchError("--out \(directory) holds the results of another batch; choose another --out")
            }
        } else if let contents = try? FileManager.default.contentsOfDirectory(atPath: directory), !contents.isEmpty {
            throw BatchError("--out \(directory) is not empty and is not a batch directory; choose an empty or new directory")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw BatchError("cannot create \(directory): \(error.localizedDescription)")
        }
        var log = Data()
        for record in result.records { log += Data((try record.jsonLine() + "\n").utf8) }
        try AtomicFile.write(log, to: directory + "/" + EpisodeLog.fileName)
        try result.manifest.write(toDirectory: directory)
        try result.summary.write(to: directory + "/" + BatchDirectory.summaryFileName)
    }

    private static func checkShards(_ manifests: [BatchManifest], directories: [String], allowPartial: Bool) throws {
        let counts = Set(manifests.map { $0.shard?.count ?? 1 })
        guard counts.count == 1, let count = counts.first else {
            throw BatchError("the directories split the batch differently: "
                             + zip(directories, manifests).map { "\($0) is shard \($1.shard?.description ?? "none")" }
                                 .joined(separator: ", "))
        }
        var seen: [Int: String] = [:]
        for (directory, manifest) in zip(directories, manifests) {
            let index = manifest.shard?.index ?? 0
            if let other = seen[index] {
                throw BatchError("\(other) and \(directory) are the same shard (\(index)/\(count))")
            }
            seen[index] = directory
        }
        let missing = (0..<count).filter { seen[$0] == nil }
        if !missing.isEmpty, !allowPartial {
            throw BatchError("shards missing: \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) "
                             + "(pass every shard directory, or --allow-partial)")
        }
    }

    /// Shards ran side by side: workers, episodes and steps/s add up; the wall time is the longest.
    private static func combinedRun(_ directories: [String]) -> BatchRunInfo? {
        let runs = directories.compactMap { try? BatchSummary.read(from: $0 + "/" + BatchDirectory.summaryFileName).run }
        guard runs.count == directories.count, !runs.isEmpty else { return nil }
        let wall = runs.map(\.wallSeconds).max() ?? 0
        let episodes = runs.reduce(0) { $0 + $1.episodesRun }
        return BatchRunInfo(workers: runs.reduce(0) { $0 + $1.workers }, episodesRun: episodes, wallSeconds: wall,
                            episodesPerSecond: Double(episodes) / max(wall, 1e-9),
                            stepsPerSecond: runs.reduce(0) { $0 + $1.stepsPerSecond },
                            interrupted: runs.contains(where: \.interrupted))
    }
}
