// BatchEpisodeBridge: one batch episode (index i of a batch seeded S) run by the batch
// runner's own EpisodePlayer, so its record is the one `tground batch` would log.
import Runner
import Scene

enum BatchEpisodeBridge {
    /// `policy`: `zero`, `random` or `replay:FILE` (PolicySpec). Scene problems are SceneErrors
    /// or BatchErrors naming the file.
    static func run(scenePath: String, overrides: [String], batchSeed: UInt64, index: Int, policy: String) throws
        -> EpisodeRecord {
        let spec: PolicySpec
        do {
            spec = try PolicySpec(parsing: policy)
        } catch {
            throw ABIError(.invalidArgument, "\(error)")
        }
        let plan: BatchPlan
        do {
            plan = try BatchPlan(scenePaths: [scenePath], overrides: overrides, episodes: 1, seed: batchSeed,
                                 policyName: spec.description)
        } catch {
            throw ABIError(.sceneError, "\(error)")
        }
        let scene = plan.scenes[0]
        let player = EpisodePlayer(scene: scene, overrides: overrides, policyName: spec.description,
                                   makePolicy: try spec.factory(actionSize: scene.actionSize))
        switch player.play(index: index, seed: EpisodeSeeds.seed(batchSeed: batchSeed, index: index)) {
        case let .finished(record, _): return record
        case .abandoned: throw ABIError(.failed, "the episode was abandoned")
        }
    }
}
