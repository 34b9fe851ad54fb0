// <keyframe><key name qpos/> → RobotKeyframe. qpos lists every joint of the model in
// MuJoCo's order (bodies in document order, joints in body order): a free joint takes 7
// numbers (x y z, then the quaternion w x y z — MuJoCo's order, converted here), a ball
// joint 4 (w x y z), hinges and slides 1.
//
// Scheme for ball joints: RobotKeyframe has one number per name, so a ball joint `b`
// stores its quaternion as four entries "b.x", "b.y", "b.z", "b.w" in jointPositions.
import Physics

enum MJCFKeyframeReader {
    /// One slot of qpos: a joint and, when it belongs to the imported robot, its
    /// RobotModel name (nil for joints of bodies left out, and for the base's free joint).
    struct Slot {
        var joint: MJCFJoint
        var robotName: String?
        /// True for the free joint of the robot root (its numbers are the base pose).
        var isBase: Bool
    }

    private static let ignoredAttributes = ["qvel", "act", "ctrl", "mpos", "mquat", "time"]

    /// Reads all keyframe sections. `slots` is the qpos layout; `initialBase` is the root
    /// body's pose (used when a key has no qpos) or nil for fixed-base robots.
    static func read(_ sections: [MJCFElement], slots: [Slot], initialBase: Pose?,
                     context: MJCFContext) throws -> [RobotKeyframe] {
        let positionCount = slots.reduce(0) { $0 + $1.joint.kind.positionCount }
        var keyframes: [RobotKeyframe] = []
        for element in sections.flatMap(\.children) {
            guard element.name == "key" else {
                context.notes.unsupported(element, "unknown element inside <keyframe>")
                continue
            }
            let attributes = MJCFAttributes(element)
            for key in ignoredAttributes where attributes.has(key) {
                context.notes.once("key.\(key)", at: attributes.location(of: key),
                                   "keyframe \(key) is not imported (RobotKeyframe holds positions only)")
            }
            let written = try attributes.numbers("qpos", count: positionCount)
            let qpos = written ?? defaultPositions(slots)
            var basePose = initialBase
            var positions: [String: Double] = [:]
            var address = 0
            for slot in slots {
                let values = Array(qpos[address..<(address + slot.joint.kind.positionCount)])
                address += values.count
                if slot.isBase {
                    guard written != nil else { continue }
                    let rotation = try MJCFOrientation.quaternion(w: values[3], x: values[4], y: values[5], z: values[6],
                                                                  at: attributes.location(of: "qpos"))
                    basePose = Pose(position: Vector3(values[0], values[1], values[2]), rotation: rotation)
                    continue
                }
                guard let name = slot.robotName else { continue }
                switch slot.joint.kind {
                case .ball:
                    let q = try MJCFOrientation.quaternion(w: values[0], x: values[1], y: values[2], z: values[3],
                                                           at: attributes.location(of: "qpos"))
                    positions["\(name).x"] = q.x
                    positions["\(name).y"] = q.y
                    positions["\(name).z"] = q.z
                    positions["\(name).w"] = q.w
                    context.notes.once("key.ball", at: element.location,
                                       "ball joint positions are stored in keyframes as <joint>.x, .y, .z, .w "
                                           + "(a unit quaternion)")
                default:
                    positions[name] = values[0]
                }
            }
            keyframes.append(RobotKeyframe(name: attributes["name"] ?? "key\(keyframes.count)", basePose: basePose,
                                           jointPositions: positions))
        }
        return keyframes
    }

    /// MuJoCo's qpos0: joints at their ref (identity for free and ball joints; the free
    /// joint's position is replaced by the initial base pose by the caller).
    private static func defaultPositions(_ slots: [Slot]) -> [Double] {
        slots.flatMap { slot -> [Double] in
            switch slot.joint.kind {
            case .free: return [0, 0, 0, 1, 0, 0, 0]
            case .ball: return [1, 0, 0, 0]
            default: return [slot.joint.reference]
            }
        }
    }
}
