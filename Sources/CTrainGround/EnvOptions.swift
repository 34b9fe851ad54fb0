// EnvOptions: the options JSON given to tg_env_create / tg_vec_create, decoded and checked.
//
//   {
//     "overrides": ["task.episode_seconds=5", "robot.yaw=0.5"]   (or an object:
//                  {"task.episode_seconds": 5, "robot.position": [0, 1, 0]}),
//     "seed": 0,                        first episode's seed (default 0)
//     "render_width": 320,              pixels (default 320)
//     "render_height": 240,             pixels (default 240)
//     "camera": {"position": [x, y, z], "target": [x, y, z], "fov_degrees": 45}
//                                       metres, world frame; default: a camera that
//                                       follows the robot's base from the front left
//     "cameras": ["head", "overhead"]   scene camera sensors to render (tg_env_camera);
//                                       single envs only; default none
//   }
import Foundation
import Physics

struct EnvOptions {
    /// `key.path=value` scene overrides, applied after the file's base chain.
    var overrides: [String] = []
    var seed: UInt64 = 0
    var renderWidth = 320
    var renderHeight = 240
    /// A fixed render camera; nil: follow the robot.
    var cameraPosition: Vector3?
    var cameraTarget: Vector3?
    /// Vertical field of view (rad).
    var cameraFieldOfView = 45 * Double.pi / 180
    /// Scene camera sensors the env renders (names checked when the env is made).
    var cameras: [String] = []

    static let keys = ["overrides", "seed", "render_width", "render_height", "camera", "cameras"]

    /// Decodes `json` (NULL or "" mean all defaults).
    init(json: UnsafePointer<CChar>?) throws {
        guard let json, json.pointee != 0 else { return }
        let text = String(cString: json)
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            throw ABIError(.invalidArgument, "options are not valid JSON: \(text)")
        }
        guard let object = parsed as? [String: Any] else {
            throw ABIError(.invalidArgument, "options must be a JSON object, got: \(text)")
        }
        for key in object.keys where !Self.keys.contains(key) {
            throw ABIError(.invalidArgument, "unknown option '\(key)' (known: \(Self.keys.joined(separator: ", ")))")
        }
        overrides = try Self.overrides(object["overrides"])
        if let value = object["seed"] { seed = try Self.unsigned(value, "seed") }
        if let value = object["render_width"] { renderWidth = try Self.pixels(value, "render_width") }
        if let value = object["render_height"] { renderHeight = try Self.pixels(value, "render_height") }
        if let value = object["cameras"] {
            guard let names = value as? [String] else {
                throw ABIError(.invalidArgument, "cameras must be a list of scene camera names")
            }
            guard Set(names).count == names.count else { throw ABIError(.invalidArgument, "cameras lists a camera twice") }
            cameras = names
        }
        if let value = object["camera"] {
            guard let camera = value as? [String: Any] else { throw ABIError(.invalidArgument, "camera must be an object") }
            cameraPosition = try camera["position"].map { try Self.vector($0, "camera.position") }
            cameraTarget = try camera["target"].map { try Self.vector($0, "camera.target") }
            if let fov = camera["fov_degrees"] {
                guard let degrees = (fov as? NSNumber)?.doubleValue, degrees > 1, degrees < 179 else {
                    throw ABIError(.invalidArgument, "camera.fov_degrees must be a number in (1, 179)")
                }
                cameraFieldOfView = degrees * Double.pi / 180
            }
        }
    }

    private static func overrides(_ value: Any?) throws -> [String] {
        switch value {
        case nil, is NSNull: return []
        case let list as [Any]:
            return try list.map { item in
                guard let text = item as? String else { throw ABIError(.invalidArgument, "overrides must be strings key.path=value") }
                return text
            }
        case let map as [String: Any]:
            return try map.keys.sorted().map { "\($0)=\(try yaml(map[$0] as Any, $0))" }
        default:
            throw ABIError(.invalidArgument, "overrides must be a list of \"key.path=value\" or an object")
        }
    }

    /// A JSON value as the YAML text of a `--set` override.
    private static func yaml(_ value: Any, _ key: String) throws -> String {
        switch value {
        case let number as NSNumber:
            // JSON booleans arrive as NSNumber with Objective-C type "c" (char).
            if String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
            return "\(number.doubleValue)"
        case let text as String: return text
        case let list as [Any]: return "[" + (try list.map { try yaml($0, key) }).joined(separator: ", ") + "]"
        default: throw ABIError(.invalidArgument, "override \(key): only numbers, strings, booleans and lists")
        }
    }

    private static func unsigned(_ value: Any, _ name: String) throws -> UInt64 {
        guard let number = value as? NSNumber, number.doubleValue >= 0, number.doubleValue == number.doubleValue.rounded()
        else { throw ABIError(.invalidArgument, "\(name) must be an unsigned integer") }
        return number.uint64Value
    }

    private static func pixels(_ value: Any, _ name: String) throws -> Int {
        guard let number = value as? NSNumber, number.intValue >= 1, number.intValue <= 8192 else {
            throw ABIError(.invalidArgument, "\(name) must be an integer in 1…8192")
        }
        return number.intValue
    }

    private static func vector(_ value: Any, _ name: String) throws -> Vector3 {
        guard let list = value as? [NSNumber], list.count == 3 else {
            throw ABIError(.invalidArgument, "\(name) must be 3 numbers (m)")
        }
        return Vector3(list[0].doubleValue, list[1].doubleValue, list[2].doubleValue)
    }
}
