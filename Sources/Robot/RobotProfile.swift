// RobotProfile: what tasks and controllers need to know about a robot beyond its
// kinematics — which links are feet and hands, where the camera and IMU are, and how it
// stands. Read from a small JSON sidecar next to (or named for) the robot file.
import Foundation
import Physics

public struct GripperProfile: Codable, Sendable, Hashable {
    public var name: String
    /// The link the fingers hang from.
    public var palm: String
    /// A frame between the fingertips where a grasped part sits.
    public var graspFrame: String
    /// Actuated finger joints (followers of a mimic are driven by their leader).
    public var joints: [String]
    /// Joint positions (m or rad) of the open and closed gripper.
    public var open: Double
    public var closed: Double

    enum CodingKeys: String, CodingKey {
        case name, palm, joints, open, closed
        case graspFrame = "grasp_frame"
    }
}

/// Gait timing suited to a robot's legs and servos (s); unset values keep the walking
/// controller's defaults.
public struct GaitProfile: Codable, Sendable, Hashable {
    public var swingDuration: Double?
    public var doubleSupportDuration: Double?
    public var startDuration: Double?

    enum CodingKeys: String, CodingKey {
        case swingDuration = "swing_duration"
        case doubleSupportDuration = "double_support_duration"
        case startDuration = "start_duration"
    }
}

/// Self-collision of a robot's own links in its scenes (see RobotSelfCollision): on for the
/// robot's scenes unless `enabled` is false (a scene's `robot.self_collision` decides last);
/// `exclude` lists pairs of links kept apart anyway, each for a stated physical reason.
public struct SelfCollisionProfile: Codable, Sendable, Hashable {
    public var enabled: Bool?
    public var exclude: [[String]]?

    public init(enabled: Bool? = nil, exclude: [[String]]? = nil) {
        self.enabled = enabled
        self.exclude = exclude
    }
}

public struct RobotProfile: Codable, Sendable, Hashable {
    /// The robot file, relative to the profile's directory.
    public var robot: String
    public var pelvis: String
    public var feet: [String]
    /// Frames on the soles (or the feet when there are none), for support polygons.
    public var soles: [String]
    public var hands: [String]
    public var grippers: [GripperProfile]
    public var headCamera: String?
    public var imu: String?
    /// Joint positions of the nominal standing pose; joints not named stay at 0.
    public var standingPose: [String: Double]
    /// Height (m) of the root link's frame above a flat floor in the standing pose.
    public var standingBaseHeight: Double
    /// Optional gait timing for the walking controller.
    public var gait: GaitProfile?
    /// Self-collision in the robot's scenes; nil: off (the builder's default).
    public var selfCollision: SelfCollisionProfile?

    enum CodingKeys: String, CodingKey {
        case robot, pelvis, feet, soles, hands, grippers
        case headCamera = "head_camera"
        case imu
        case standingPose = "standing_pose"
        case standingBaseHeight = "standing_base_height"
        case gait
        case selfCollision = "self_collision"
    }

    /// Whether the robot's scenes build it with self-collision unless they say otherwise.
    public var selfCollisionByDefault: Bool { selfCollision.map { $0.enabled ?? true } ?? false }

    /// Reads a profile file. Errors name the file and what is missing or malformed.
    public static func load(path: String) throws -> RobotProfile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportError(file: path, line: 0, message: "cannot read the robot profile (missing or unreadable)")
        }
        do {
            let profile = try JSONDecoder().decode(RobotProfile.self, from: data)
            if let gait = profile.gait {
                let times = [("swing_duration", gait.swingDuration), ("double_support_duration", gait.doubleSupportDuration),
                             ("start_duration", gait.startDuration)]
                for case let (key, value?) in times where !(value.isFinite && value > 0 && value <= 5) {
                    throw ImportError(file: path, line: 0, message: "gait.\(key): must be a time in (0, 5] s, got \(value)")
                }
            }
            return profile
        } catch let error as ImportError {
            throw error
        } catch let DecodingError.keyNotFound(key, context) {
            throw ImportError(file: path, line: 0, message: "\(Self.path(context.codingPath + [key])): required key is missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw ImportError(file: path, line: 0, message: "\(Self.path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw ImportError(file: path, line: 0, message: "\(Self.path(context.codingPath)): value is null")
        } catch {
            throw ImportError(file: path, line: 0, message: "not valid JSON: \(error.localizedDescription)")
        }
    }

    /// The robot file named by a profile at `profilePath`, as an absolute path.
    public func robotPath(relativeTo profilePath: String) -> String {
        if robot.hasPrefix("/") { return robot }
        return URL(fileURLWithPath: profilePath).deletingLastPathComponent().appendingPathComponent(robot).standardized.path
    }

    /// Checks that every name in the profile exists in `model`.
    public func validate(against model: RobotModel, file: String) throws {
        let links = Set(model.links.map(\.name))
        let joints = Set(model.joints.map(\.name))
        var frameNames = [pelvis] + feet + soles + hands + grippers.flatMap { [$0.palm, $0.graspFrame] }
        frameNames += [headCamera, imu].compactMap { $0 }
        for name in frameNames where !links.contains(name) {
            throw ImportError(file: file, line: 0, message: "profile names link \(name), which robot \(model.name) lacks")
        }
        for name in Array(standingPose.keys) + grippers.flatMap(\.joints) where !joints.contains(name) {
            throw ImportError(file: file, line: 0, message: "profile names joint \(name), which robot \(model.name) lacks")
        }
        for (number, pair) in (selfCollision?.exclude ?? []).enumerated() {
            guard pair.count == 2 else {
                throw ImportError(file: file, line: 0, message: "self_collision.exclude[\(number)]: a pair names two links, got \(pair.count)")
            }
            for name in pair where !links.contains(name) {
                throw ImportError(file: file, line: 0,
                                  message: "self_collision.exclude[\(number)]: profile names link \(name), which robot \(model.name) lacks")
            }
        }
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }
}
