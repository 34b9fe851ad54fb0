import ArgumentParser
import Foundation
import Runner
import Scene

// `tground regress`: run a suite's seeded episodes and gate on success rates against a
// stored baseline, for CI.
struct RegressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regress",
        abstract: "Run a regression suite and fail when a task's success rate dropped.",
        discussion: """
            Runs every task of the suite — its seeded episodes, on all workers — and
            compares each task's success rate with the baseline file. Prints a table
            (task, baseline rate, current rate with its 95% Wilson interval, p-value,
            floor, verdict), optionally writes JUnit XML and an HTML report, and exits
            with status 1 when any task regressed.

            THE TEST
              For each task, with k₀/n₀ successes in the baseline and k₁/n₁ now:
                p = (k₀ + k₁) / (n₀ + n₁)                       pooled rate
                z = (k₀/n₀ − k₁/n₁) / √(p(1 − p)(1/n₀ + 1/n₁))
                p-value = Φ(−z)          one-sided: "the current rate is lower"
              The task FAILS when p-value < α (α = 0.01 unless --alpha says otherwise),
              when its success rate k₁/n₁ is below the suite's `floor`, or when any
              episode ended in an error (an exception is a bug, not a statistic). When both
              samples are all successes or all failures, z = 0 and p = 1. A significant
              rise (Φ(z) < α) passes and is marked "improved": write a new baseline.
              Few episodes make a blunt gate: with 8 per task, 8/8 → 2/8 fails
              (p ≈ 0.001) but 8/8 → 6/8 does not (p ≈ 0.07).

            THE SUITE (YAML; errors name file:line: key.path)
              format: 1
              name: core
              tasks:
                - name: stand_still            # unique; the baseline's key
                  scene: stand_push.yaml       # relative to the suite file
                  set: [task.params.first_push=100, task.episode_seconds=2]
                  episodes: 8
                  seed: 1                      # episode i uses EpisodeSeeds(seed, i)
                  policy: zero                 # zero, random or expert
                  floor: 0.9                   # optional, 0…1

            THE BASELINE (JSON, written by --write-baseline)
              format, suite, tground version, build, and per task: successes,
              episodes, seed, policy, overrides, scene hash, failure reasons and the
              seeds that failed. A baseline of another suite or task set, or a corrupt
              one, is an error (exit 2) before any episode runs; nothing is written.

            OUTPUTS
              --junit FILE     JUnit XML: one testcase per task, a <failure> with the
                               numbers when it failed. The HTML report goes beside it
                               (FILE with .html), unless --report names another file.
              --json FILE      the results as JSON.
              Files are written whole (temporary file, then rename).

            EXIT STATUS
              0 every task passed (or the baseline was written and no floor was missed)
              1 a task regressed, fell below its floor, or had an episode error
              2 the suite, a scene or the baseline could not be used

            EXAMPLES
              tground regress --suite Scenes/regress/suite.yaml --baseline Scenes/regress/baseline.json
              tground regress --suite Scenes/regress/suite.yaml --baseline Scenes/regress/baseline.json \\
                  --junit build/regress.xml --workers 2
              tground regress --suite Scenes/regress/suite.yaml --baseline Scenes/regress/baseline.json \\
                  --write-baseline
            """
    )

    @Option(help: "The suite file (YAML).")
    var suite: String

    @Option(help: "The baseline file (JSON): read and compared, or written with --write-baseline.")
    var baseline: String

    @Option(help: "Write JUnit XML here, and the HTML report beside it.")
    var junit: String?

    @Option(help: "Write the HTML report here (default: beside the JUnit file).")
    var report: String?

    @Option(help: "Write the results as JSON here.")
    var json: String?

    @Flag(help: "Run the suite and write the baseline file instead of comparing.")
    var writeBaseline = false

    @Option(help: "Worker threads, each running one episode at a time in its own world.")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Significance level of the one-sided test.")
    var alpha: Double = 0.01

    func validate() throws {
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1, got \(workers)") }
        guard alpha > 0, alpha < 0.5 else { throw ValidationError("--alpha must be between 0 and 0.5, got \(alpha)") }
    }

    func run() throws {
        // Exit status 1 is the gate's alone: every other failure is 2.
        do {
            try gate()
        } catch let exit as ExitCode {
            throw exit
        } catch let error as BatchError {
            throw fail(error.message)
        } catch {
            throw fail("\(error)")
        }
    }

    private func gate() throws {
        // Everything that can be wrong with the inputs is found before any episode runs.
        let suiteFile = try RegressionSuite.load(path: suite)
        var warnings: [String] = []
        var held: RegressionBaseline?
        if !writeBaseline {
            let read = try RegressionBaseline.read(from: baseline)
            warnings += try read.check(against: suiteFile, file: baseline)
            held = read
        }
        let plans = try RegressionRunner.plan(suiteFile)
        warnings += held?.sceneWarnings(plans) ?? []
        let reportPath = report ?? junit.map(Self.reportPath(besideJUnit:))
        for path in [junit, reportPath, json, writeBaseline ? baseline : nil].compactMap({ $0 }) {
            try makeFolder(for: path)
        }
        for warning in warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }

        let stop = BatchStop()
        let trap = SignalTrap(stop: stop)
        let episodes = suiteFile.tasks.reduce(0) { $0 + $1.episodes }
        note("regress: suite \(suiteFile.name), \(suiteFile.tasks.count) tasks, \(episodes) episodes, \(workers) workers")
        let runs = try RegressionRunner.run(plans, workers: workers, stop: stop) { run, index in
            note(String(format: "[%d/%d] %@: %d/%d succeeded in %.1f s", index + 1, suiteFile.tasks.count, run.task.name,
                        run.summary.successes, run.summary.episodes, run.wallSeconds))
        }
        trap.cancel()

        let result = RegressionResult(suite: suiteFile, runs: runs, baseline: held, baselineFile: held == nil ? nil : baseline,
                                      alpha: alpha, warnings: warnings)
        if writeBaseline {
            try RegressionBaseline(suite: suiteFile, runs: runs).write(to: baseline)
            note("wrote the baseline \(baseline)")
        }
        print(result.table())
        if let junit {
            try JUnitReport.write(result, to: junit)
            note("wrote \(junit)")
        }
        if let reportPath {
            try HTMLReport.write(ReportPage(regression: result, runs: runs), to: reportPath)
            note("wrote \(reportPath)")
        }
        if let json {
            try result.write(to: json)
            note("wrote \(json)")
        }
        if result.failed { throw ExitCode(1) }
    }

    /// `out/regress.xml` → `out/regress.html`.
    static func reportPath(besideJUnit path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let stem = url.pathExtension.isEmpty ? path : String(path.dropLast(url.pathExtension.count + 1))
        return stem + ".html"
    }

    private func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Prints `message` and gives the exit status of unusable inputs.
    private func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(2)
    }

    /// Creates the folder `path` goes in, when it has one that is missing.
    private func makeFolder(for path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        guard !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) else { return }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw BatchError("cannot create the folder \(folder) for \(path): \(error.localizedDescription)")
        }
    }
}
