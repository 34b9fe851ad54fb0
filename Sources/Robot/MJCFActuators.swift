// <actuator> sections: motor (gear, ctrlrange, forcerange), position (kp, kv, ctrlrange or
// inheritrange) and velocity (kv) actuators on joints become RobotActuators. Other kinds
// (general, muscle, …) and other transmissions (tendon, site, body) are noted, not imported.
import Physics

enum MJCFActuatorReader {
    /// A joint an actuator may name: what the file says, and its RobotModel name (nil when
    /// the joint is not part of the imported robot).
    struct JointTarget {
        var joint: MJCFJoint
        var robotName: String?
    }

    private static let otherTransmissions = ["tendon", "site", "body", "cranksite", "slidersite", "refsite"]

    /// Reads all actuator sections. `joints` maps MJCF joint names to their targets.
    /// Returns the imported actuators and the number of actuator elements (MuJoCo's nu).
    static func read(_ sections: [MJCFElement], joints: [String: JointTarget],
                     context: MJCFContext) throws -> (actuators: [RobotActuator], declared: Int) {
        var actuators: [RobotActuator] = []
        var declared = 0
        var usedNames: Set<String> = []
        for element in sections.flatMap(\.children) {
            guard MJCFDefaults.actuatorTags.contains(element.name) || element.name == "plugin" else {
                context.notes.unsupported(element, "unknown element inside <actuator>")
                continue
            }
            declared += 1
            guard ["motor", "position", "velocity"].contains(element.name) else {
                context.notes.unsupported(element, "only motor, position and velocity actuators are imported")
                continue
            }
            let attributes = try context.defaults.attributes(of: element, childclass: nil)
            guard let jointName = attributes["joint"] ?? attributes["jointinparent"] else {
                let kind = otherTransmissions.first { attributes.has($0) } ?? "no"
                context.notes.once("actuator.transmission", at: element.location,
                                   "actuators with a \(kind) transmission are not imported (only joint actuators are)")
                continue
            }
            guard let target = joints[jointName] else {
                throw attributes.location(of: "joint").error("actuator: joint '\(jointName)' is not defined")
            }
            guard let robotJoint = target.robotName else {
                context.notes.once("actuator.outside", at: element.location,
                                   "actuators on joints outside the imported robot are skipped")
                continue
            }
            guard target.joint.kind == .hinge || target.joint.kind == .slide else {
                context.notes.once("actuator.multidof", at: element.location,
                                   "actuators on \(target.joint.kind.rawValue) joints are not imported (one-DoF joints only)")
                continue
            }
            var actuator = try read(element.name, attributes: attributes, target: target, robotJoint: robotJoint,
                                    context: context)
            var name = actuator.name
            var counter = 2
            while usedNames.contains(name) {
                name = "\(actuator.name)_\(counter)"
                counter += 1
            }
            actuator.name = name
            usedNames.insert(name)
            actuators.append(actuator)
        }
        return (actuators, declared)
    }

    /// One motor, position or velocity actuator on a one-DoF joint.
    private static func read(_ tag: String, attributes: MJCFAttributes, target: JointTarget, robotJoint: String,
                             context: MJCFContext) throws -> RobotActuator {
        let autolimits = context.compiler.autolimits
        let gear = try attributes.numbers("gear", atLeast: 1, atMost: 6)?[0] ?? 1
        var controlRange: ClosedRange<Double>?
        if try attributes.limited("ctrllimited", rangeKey: "ctrlrange", autolimits: autolimits),
           let range = try attributes.range("ctrlrange") {
            controlRange = range.lower...range.upper
        }
        var forceRange: ClosedRange<Double>?
        if try attributes.limited("forcelimited", rangeKey: "forcerange", autolimits: autolimits),
           let range = try attributes.range("forcerange") {
            forceRange = range.lower...range.upper
        }
        var actuator = RobotActuator(name: attributes["name"] ?? robotJoint, joint: robotJoint, kind: .motor, gear: gear,
                                     controlRange: controlRange, forceRange: forceRange)
        switch tag {
        case "position":
            actuator.kind = .position
            actuator.kp = try attributes.number("kp", default: 1)
            actuator.kv = try attributes.number("kv", default: 0)
            if attributes.has("dampratio") {
                context.notes.once("actuator.dampratio", at: attributes.location(of: "dampratio"),
                                   "position actuator dampratio is not converted to kv (that needs the joint's reflected "
                                       + "inertia): kv stays as written")
            }
            let inheritRange = try attributes.number("inheritrange", default: 0)
            if inheritRange > 0 {
                actuator.controlRange = try inherited(inheritRange, attributes: attributes, joint: target.joint)
            }
        case "velocity":
            actuator.kind = .velocity
            actuator.kv = try attributes.number("kv", default: 1)
        default:
            break
        }
        return actuator
    }

    /// inheritrange: the joint's range scaled by `scale` about its centre.
    private static func inherited(_ scale: Double, attributes: MJCFAttributes,
                                  joint: MJCFJoint) throws -> ClosedRange<Double> {
        if attributes.element.attributes["ctrlrange"] != nil {
            throw attributes.location(of: "inheritrange").error("position actuator: give ctrlrange or inheritrange, not both")
        }
        guard let range = joint.range else {
            throw attributes.location(of: "inheritrange").error(
                "inheritrange: joint '\(joint.name ?? "?")' has no range to inherit (it is not limited)")
        }
        let centre = (range.lower + range.upper) / 2
        let half = (range.upper - range.lower) / 2 * scale
        return (centre - half)...(centre + half)
    }
}
