// BatchPlan: which episodes a batch runs — scenes loaded and checked, seeds derived, the
// shard applied — before any worker starts or any file is written.
import Foundation
import Scene
import Tasks

public struct BatchPlan: Sendable {
    /// A scene of the batch, loaded with the batch's overrides.
    public struct PlannedScene: Sendable {
        public var name: String
        public var task: String
        /// Absolute path of the scene file.
        public var file: String
        /// `SceneHash` of the loaded scene.
        public var hash: UInt64
        public var spec: SceneSpec
        /// Entries per action of the scene's robot.
        public var actionSize: Int
    }

    /// One episode to run: a scene, the episode index and its seed.
    public struct Job: Sendable, Hashable {
        public var sceneIndex: Int
        public var episode: Int
        public var seed: UInt64
    }

    public let scenes: [PlannedScene]
    public let overrides: [String]
    /// Episodes per scene before sharding.
    public let episodes: Int
    public let seed: UInt64
    public let policyName: String
    public let shard: ShardSpec?
    /// This machine's episodes, scene by scene, in episode order.
    public let jobs: [Job]

    /// Loads every scene (an unreadable or invalid scene is an error naming its file and
    /// line) and builds one episode of each to check it runs.
    public init(scenePaths: [String], overrides: [String] = [], episodes: Int, seed: UInt64, policyName: String,
                shard: ShardSpec? = nil) throws {
        guard !scenePaths.isEmpty else { throw BatchError("no scene given") }
        guard episodes >= 1, episodes <= 100_000_000 else {
            throw BatchError("--episodes must be between 1 and 100000000, got \(episodes)")
        }
        var scenes: [PlannedScene] = []
        for path in scenePaths {
            let spec: SceneSpec
            let actionSize: Int
            do {
                spec = try SceneFileLoader.load(path: path, overrides: overrides)
                actionSize = try Episode(scene: spec, seed: seed).actionSize
            } catch let error as SceneError {
                throw BatchError("\(error)")
            } catch {
                throw BatchError("\(path): the scene does not build: \(error)")
            }
            if let twin = scenes.first(where: { $0.name == spec.name }) {
                throw BatchError("\(path) and \(twin.file) are both named '\(spec.name)'; scene names in a batch must differ")
            }
            scenes.append(PlannedScene(name: spec.name, task: spec.task.name, file: spec.sourceFile,
                                       hash: try SceneHash.of(spec), spec: spec, actionSize: actionSize))
        }
        self.scenes = scenes
        self.overrides = overrides
        self.episodes = episodes
        self.seed = seed
        self.policyName = policyName
        self.shard = shard
        var jobs: [Job] = []
        for sceneIndex in scenes.indices {
            for episode in 0..<episodes where shard?.contains(episodeIndex: episode) ?? true {
                jobs.append(Job(sceneIndex: sceneIndex, episode: episode,
                                seed: EpisodeSeeds.seed(batchSeed: seed, index: episode)))
            }
        }
        self.jobs = jobs
    }

    public func key(of job: Job) -> EpisodeKey {
        EpisodeKey(scene: scenes[job.sceneIndex].name, seed: job.seed, policy: policyName)
    }

    /// The summary rows: one per scene, in the order given.
    public var summaryRows: [(scene: String, task: String)] { scenes.map { ($0.name, $0.task) } }
}
