// RegressionRunner: plays a suite's tasks — every task's seeded episodes through the batch
// engine (BatchPlan + BatchRunner: one world per worker thread) — and hands back what
// each task came to. Every scene is loaded and checked before the first episode runs.
import Foundation
import Scene

/// What one suite task came to.
public struct TaskRun: Sendable {
    public var task: SuiteTask
    /// The scene's own name and its SceneHash after the task's overrides.
    public var sceneName: String
    public var sceneHash: UInt64
    /// The task kind the scene runs (`stand_push`, …).
    public var taskKind: String
    /// Every episode, in episode order.
    public var records: [EpisodeRecord]
    public var summary: TaskSummary
    /// Wall time of the task's episodes (s, all workers).
    public var wallSeconds: Double

    public init(task: SuiteTask, sceneName: String, sceneHash: UInt64, taskKind: String, records: [EpisodeRecord],
                wallSeconds: Double) {
        self.task = task
        self.sceneName = sceneName
        self.sceneHash = sceneHash
        self.taskKind = taskKind
        self.records = records
        self.wallSeconds = wallSeconds
        summary = TaskSummary(scene: sceneName, task: taskKind, records: records)
    }

    /// Seeds of the episodes that failed, in episode order.
    public var failedSeeds: [UInt64] { records.filter { !$0.success }.map(\.seed) }
}

public enum RegressionRunner {
    /// A suite task ready to run: its batch plan (scene loaded and built once) and its
    /// policy's factory (checked against the scene).
    public struct PlannedTask: Sendable {
        public var task: SuiteTask
        public var plan: BatchPlan
        public var makePolicy: PolicyFactory
    }

    /// Plans every task, in suite order. Errors (a scene that does not load or build, a bad
    /// override, a policy the task has none of) name the suite file and line, then the
    /// scene's own error.
    public static func plan(_ suite: RegressionSuite) throws -> [PlannedTask] {
        try suite.tasks.enumerated().map { index, task in
            let here = "\(suite.file):\(task.line): tasks[\(index)] (\(task.name))"
            do {
                _ = try SceneFileLoader.load(path: task.scenePath, overrides: task.overrides)
            } catch let error as SceneError where error.file == SceneFileLoader.overrideFile {
                throw SceneError(file: suite.file, line: task.overridesLine, keyPath: "tasks[\(index)].set",
                                 message: error.keyPath.isEmpty ? error.message : "\(error.keyPath): \(error.message)")
            } catch let error as SceneError {
                throw BatchError("\(here): scene \(task.scene): \(error)")
            }
            do {
                let plan = try BatchPlan(scenePaths: [task.scenePath], overrides: task.overrides, episodes: task.episodes,
                                         seed: task.seed, policyName: task.policy)
                return PlannedTask(task: task, plan: plan, makePolicy: try task.policySpec().factory(for: plan))
            } catch let error as BatchError {
                throw BatchError("\(here): \(error.message)")
            }
        }
    }

    /// Runs every task's episodes with `workers` threads (tasks one after another, the
    /// episodes of a task in parallel) and returns one TaskRun per task, in suite order.
    /// `progress` hears about each task as it finishes. A requested `stop` ends the run early
    /// with a BatchError (a partial run is never compared or written as a baseline).
    public static func run(_ planned: [PlannedTask], workers: Int, stop: BatchStop = BatchStop(),
                           progress: (_ finished: TaskRun, _ index: Int) -> Void = { _, _ in }) throws -> [TaskRun] {
        var runs: [TaskRun] = []
        for (index, item) in planned.enumerated() {
            guard let scene = item.plan.scenes.first else { throw BatchError("task \(item.task.name) has no scene") }
            let runner = try BatchRunner(plan: item.plan, options: BatchOptions(workers: workers), makePolicy: item.makePolicy)
            let result = try runner.run(stop: stop)
            if result.interrupted || result.records.count != item.plan.jobs.count {
                throw BatchError("the run was interrupted during task \(item.task.name) "
                                 + "(\(result.records.count) of \(item.plan.jobs.count) episodes); nothing was compared or written")
            }
            let run = TaskRun(task: item.task, sceneName: scene.name, sceneHash: scene.hash, taskKind: scene.task,
                              records: result.records, wallSeconds: result.summary.run?.wallSeconds ?? 0)
            progress(run, index)
            runs.append(run)
        }
        return runs
    }

    /// Plans and runs `suite` (the tests' and library callers' one-call form).
    public static func run(_ suite: RegressionSuite, workers: Int, stop: BatchStop = BatchStop()) throws -> [TaskRun] {
        try run(try plan(suite), workers: workers, stop: stop)
    }
}
