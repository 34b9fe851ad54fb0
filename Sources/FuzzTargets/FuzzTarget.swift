// FuzzTarget: the parsers a fuzzer feeds arbitrary bytes — URDF, MJCF, scene files, replay
// records and regression baselines. Each target takes one input and must end in a value or
// a thrown error: never a crash, a hang or a sanitizer report. `tground-fuzz` drives them
// with libFuzzer (Tools/fuzz/run); FuzzTargetsTests replays the seed and regression corpora.
import Foundation
import Physics
import Robot
import Runner
import Scene

public enum FuzzTarget: String, CaseIterable, Sendable {
    case urdf, mjcf, scene, replay, baseline

    /// What one input led to: parsed (with a short description) or rejected (the error).
    public enum Outcome: Equatable {
        case accepted(String)
        case rejected(String)
    }

    /// Runs one input. Robot files are written into `scratch` (a directory of the caller's,
    /// empty but for the input) because importers resolve includes and meshes from the
    /// file's folder; a robot that imports is also built into a physics world and stepped.
    public func run(_ bytes: [UInt8], scratch: String) -> Outcome {
        do {
            switch self {
            case .urdf, .mjcf:
                let path = scratch + "/input." + (self == .urdf ? "urdf" : "xml")
                guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
                    return .rejected("cannot write \(path)")
                }
                let model = try RobotImporter.load(path: path)
                let world = try World()
                _ = try RobotBuilder.build(model, in: world)
                for _ in 0..<4 { try world.step() }
                return .accepted("\(model.links.count) links, \(model.joints.count) joints")
            case .scene:
                let spec = try SceneFileLoader.decode(yaml: String(decoding: bytes, as: UTF8.self),
                                                      file: scratch + "/input.yaml")
                return .accepted("scene \(spec.name)")
            case .replay:
                let recording = try EpisodeRecording(bytes: bytes, file: "input.tgrec")
                return .accepted("\(recording.stepCount) steps")
            case .baseline:
                let baseline = try RegressionBaseline.decode(Data(bytes), file: "input.json")
                return .accepted("\(baseline.tasks.count) tasks")
            }
        } catch {
            let text = "\(error)"
            return .rejected(text.isEmpty ? "\(type(of: error)) with no message" : text)
        }
    }

    /// The file extensions of this target's seeds.
    public var seedExtensions: Set<String> {
        switch self {
        case .urdf: return ["urdf"]
        case .mjcf: return ["xml", "mjcf"]
        case .scene: return ["yaml", "yml"]
        case .replay: return ["tgrec"]
        case .baseline: return ["json"]
        }
    }
}
