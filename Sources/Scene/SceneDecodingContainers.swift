// The three container kinds SceneDecoder hands out: keyed (a mapping), unkeyed (a list)
// and single-value (a scalar). Each primitive forwards to one place that reads scalars,
// so the rules — and the error messages — are the same everywhere.

/// A mapping. `allKeys` lists the file's keys in file order (all of them for free-form
/// keys such as AnyCodingKey; unknown keys of CaseIterable keys were rejected already).
struct SceneKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: SceneDecoder
    let entries: [SourceEntry]

    var codingPath: [CodingKey] { decoder.codingPath }
    var allKeys: [Key] { entries.compactMap { Key(stringValue: $0.key) } }

    func contains(_ key: Key) -> Bool { entries.contains { $0.key == key.stringValue } }

    /// The decoder of `key`'s value; "missing required key" at the mapping's line.
    private func childDecoder(_ key: Key) throws -> SceneDecoder {
        guard let entry = entries.first(where: { $0.key == key.stringValue }) else {
            throw decoder.error("missing required key '\(key.stringValue)'")
        }
        return decoder.child(entry.value, key: key)
    }

    private func value<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        try childDecoder(key).decodeValue(type)
    }

    func decodeNil(forKey key: Key) throws -> Bool { try childDecoder(key).node.isNull }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try childDecoder(key).decodeBool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try childDecoder(key).decodeString() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try childDecoder(key).decodeDouble() }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try childDecoder(key).decodeDouble()) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try childDecoder(key).decodeInteger(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try childDecoder(key).decodeInteger(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try childDecoder(key).decodeInteger(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try childDecoder(key).decodeInteger(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try childDecoder(key).decodeInteger(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try childDecoder(key).decodeInteger(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try childDecoder(key).decodeInteger(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try childDecoder(key).decodeInteger(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try childDecoder(key).decodeInteger(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try childDecoder(key).decodeInteger(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try value(type, key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey> {
        try childDecoder(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        try childDecoder(key).unkeyedContainer()
    }

    func superDecoder() throws -> Decoder {
        guard let entry = entries.first(where: { $0.key == "super" }) else { return decoder }
        return decoder.child(entry.value, key: AnyCodingKey("super"))
    }

    func superDecoder(forKey key: Key) throws -> Decoder { try childDecoder(key) }
}

/// A list, read front to back; reading past its end is "expected at least N items".
struct SceneUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: SceneDecoder
    let items: [SourceNode]
    private(set) var currentIndex = 0

    init(decoder: SceneDecoder, items: [SourceNode]) {
        self.decoder = decoder
        self.items = items
    }

    var codingPath: [CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    /// The decoder of the next item, moving past it.
    private mutating func nextDecoder() throws -> SceneDecoder {
        guard !isAtEnd else {
            throw decoder.error("expected at least \(currentIndex + 1) items, got \(items.count)")
        }
        let child = decoder.child(items[currentIndex], key: SequenceIndexKey(currentIndex))
        currentIndex += 1
        return child
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try nextDecoder().decodeBool() }
    mutating func decode(_ type: String.Type) throws -> String { try nextDecoder().decodeString() }
    mutating func decode(_ type: Double.Type) throws -> Double { try nextDecoder().decodeDouble() }
    mutating func decode(_ type: Float.Type) throws -> Float { Float(try nextDecoder().decodeDouble()) }
    mutating func decode(_ type: Int.Type) throws -> Int { try nextDecoder().decodeInteger(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try nextDecoder().decodeInteger(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try nextDecoder().decodeInteger(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try nextDecoder().decodeInteger(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try nextDecoder().decodeInteger(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try nextDecoder().decodeInteger(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try nextDecoder().decodeInteger(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try nextDecoder().decodeInteger(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try nextDecoder().decodeInteger(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try nextDecoder().decodeInteger(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try nextDecoder().decodeValue(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey> {
        try nextDecoder().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
        try nextDecoder().unkeyedContainer()
    }

    mutating func superDecoder() throws -> Decoder { try nextDecoder() }
}

/// One value: the node of the decoder itself.
struct SceneSingleValueContainer: SingleValueDecodingContainer {
    let decoder: SceneDecoder

    var codingPath: [CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.node.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.decodeBool() }
    func decode(_ type: String.Type) throws -> String { try decoder.decodeString() }
    func decode(_ type: Double.Type) throws -> Double { try decoder.decodeDouble() }
    func decode(_ type: Float.Type) throws -> Float { Float(try decoder.decodeDouble()) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.decodeInteger(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.decodeInteger(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.decodeInteger(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.decodeInteger(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.decodeInteger(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.decodeInteger(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(type) }
}
