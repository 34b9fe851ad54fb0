// BatchEpisodeBridge: one batch episode (index i of a batch seeded S) run exactly as
// `tground batch` runs it, returned as its EpisodeRecord.
import Runner
import Scene

enum BatchEpisodeBridge {
    static func run(scene: SceneSpec, batchSeed: UInt64, index: Int, policy: PolicyKind) throws -> EpisodeRecord {
        let seed = EpisodeSeeds.seed(batchSeed: batchSeed, index: index)
        let outcome = try EpisodeRunner.run(scene: scene, seed: seed, policy: policy)
        let physicsStepsPerControl = Int((1 / (scene.task.controlHz * scene.world.timeStep)).rounded())
        let physicsSteps = outcome.length * physicsStepsPerControl
        return EpisodeRecord(
            scene: outcome.scene, task: outcome.task, episode: index, seed: seed, policy: outcome.policy,
            success: outcome.success, failureReason: outcome.failureReason, episodeReturn: outcome.episodeReturn,
            length: outcome.length, physicsSteps: physicsSteps, simulatedSeconds: outcome.simulatedSeconds,
            metrics: outcome.metrics, wallSeconds: outcome.wallSeconds, stepsPerSecond: outcome.stepsPerSecond,
            trajectoryHash: hexHash(UInt64(outcome.trajectoryHash, radix: 16) ?? 0))
    }
}
