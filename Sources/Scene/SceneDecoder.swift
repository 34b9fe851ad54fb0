// SceneDecoder: a Decoder over a SourceNode tree. Every problem it finds — an unknown key,
// a wrong type, a missing key, or a DecodingError a type's own init(from:) throws — comes
// out as a SceneError naming the file, line and key path of the node concerned.
//
// Scalars are typed by what is asked of them: a plain `5` reads as an Int, a Double or the
// string "5"; booleans are `true`/`false` only; a quoted scalar is only ever a string.

/// Decodes scene values from a SourceNode; `currentLine` is the line of the node at hand.
public struct SceneDecoder: Decoder, SourceLocating {
    /// The node this decoder reads.
    public let node: SourceNode
    public let codingPath: [CodingKey]
    public var userInfo: [CodingUserInfoKey: Any] { [:] }
    public var currentLine: Int { node.line }

    public init(node: SourceNode, codingPath: [CodingKey] = []) {
        self.node = node
        self.codingPath = codingPath
    }

    /// Decodes a whole value; every failure is a SceneError.
    public static func decode<T: Decodable>(_ type: T.Type, from node: SourceNode) throws -> T {
        try SceneDecoder(node: node).decodeValue(type)
    }

    public func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard let entries = node.entries else {
            if node.isNull {
                return KeyedDecodingContainer(SceneKeyedContainer<Key>(decoder: self, entries: []))
            }
            throw error("expected a mapping, got \(node.foundDescription)")
        }
        if let keyType = Key.self as? any (CodingKey & CaseIterable).Type {
            let known = Self.caseNames(keyType)
            if let unknown = entries.first(where: { !known.contains($0.key) }) {
                var message = "unknown key '\(unknown.key)'"
                if let suggestion = closestMatch(to: unknown.key, in: known) { message += " (did you mean '\(suggestion)'?)" }
                throw SceneError(file: unknown.keyLocation.file, line: unknown.keyLocation.line,
                                 keyPath: renderKeyPath(codingPath + [AnyCodingKey(unknown.key)]), message: message)
            }
        }
        return KeyedDecodingContainer(SceneKeyedContainer<Key>(decoder: self, entries: entries))
    }

    public func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard let items = node.items else { throw error("expected a list, got \(node.foundDescription)") }
        return SceneUnkeyedContainer(decoder: self, items: items)
    }

    public func singleValueContainer() throws -> SingleValueDecodingContainer {
        SceneSingleValueContainer(decoder: self)
    }

    // MARK: Values

    /// A decoder for `child`, one key further down.
    func child(_ child: SourceNode, key: CodingKey) -> SceneDecoder {
        SceneDecoder(node: child, codingPath: codingPath + [key])
    }

    /// `T(from: self)`, turning a DecodingError the type throws into a SceneError at the
    /// node its coding path names (for a string enum: which cases there are).
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try T(from: self)
        } catch let decodingError as DecodingError {
            if let enumType = T.self as? any (CaseIterable & RawRepresentable).Type,
               let message = unknownCaseMessage(enumType) {
                throw error(message)
            }
            throw sceneError(from: decodingError)
        }
    }

    /// For string enums (`shape: sphre`): "expected one of …, got …", with a suggestion;
    /// nil when this node is not a string outside the enum's cases.
    private func unknownCaseMessage<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> String? {
        let names = E.allCases.compactMap { $0.rawValue as? String }
        guard !names.isEmpty, let scalar = node.scalar, !scalar.isNull, !names.contains(scalar.text) else { return nil }
        var message = "expected one of \(names.joined(separator: ", ")), got \(node.foundDescription)"
        if let suggestion = closestMatch(to: scalar.text, in: names) { message += " (did you mean '\(suggestion)'?)" }
        return message
    }

    private static func caseNames<K: CodingKey & CaseIterable>(_ type: K.Type) -> [String] {
        K.allCases.map(\.stringValue)
    }

    // MARK: Errors

    /// A SceneError at this node.
    func error(_ message: String) -> SceneError {
        SceneError(file: node.file, line: node.line, keyPath: renderKeyPath(codingPath), message: message)
    }

    /// Follows the error's coding path from this node as far as the tree goes, and reports
    /// the error there.
    func sceneError(from decodingError: DecodingError) -> SceneError {
        let context: DecodingError.Context?
        var message: String
        switch decodingError {
        case .dataCorrupted(let c):
            context = c
            message = c.debugDescription
        case .typeMismatch(let type, let c):
            context = c
            message = c.debugDescription.isEmpty ? "expected \(type)" : c.debugDescription
        case .valueNotFound(let type, let c):
            context = c
            message = c.debugDescription.isEmpty ? "expected \(type), got nothing" : c.debugDescription
        case .keyNotFound(let key, let c):
            context = c
            message = "missing required key '\(key.stringValue)'"
        @unknown default:
            context = nil
            message = "\(decodingError)"
        }
        if message.isEmpty { message = "invalid value" }
        var target = node
        var path = codingPath
        for key in (context?.codingPath ?? []).dropFirst(codingPath.count) {
            let next: SourceNode?
            switch PathComponent(key) {
            case .key(let name): next = target[name]
            case .index(let index): next = target.items.flatMap { $0.indices.contains(index) ? $0[index] : nil }
            }
            guard let next else { break }
            target = next
            path.append(key)
        }
        return SceneError(file: target.file, line: target.line, keyPath: renderKeyPath(path), message: message)
    }

    // MARK: Scalars

    /// The scalar of this node, or "expected \(what), got …".
    private func plainScalar(expected what: String) throws -> String {
        guard let scalar = node.scalar, scalar.isPlain, !scalar.isNull else {
            throw error("expected \(what), got \(node.foundDescription)")
        }
        return scalar.text
    }

    func decodeBool() throws -> Bool {
        let text = try plainScalar(expected: "true or false")
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: throw error("expected true or false, got \(node.foundDescription)")
        }
    }

    func decodeDouble() throws -> Double {
        let text = try plainScalar(expected: "a number")
        guard let value = YAMLNumber.double(text) else { throw error("expected a number, got \(node.foundDescription)") }
        return value
    }

    func decodeInteger<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let text = try plainScalar(expected: "a whole number")
        if let value = YAMLNumber.integer(text) {
            guard let exact = T(exactly: value) else { throw error("\(text) is out of range for \(T.self)") }
            return exact
        }
        guard let value = YAMLNumber.double(text), value.isFinite, value == value.rounded() else {
            throw error("expected a whole number, got \(node.foundDescription)")
        }
        guard let exact = T(exactly: value) else { throw error("\(text) is out of range for \(T.self)") }
        return exact
    }

    func decodeString() throws -> String {
        guard let scalar = node.scalar, !scalar.isNull else {
            throw error("expected a string, got \(node.foundDescription)")
        }
        return scalar.text
    }
}

