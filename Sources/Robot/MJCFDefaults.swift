// MJCF default classes: <default> trees that give attribute values to elements, like CSS.
// A nested class inherits its parent's values and overrides some; the top-level default
// is the class "main". An element takes its values from its `class` attribute, else from
// the `childclass` of the nearest enclosing body or frame (the body's own elements
// included), else from "main"; its own attributes override them all.
import Physics

struct MJCFDefaults {
    static let mainClass = "main"

    /// All actuator elements share one set of defaults, as in MuJoCo (a <motor ctrlrange>
    /// default also reaches <position> actuators); each kind reads only what it needs.
    static let actuatorTags: Set<String> = [
        "general", "motor", "position", "velocity", "intvelocity", "damper", "cylinder", "muscle", "adhesion",
    ]
    private static let actuatorBucket = "actuator"

    /// class name → element tag → resolved attributes (inherited values included).
    private var classes: [String: [String: [String: MJCFAttribute]]] = [mainClass: [:]]

    /// Reads the top-level <default> sections (all of them are the "main" class).
    init(sections: [MJCFElement]) throws {
        for section in sections {
            if let name = section["class"], name != Self.mainClass {
                throw section.location.error(
                    "default: the top-level default class must be named '\(Self.mainClass)', not '\(name)'")
            }
            try read(section, name: Self.mainClass, inherited: classes[Self.mainClass] ?? [:])
        }
    }

    var classNames: Set<String> { Set(classes.keys) }

    /// Records the class `name` from its <default> element, on top of the parent's values.
    private mutating func read(_ element: MJCFElement, name: String,
                               inherited: [String: [String: MJCFAttribute]]) throws {
        var own = inherited
        if name == Self.mainClass, let existing = classes[name] {
            own = existing
        }
        for child in element.children where child.name != "default" {
            let bucket = Self.bucket(for: child.name)
            var values = own[bucket] ?? [:]
            for (key, text) in child.attributes where key != "class" {
                values[key] = MJCFAttribute(text: text, location: child.location)
            }
            own[bucket] = values
        }
        classes[name] = own
        for nested in element.children(named: "default") {
            guard let nestedName = nested["class"], !nestedName.isEmpty else {
                throw nested.location.error("default: a nested default needs a class attribute")
            }
            if classes[nestedName] != nil {
                throw nested.location.error("default: class '\(nestedName)' is defined twice")
            }
            try read(nested, name: nestedName, inherited: own)
        }
    }

    private static func bucket(for tag: String) -> String { actuatorTags.contains(tag) ? actuatorBucket : tag }

    /// The attributes of `element` read as a `tag` element (default: its own name), with
    /// defaults from its class. `childclass` is the nearest enclosing body's or frame's
    /// childclass, if any. Throws when the class named is not defined.
    func attributes(of element: MJCFElement, as tag: String? = nil, childclass: String?) throws -> MJCFAttributes {
        let className = element["class"] ?? childclass ?? Self.mainClass
        guard let defaults = classes[className] else {
            throw element.location.error("\(element.name): class '\(className)' is not defined in any <default>")
        }
        return MJCFAttributes(element, defaults: defaults[Self.bucket(for: tag ?? element.name)] ?? [:])
    }

    /// Checks that a childclass names a defined class.
    func check(childclass: String, at location: MJCFLocation) throws {
        guard classes[childclass] != nil else {
            throw location.error("childclass: class '\(childclass)' is not defined in any <default>")
        }
    }
}
