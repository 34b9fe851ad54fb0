import ArgumentParser
import Foundation
import Runner

// `tground report DIR…`: one self-contained HTML page from batch directories.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an HTML report of batch results (success rates, outcomes, histograms).",
        discussion: """
            Reads batch directories (what `tground batch` or `tground merge` wrote:
            manifest.json and episodes.jsonl) and writes one HTML page with everything
            inline — CSS and SVG charts, no scripts, fonts or network — to keep as a CI
            artifact or open in any browser:

              • success rate per task, with 95% Wilson interval whiskers, and the
                baseline's rate beside it when --baseline is given;
              • a table of baseline against current: counts, change, z, p-value, verdict;
              • outcomes per task as stacked bars (success and each failure reason);
              • per task, histograms of episode return and cycle time.

            Each scene of a directory is a task. With --baseline, a scene is compared with
            the baseline task that ran the same scene contents (scene hash, after --set
            overrides) with the same policy — or else the baseline task named like the
            scene, with a warning — by the test `tground regress` uses: a one-sided
            two-proportion z-test (pooled) at --alpha. `tground regress --junit FILE`
            writes the same page for a suite run beside its JUnit file.

            EXAMPLES
              tground report runs/stand_push
              tground report runs/shard0 runs/shard1 --out report.html
              tground report runs/nightly --baseline Scenes/regress/baseline.json --out nightly.html
              tground report runs/experts/* --format markdown --metric parts_per_minute
            """
    )

    @Argument(help: "Batch directories (each with manifest.json and episodes.jsonl).")
    var directories: [String]

    @Option(help: "A regress baseline file (JSON) to compare with.")
    var baseline: String?

    @Option(help: "The HTML file to write (default: report.html in the first directory).")
    var out: String?

    @Option(help: "Significance level of the one-sided test against the baseline.")
    var alpha: Double = 0.01

    @Option(help: "html (the page) or markdown (one table row per task; to --out, or standard output).")
    var format: String = "html"

    @Option(parsing: .upToNextOption, help: "Task metrics to add as columns of the markdown table (e.g. parts_per_minute).")
    var metric: [String] = []

    func validate() throws {
        guard !directories.isEmpty else { throw ValidationError("give at least one batch directory") }
        guard alpha > 0, alpha < 0.5 else { throw ValidationError("--alpha must be between 0 and 0.5, got \(alpha)") }
        guard ["html", "markdown"].contains(format) else { throw ValidationError("--format must be html or markdown, got '\(format)'") }
    }

    func run() throws {
        do {
            let held = try baseline.map { try RegressionBaseline.read(from: $0) }
            let page = try ReportPage.batches(directories, baseline: held, baselineFile: baseline, alpha: alpha)
            for warning in page.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
            if format == "markdown" {
                let table = MarkdownReport.markdown(for: page, metrics: metric)
                if let out {
                    try table.write(toFile: out, atomically: true, encoding: .utf8)
                    print("wrote \(out): \(page.tasks.count) task\(page.tasks.count == 1 ? "" : "s")")
                } else {
                    print(table, terminator: "")
                }
                return
            }
            let path = out ?? (directories[0] as NSString).appendingPathComponent("report.html")
            try HTMLReport.write(page, to: path)
            print("wrote \(path): \(page.tasks.count) task\(page.tasks.count == 1 ? "" : "s"), "
                  + "\(page.tasks.reduce(0) { $0 + $1.episodes }) episodes")
        } catch let error as BatchError {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(2)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