/// Plain-scalar numbers as YAML 1.2 writes them: `42`, `-1.5`, `1e-3`, `.5`, `0x1F`,
/// `0o17`, `.inf`, `-.inf`, `.nan`.
enum YAMLNumber {
    static func integer(_ text: String) -> Int? {
        var body = Substring(text)
        var negative = false
        if let sign = body.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        let radix: Int
        if body.hasPrefix("0x") { radix = 16; body = body.dropFirst(2) }
        else if body.hasPrefix("0o") { radix = 8; body = body.dropFirst(2) }
        else { radix = 10 }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isHexDigit }),
              let magnitude = Int(body, radix: radix) else { return nil }
        return negative ? -magnitude : magnitude
    }

    static func double(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        if let value = integer(text) { return Double(value) }
        // [-+]? (digits [. digits?] | . digits) ([eE] [-+]? digits)?
        var chars = Substring(text)
        if chars.first == "-" || chars.first == "+" { chars = chars.dropFirst() }
        let whole = chars.prefix { $0.isASCII && $0.isNumber }
        chars = chars.dropFirst(whole.count)
        var fraction = Substring("")
        if chars.first == "." {
            chars = chars.dropFirst()
            fraction = chars.prefix { $0.isASCII && $0.isNumber }
            chars = chars.dropFirst(fraction.count)
        }
        guard !whole.isEmpty || !fraction.isEmpty else { return nil }
        if chars.first == "e" || chars.first == "E" {
            chars = chars.dropFirst()
            if chars.first == "-" || chars.first == "+" { chars = chars.dropFirst() }
            let exponent = chars.prefix { $0.isASCII && $0.isNumber }
            guard !exponent.isEmpty else { return nil }
            chars = chars.dropFirst(exponent.count)
        }
        guard chars.isEmpty else { return nil }
        return Double(text)
    }
}
