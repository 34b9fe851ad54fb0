// ReportModel: what the HTML report shows, gathered from a regress run or from batch
// directories (manifest.json + episodes.jsonl) — per task the counts, the baseline, the
// verdict, the failure reasons and the raw returns and cycle times for the histograms.
import Foundation

/// One row of the report: a task (suite task, or a scene of a batch directory).
public struct ReportTask: Sendable, Equatable {
    public var name: String
    /// Scene, task kind and policy, for people (`scene stand_push · policy zero`).
    public var detail: String
    public var episodes: Int
    public var successes: Int
    /// Failure reason → episodes.
    public var failureReasons: [String: Int]
    /// Episode returns and cycle times (s); non-finite values are left out of the histograms.
    public var returns: [Double]
    public var cycleTimes: [Double]
    public var baselineSuccesses: Int?
    public var baselineEpisodes: Int?
    public var floor: Double?
    /// The z-test against the baseline, when there is one.
    public var test: ProportionTest?
    /// `pass`, `REGRESSED`, … ; nil when nothing was judged.
    public var verdict: String?
    public var failed: Bool
    /// Mean of each task metric over the episodes that report it (`parts_per_minute`, …).
    public var metricMeans: [String: Double] = [:]

    public init(name: String, detail: String, episodes: Int, successes: Int, failureReasons: [String: Int],
                returns: [Double], cycleTimes: [Double], baselineSuccesses: Int? = nil, baselineEpisodes: Int? = nil,
                floor: Double? = nil, test: ProportionTest? = nil, verdict: String? = nil, failed: Bool = false) {
        self.name = name
        self.detail = detail
        self.episodes = episodes
        self.successes = successes
        self.failureReasons = failureReasons
        self.returns = returns
        self.cycleTimes = cycleTimes
        self.baselineSuccesses = baselineSuccesses
        self.baselineEpisodes = baselineEpisodes
        self.floor = floor
        self.test = test
        self.verdict = verdict
        self.failed = failed
    }

    public var successRate: Double { episodes > 0 ? Double(successes) / Double(episodes) : 0 }
    public var successInterval: WilsonInterval { WilsonInterval(successes: successes, trials: episodes) }
    public var hasBaseline: Bool { baselineEpisodes.map { $0 > 0 } ?? false }
    public var baselineRate: Double? {
        guard let successes = baselineSuccesses, let episodes = baselineEpisodes, episodes > 0 else { return nil }
        return Double(successes) / Double(episodes)
    }
    public var baselineInterval: WilsonInterval? {
        guard let successes = baselineSuccesses, let episodes = baselineEpisodes, episodes > 0 else { return nil }
        return WilsonInterval(successes: successes, trials: episodes)
    }

    /// The segments of the task's outcome bar: `success` first, then failure reasons by
    /// count (largest first, ties by name); zero counts left out.
    public var outcomeSegments: [(label: String, count: Int)] {
        var segments: [(label: String, count: Int)] = successes > 0 ? [("success", successes)] : []
        segments += failureReasons.filter { $0.value > 0 }.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            .map { ($0.key, $0.value) }
        return segments
    }
}

/// The whole page.
public struct ReportPage: Sendable, Equatable {
    public var title: String
    /// Facts under the title (suite, baseline, build, date), one per line.
    public var facts: [String]
    /// nil: nothing was judged (a batch report without a baseline).
    public var failed: Bool?
    public var alpha: Double?
    public var tasks: [ReportTask]
    public var warnings: [String]

    public init(title: String, facts: [String], failed: Bool?, alpha: Double?, tasks: [ReportTask], warnings: [String] = []) {
        self.title = title
        self.facts = facts
        self.failed = failed
        self.alpha = alpha
        self.tasks = tasks
        self.warnings = warnings
    }

    /// The page of a regress run.
    public init(regression result: RegressionResult, runs: [TaskRun]) {
        let tasks = zip(result.tasks, runs).map { verdict, run in
            ReportTask(name: verdict.name, detail: Self.describe(scene: verdict.scene, task: verdict.taskKind, policy: verdict.policy),
                       episodes: verdict.episodes, successes: verdict.successes, failureReasons: verdict.failureReasons,
                       returns: run.records.map(\.episodeReturn), cycleTimes: run.records.compactMap(\.cycleTime),
                       baselineSuccesses: verdict.baselineSuccesses, baselineEpisodes: verdict.baselineEpisodes,
                       floor: verdict.floor, test: verdict.test, verdict: verdict.verdict, failed: verdict.failed)
        }
        var facts = ["suite \(result.suite) (\(result.suiteFile))"]
        if let baseline = result.baselineFile { facts.append("baseline \(baseline)") } else { facts.append("no baseline compared (writing one)") }
        facts += ["\(result.build)", "run \(result.date)"]
        self.init(title: "Regression report: \(result.suite)", facts: facts, failed: result.failed, alpha: result.alpha,
                  tasks: tasks, warnings: result.warnings)
    }

