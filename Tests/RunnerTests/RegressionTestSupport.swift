// Shared fixtures of the regress and report tests: suite files on the repository's
// stand_push scene, and hand-made task runs for the tests that need no physics.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import Runner

enum RegressionTestSupport {
    /// stand_push with the pushes pushed past the end, 1.5 s episodes and a 1/120 s step:
    /// the zero policy stands through every episode, the random policy falls in nearly all.
    static let quietStandOverrides = [
        "task.params.first_push=100", "task.episode_seconds=1.5",
        "world.time_step=0.008333333333333333", "world.solver_iterations=20",
    ]

    /// A one-task suite on stand_push (absolute path) with `policy` and `episodes` seeded episodes.
    static func standSuite(name: String = "gate", task: String = "stand_still", policy: String, episodes: Int = 6,
                           seed: UInt64 = 1, floor: Double? = nil) -> String {
        """
        format: 1
        name: \(name)
        tasks:
          - name: \(task)
            scene: \(BatchTestSupport.standPush)
            set: [\(quietStandOverrides.joined(separator: ", "))]
            episodes: \(episodes)
            seed: \(seed)
            policy: \(policy)
        \(floor.map { "    floor: \($0)" } ?? "")
        """
    }

    /// Writes `text` to `directory/name` and returns the path.
    @discardableResult
    static func write(_ text: String, to directory: String, name: String) throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A record of a hand-made episode.
    static func record(scene: String = "stand_push", episode: Int, success: Bool, reason: String? = nil,
                       episodeReturn: Double = 1, cycleTime: Double? = nil) -> EpisodeRecord {
        EpisodeRecord(scene: scene, task: "stand_push", episode: episode,
                      seed: EpisodeSeeds.seed(batchSeed: 1, index: episode), policy: "zero", success: success,
                      failureReason: success ? nil : (reason ?? "fell"), episodeReturn: episodeReturn, length: 10,
                      physicsSteps: 40, simulatedSeconds: 1, metrics: cycleTime.map { ["cycle_time": $0] } ?? [:],
                      wallSeconds: 0.01, stepsPerSecond: 4000, trajectoryHash: hexHash(UInt64(episode)))
    }

    /// A hand-made run of a task: `successes` of `episodes` succeed; the failures cycle
    /// through `reasons`.
    static func run(name: String, successes: Int, episodes: Int, reasons: [String] = ["fell"], floor: Double? = nil,
                    returns: (Int) -> Double = { Double($0) }, cycleTimes: Bool = false) -> TaskRun {
        let records = (0..<episodes).map { index in
            record(episode: index, success: index < successes,
                   reason: reasons[(index - successes + reasons.count * episodes) % reasons.count],
                   episodeReturn: returns(index), cycleTime: cycleTimes && index < successes ? 10 + Double(index) : nil)
        }
        let task = SuiteTask(name: name, scene: "stand_push.yaml", episodes: episodes, seed: 1, policy: "zero", floor: floor)
        return TaskRun(task: task, sceneName: "stand_push", sceneHash: 42, taskKind: "stand_push", records: records,
                       wallSeconds: 0.5)
    }

    /// The suite the hand-made runs belong to.
    static func suite(_ runs: [TaskRun], name: String = "core") -> RegressionSuite {
        RegressionSuite(file: "suite.yaml", name: name, tasks: runs.map(\.task))
    }

    /// A baseline with the given counts per task name.
    static func baseline(_ counts: [(String, Int, Int)], suite: String = "core") -> RegressionBaseline {
        RegressionBaseline(suite: suite, tasks: counts.map { name, successes, episodes in
            BaselineTask(name: name, scene: "stand_push.yaml", sceneName: "stand_push", sceneHash: nil, overrides: [],
                         policy: "zero", seed: 1, episodes: episodes, successes: successes,
                         failureReasons: successes < episodes ? ["fell": episodes - successes] : [:], failedSeeds: nil)
        }, written: nil)
    }
}

/// A parsed XML document: every element with its attributes and direct text, in document order.
final class Parsed: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
        /// Names of the enclosing elements, outermost first.
        var ancestors: [String]
        /// Index of the nearest enclosing `svg` element in `elements`, if any.
        var svg: Int?
    }

    private(set) var elements: [Element] = []
    private(set) var ok = false
    private(set) var error = ""
    private var stack: [Int] = []

    init(_ text: String) {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        ok = parser.parse()
        if !ok { error = "line \(parser.lineNumber): \(parser.parserError.map { "\($0)" } ?? "?")" }
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let svg = elementName == "svg" ? nil : stack.last.flatMap { elements[$0].name == "svg" ? $0 : elements[$0].svg }
        elements.append(Element(name: elementName, attributes: attributeDict, ancestors: stack.map { elements[$0].name }, svg: svg))
        stack.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let last = stack.last { elements[last].text += string }
    }

    /// Elements whose `class` attribute holds `name`.
    func elements(withClass name: String) -> [Element] {
        elements.filter { ($0.attributes["class"] ?? "").split(separator: " ").contains(Substring(name)) }
    }
}
