// BatchExports: the pieces of `tground batch` a distributed runner (trainground.ray) needs
// so its results equal the CLI's: the episode seed formula, one episode as an
// EpisodeRecord, and BatchSummary over records. Contracts are in trainground.h.
import Foundation
import Runner
import Scene

@_cdecl("tg_batch_episode_seed")
public func tg_batch_episode_seed(_ batchSeed: UInt64, _ index: Int64) -> UInt64 {
    EpisodeSeeds.seed(batchSeed: batchSeed, index: Int(max(index, 0)))
}

@_cdecl("tg_batch_run_episode")
public func tg_batch_run_episode(_ scenePath: UnsafePointer<CChar>?, _ optionsJSON: UnsafePointer<CChar>?,
                                 _ batchSeed: UInt64, _ index: Int64, _ policy: UnsafePointer<CChar>?,
                                 _ outRecord: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    abiCall("tg_batch_run_episode") {
        let out = try required(outRecord, "out_record")
        out.pointee = nil
        guard index >= 0 else { throw ABIError(.invalidArgument, "episode index must be >= 0, got \(index)") }
        let policyName = String(cString: try required(policy, "policy"))
        let options = try EnvOptions(json: optionsJSON)
        let path = String(cString: try required(scenePath, "scene_path"))
        let record = try BatchEpisodeBridge.run(scenePath: path, overrides: options.overrides, batchSeed: batchSeed,
                                                index: Int(index), policy: policyName)
        out.pointee = mallocString(try record.jsonLine())
    }
}

@_cdecl("tg_batch_summary")
public func tg_batch_summary(_ recordsJSONL: UnsafePointer<CChar>?, _ optionsJSON: UnsafePointer<CChar>?,
                             _ outSummary: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    abiCall("tg_batch_summary") {
        let out = try required(outSummary, "out_summary")
        out.pointee = nil
        let text = String(cString: try required(recordsJSONL, "records_jsonl"))
        var records: [EpisodeRecord] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            do {
                records.append(try EpisodeRecord.decode(jsonLine: line))
            } catch {
                throw ABIError(.invalidArgument, "records_jsonl line \(number + 1) is not an episode record: \(error)")
            }
        }
        let request = try SummaryRequest(json: String(cString: try required(optionsJSON, "options_json")))
        let summary = BatchSummary(records: records, rows: request.rows, policy: request.policy, seed: request.seed,
                                   episodesPlanned: request.episodesPlanned, run: request.run)
        out.pointee = mallocString(String(decoding: try summary.jsonData(), as: UTF8.self))
    }
}

/// The options of tg_batch_summary: {"rows": [[scene, task], …], "policy": "zero",
/// "seed": S, "episodes_planned": N, "run": BatchRunInfo JSON or absent}.
private struct SummaryRequest: Decodable {
    var rowPairs: [[String]]
    var policy: String
    var seed: UInt64
    var episodesPlanned: Int
    var run: BatchRunInfo?

    enum CodingKeys: String, CodingKey {
        case policy, seed, run
        case rowPairs = "rows", episodesPlanned = "episodes_planned"
    }

    var rows: [(scene: String, task: String)] { rowPairs.map { ($0[0], $0[1]) } }

    init(json: String) throws {
        do {
            self = try JSONDecoder().decode(SummaryRequest.self, from: Data(json.utf8))
        } catch {
            throw ABIError(.invalidArgument, "summary options are not {rows, policy, seed, episodes_planned[, run]}: \(error)")
        }
        guard rowPairs.allSatisfy({ $0.count == 2 }) else {
            throw ABIError(.invalidArgument, "summary rows must be [scene, task] pairs")
        }
    }
}
