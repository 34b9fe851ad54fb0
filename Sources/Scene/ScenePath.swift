// ScenePath: key paths into a scene file (`parts[2].size`, `task.params.part`), as the
// loader's `--set` overrides write them and as errors print them.

/// One step of a key path: a mapping key or a list index (0-based).
public enum PathComponent: Hashable, Sendable, CustomStringConvertible {
    case key(String)
    case index(Int)

    public var description: String {
        switch self {
        case .key(let name): return name
        case .index(let index): return "[\(index)]"
        }
    }

    /// The component a coding key stands for: list positions (from unkeyed containers)
    /// become indices, every other key a mapping key.
    public init(_ key: CodingKey) {
        if let index = key.intValue, key is SequenceIndexKey || key.stringValue == "Index \(index)" {
            self = .index(index)
        } else {
            self = .key(key.stringValue)
        }
    }
}

extension Array where Element == PathComponent {
    /// Printed as in scene errors: `parts[2].size`; "" for the whole file.
    public var rendered: String {
        var text = ""
        for component in self {
            switch component {
            case .key(let name): text += text.isEmpty ? name : "." + name
            case .index: text += component.description
            }
        }
        return text
    }

    /// Parses `parts[0].mass` or `task.params.part`; nil when it is not a key path.
    /// Keys are letters, digits, `_` and `-`; every key may be followed by `[N]` indices.
    public init?(parsing text: String) {
        var components: [PathComponent] = []
        var chars = Substring(text)
        while true {
            let name = chars.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            guard !name.isEmpty else { return nil }
            components.append(.key(String(name)))
            chars = chars.dropFirst(name.count)
            while chars.first == "[" {
                chars = chars.dropFirst()
                let digits = chars.prefix { $0.isASCII && $0.isNumber }
                guard !digits.isEmpty, let index = Int(digits) else { return nil }
                chars = chars.dropFirst(digits.count)
                guard chars.first == "]" else { return nil }
                chars = chars.dropFirst()
                components.append(.index(index))
            }
            if chars.isEmpty { break }
            guard chars.first == "." else { return nil }
            chars = chars.dropFirst()
        }
        self = components
    }
}

/// Renders a decoder's coding path as scene errors print it: `fixtures[0].position`.
func renderKeyPath(_ codingPath: [CodingKey]) -> String {
    codingPath.map(PathComponent.init).rendered
}

/// The coding key of a list item: its 0-based position.
struct SequenceIndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}
