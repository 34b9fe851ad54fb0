// The attributes of one MJCF element after its default class is applied, each with the
// place it was written (the element itself or a <default>), and the typed readers that
// turn them into numbers with file:line errors ("size: expected 3 numbers, got 2").
import Physics

/// An attribute value and where it was written.
struct MJCFAttribute {
    var text: String
    var location: MJCFLocation
}

/// Resolved attributes of one element: its default class's values overridden by its own.
struct MJCFAttributes {
    /// The element these attributes belong to (for "missing attribute" errors).
    let element: MJCFElement
    private(set) var values: [String: MJCFAttribute]

    /// The element's own attributes on top of `defaults` (already resolved for its class).
    init(_ element: MJCFElement, defaults: [String: MJCFAttribute] = [:]) {
        self.element = element
        var values = defaults
        for (key, text) in element.attributes {
            values[key] = MJCFAttribute(text: text, location: element.location)
        }
        self.values = values
    }

    var location: MJCFLocation { element.location }
    subscript(key: String) -> String? { values[key]?.text }
    func has(_ key: String) -> Bool { values[key] != nil }

    /// Where `key` was written, or the element's own location when it is absent.
    func location(of key: String) -> MJCFLocation { values[key]?.location ?? element.location }

    /// All numbers of `key`; nil when absent. Throws when a token is not a finite number.
    func numbers(_ key: String) throws -> [Double]? {
        guard let attribute = values[key] else { return nil }
        return try attribute.text.split(whereSeparator: \.isWhitespace)
            .map { token in
                guard let value = Double(token), value.isFinite else {
                    throw attribute.location.error("\(key): '\(token)' is not a number")
                }
                return value
            }
    }

    /// Exactly `count` numbers, or nil when absent.
    func numbers(_ key: String, count: Int) throws -> [Double]? {
        guard let values = try numbers(key) else { return nil }
        guard values.count == count else {
            throw location(of: key).error("\(key): expected \(count) number\(count == 1 ? "" : "s"), got \(values.count)")
        }
        return values
    }

    /// Between `minimum` and `maximum` numbers, or nil when absent.
    func numbers(_ key: String, atLeast minimum: Int, atMost maximum: Int) throws -> [Double]? {
        guard let values = try numbers(key) else { return nil }
        guard values.count >= minimum && values.count <= maximum else {
            let expected = minimum == maximum ? "\(minimum)" : "\(minimum) to \(maximum)"
            throw location(of: key).error("\(key): expected \(expected) numbers, got \(values.count)")
        }
        return values
    }

    func number(_ key: String) throws -> Double? { try numbers(key, count: 1)?[0] }
    func number(_ key: String, default value: Double) throws -> Double { try number(key) ?? value }

    func vector(_ key: String) throws -> Vector3? {
        try numbers(key, count: 3).map { Vector3($0[0], $0[1], $0[2]) }
    }

    /// A (lower, upper) pair with lower <= upper.
    func range(_ key: String) throws -> (lower: Double, upper: Double)? {
        guard let pair = try numbers(key, count: 2) else { return nil }
        guard pair[0] <= pair[1] else {
            throw location(of: key).error("\(key): lower bound \(pair[0]) is above upper bound \(pair[1])")
        }
        return (pair[0], pair[1])
    }

    /// A boolean written as true/false (MJCF also accepts 1/0 in places).
    func flag(_ key: String) throws -> Bool? {
        guard let text = values[key]?.text else { return nil }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw location(of: key).error("\(key): expected true or false, got '\(text)'")
        }
    }

    /// MJCF's limited/ctrllimited/forcelimited: "true", "false" or "auto" (the default),
    /// where auto means "limited when the range is given" if the compiler's autolimits is on.
    func limited(_ key: String, rangeKey: String, autolimits: Bool) throws -> Bool {
        switch values[key]?.text.lowercased() {
        case nil, "auto": return autolimits && has(rangeKey)
        case "true", "1": return true
        case "false", "0": return false
        case let other?: throw location(of: key).error("\(key): expected true, false or auto, got '\(other)'")
        }
    }

    /// A name that must be present.
    func required(_ key: String) throws -> String {
        guard let value = values[key]?.text, !value.isEmpty else {
            throw location.error("<\(element.name)>: the \(key) attribute is required")
        }
        return value
    }
}