    /// The page of batch directories (each with manifest.json and episodes.jsonl; `tground
    /// batch` or `tground merge` output): one task per scene. With a baseline, a scene is
    /// compared with the baseline task that ran the same scene contents (SceneHash, after
    /// overrides) with the same policy, or else with the baseline task of the scene's name
    /// (with a warning when that one ran otherwise).
    public static func batches(_ directories: [String], baseline: RegressionBaseline? = nil, baselineFile: String? = nil,
                               alpha: Double = RegressionResult.defaultAlpha) throws -> ReportPage {
        guard !directories.isEmpty else { throw BatchError("report needs at least one batch directory") }
        var tasks: [ReportTask] = []
        var warnings: [String] = []
        var policies: [String] = []
        for directory in directories {
            guard let manifest = try BatchManifest.read(fromDirectory: directory) else {
                throw BatchError("\(directory) is not a batch directory (no \(BatchManifest.fileName))")
            }
            let log = try EpisodeLog.read(path: directory + "/" + EpisodeLog.fileName)
            warnings += log.warnings
            policies.append(manifest.policy)
            for scene in manifest.scenes {
                let records = log.records.filter { $0.scene == scene.name }
                let summary = TaskSummary(scene: scene.name, task: scene.task, records: records)
                var name = scene.name
                if tasks.contains(where: { $0.name == name }) {
                    name += " (\((directory as NSString).lastPathComponent))"
                }
                var task = ReportTask(
                    name: name, detail: describe(scene: scene.name, task: scene.task, policy: manifest.policy) + " · \(directory)",
                    episodes: summary.episodes, successes: summary.successes, failureReasons: summary.failureReasons,
                    returns: records.map(\.episodeReturn), cycleTimes: records.compactMap(\.cycleTime))
                task.metricMeans = metricMeans(records)
                if records.isEmpty { warnings.append("\(directory): no finished episodes of \(scene.name)") }
                if let baseline, let held = matching(baseline, scene: scene, policy: manifest.policy, warning: {
                    warnings.append("\(directory): \($0)")
                }) {
                    let test = ProportionTest(baselineSuccesses: held.successes, baselineTrials: held.episodes,
                                              currentSuccesses: summary.successes, currentTrials: max(summary.episodes, 1))
                    task.baselineSuccesses = held.successes
                    task.baselineEpisodes = held.episodes
                    if summary.episodes > 0 {
                        task.test = test
                        task.failed = test.dropped(alpha: alpha)
                        task.verdict = task.failed ? "REGRESSED" : (test.rose(alpha: alpha) ? "pass (improved)" : "pass")
                    }
                }
                tasks.append(task)
            }
        }
        var facts = ["batch directories: \(directories.joined(separator: ", "))",
                     "policy \(Array(Set(policies)).sorted().joined(separator: ", "))"]
        if let baselineFile { facts.append("baseline \(baselineFile)") }
        facts.append("report by tground \(TrainingGroundVersion), \(ISO8601DateFormatter().string(from: Date()))")
        let judged = tasks.filter { $0.verdict != nil }
        return ReportPage(title: "Batch report", facts: facts, failed: judged.isEmpty ? nil : judged.contains(where: \.failed),
                          alpha: baseline == nil ? nil : alpha, tasks: tasks, warnings: warnings)
    }

    /// The mean of each metric over the episodes that report a finite value of it.
    static func metricMeans(_ records: [EpisodeRecord]) -> [String: Double] {
        var sums: [String: (total: Double, count: Int)] = [:]
        for record in records {
            for (name, value) in record.metrics where value.isFinite {
                sums[name, default: (0, 0)].total += value
                sums[name, default: (0, 0)].count += 1
            }
        }
        return sums.mapValues { $0.total / Double($0.count) }
    }

    /// `scene pick_place · policy expert`, naming the task kind too when the scene's name is not it.
    static func describe(scene: String, task: String, policy: String) -> String {
        (scene == task ? "scene \(scene)" : "scene \(scene) (task \(task))") + " · policy \(policy)"
    }

    /// The baseline task to compare a batch scene with: the only one that ran the same scene
    /// contents (hash) with the same policy (by name when several did); else the one of the
    /// same name, with a warning saying what differs.
    private static func matching(_ baseline: RegressionBaseline, scene: BatchManifest.SceneEntry, policy: String,
                                 warning: (String) -> Void) -> BaselineTask? {
        let same = baseline.tasks.filter { $0.sceneHash == scene.hash && $0.policy == policy }
        if same.count == 1 { return same[0] }
        if let named = same.first(where: { $0.name == scene.name }) { return named }
        guard let named = baseline.task(named: scene.name) else { return nil }
        var differences: [String] = []
        if let hash = named.sceneHash, hash != scene.hash { differences.append("scene hash \(hash) → \(scene.hash)") }
        if named.policy != policy { differences.append("policy \(named.policy) → \(policy)") }
        if !differences.isEmpty {
            warning("\(scene.name) is compared with the baseline task of the same name, which ran otherwise: "
                    + differences.joined(separator: ", "))
        }
        return named
    }
}
