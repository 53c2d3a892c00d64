/// Reading JSON back: a small parser into a tree and a `Decoder` over it.
///
/// Folds decode every event they replay, so this path is hot; it is several times faster
/// than Foundation's decoder on the log's small payloads. It accepts any valid JSON, not
/// only the canonical form.
extension CanonicalJSON {
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        var parser = JSONParser(Array(bytes))
        let value = try parser.parseDocument()
        return try T(from: TreeDecoder(value, path: []))
    }
}

indirect enum JSONValue {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])
}

struct JSONParser {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    mutating func parseDocument() throws -> JSONValue {
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw Failure(description: "trailing characters at \(index)") }
        return value
    }

    mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
    }

    mutating func parseValue() throws -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw Failure(description: "unexpected end") }
        switch bytes[index] {
        case 0x7B: return try parseObject()
        case 0x5B: return try parseArray()
        case 0x22: return .string(try parseString())
        case 0x74:
            try expect("true")
            return .bool(true)
        case 0x66:
            try expect("false")
            return .bool(false)
        case 0x6E:
            try expect("null")
            return .null
        default: return .number(try parseNumber())
        }
    }

    mutating func expect(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
            UnsafeBufferPointer(start: word.utf8Start, count: count).elementsEqual(bytes[index..<index + count])
        else { throw Failure(description: "expected \(word) at \(index)") }
        index += count
    }

    mutating func parseObject() throws -> JSONValue {
        index += 1
        var entries: [(String, JSONValue)] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == 0x7D {
            index += 1
            return .object(entries)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == 0x22 else {
                throw Failure(description: "expected a key at \(index)")
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == 0x3A else {
                throw Failure(description: "expected ':' at \(index)")
            }
            index += 1
            entries.append((key, try parseValue()))
            skipWhitespace()
            guard index < bytes.count else { throw Failure(description: "unterminated object") }
            if bytes[index] == 0x2C {
                index += 1
                continue
            }
            guard bytes[index] == 0x7D else { throw Failure(description: "expected ',' or '}' at \(index)") }
            index += 1
            return .object(entries)
        }
    }

    mutating func parseArray() throws -> JSONValue {
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == 0x5D {
            index += 1
            return .array(items)
        }
        while true {
            items.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw Failure(description: "unterminated array") }
            if bytes[index] == 0x2C {
                index += 1
                continue
            }
            guard bytes[index] == 0x5D else { throw Failure(description: "expected ',' or ']' at \(index)") }
            index += 1
            return .array(items)
        }
    }

    mutating func parseString() throws -> String {
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.count, bytes[index] != 0x22, bytes[index] != 0x5C { index += 1 }
        guard index < bytes.count else { throw Failure(description: "unterminated string") }
        if bytes[index] == 0x22 {
            defer { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
        var out = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                index += 1
                return String(decoding: out, as: UTF8.self)
            }
            if byte != 0x5C {
                out.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            switch escape {
            case 0x22, 0x5C, 0x2F: out.append(escape)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), index + 1 < bytes.count, bytes[index] == 0x5C,
                    bytes[index + 1] == 0x75
                {
                    index += 2
                    let low = try hex4()
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let s = Unicode.Scalar(scalar) else { throw Failure(description: "bad \\u escape") }
                out += Array(String(Character(s)).utf8)
            default: throw Failure(description: "bad escape at \(index)")
            }
        }
        throw Failure(description: "unterminated string")
    }

    mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count,
            let v = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
        else {
            throw Failure(description: "bad \\u escape")
        }
        index += 4
        return v
    }

    mutating func parseNumber() throws -> String {
        let start = index
        while index < bytes.count,
            (0x30...0x39).contains(bytes[index]) || [0x2D, 0x2B, 0x2E, 0x65, 0x45].contains(bytes[index])
        { index += 1 }
        guard index > start else { throw Failure(description: "unexpected character at \(index)") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }
}

struct TreeDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ value: JSONValue, path: [any CodingKey]) {
        self.value = value
        codingPath = path
    }

    func mismatch(_ expected: String) -> DecodingError {
        .typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "expected \(expected)"))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let entries) = value else { throw mismatch("an object") }
        return KeyedDecodingContainer(KeyedTree<Key>(entries: entries, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw mismatch("an array") }
        return UnkeyedTree(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleTree(decoder: self) }
}

struct KeyedTree<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let entries: [(String, JSONValue)]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { entries.compactMap { Key(stringValue: $0.0) } }

    func value(_ key: Key) throws -> JSONValue {
        // Objects here are small: a linear search beats hashing.
        guard let found = entries.last(where: { $0.0 == key.stringValue }) else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "no key \(key.stringValue)"))
        }
        return found.1
    }

    func contains(_ key: Key) -> Bool { entries.contains { $0.0 == key.stringValue } }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try value(key) { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try TreeDecoder(try value(key), path: codingPath + [key]).decodeValue(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try TreeDecoder(try value(key), path: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(try value(key), path: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { TreeDecoder(.object(entries), path: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { TreeDecoder(try value(key), path: codingPath + [key]) }
}

struct UnkeyedTree: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(items: [JSONValue], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    mutating func next() throws -> TreeDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "array ended"))
        }
        defer { currentIndex += 1 }
        return TreeDecoder(items[currentIndex], path: codingPath)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .null = items[currentIndex] else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeValue(type) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<
        NestedKey
    > {
        try next().container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

struct SingleTree: SingleValueDecodingContainer {
    let decoder: TreeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    func decodeNil() -> Bool {
        if case .null = decoder.value { return true }
        return false
    }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(type) }
}

extension TreeDecoder {
    /// Primitive values directly; everything else through its own `init(from:)`.
    ///
    /// Every integer and floating-point type is read here: their own `init(from:)` asks a
    /// single-value container for them, which would come back here. Types are told apart by
    /// comparing metatypes, never by a dynamic cast: a cast asks the runtime's conformance
    /// tables, and measured, that was most of the time spent decoding a stored state.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        switch value {
        case .string(let s) where T.self == String.self: return unsafeBitCast(s, to: T.self)
        case .bool(let b) where T.self == Bool.self: return unsafeBitCast(b, to: T.self)
        case .number(let n):
            if let integer = try integer(n, T.self) { return integer }
            if T.self == Double.self, let d = Double(n) { return unsafeBitCast(d, to: T.self) }
            if T.self == Float.self, let f = Float(n) { return unsafeBitCast(f, to: T.self) }
        default: break
        }
        if Self.isPrimitive(T.self) { throw mismatch("\(T.self)") }
        return try T(from: self)
    }

    /// A number as an integer type `T`, nil when `T` is no integer type.
    private func integer<T>(_ text: String, _: T.Type) throws -> T? {
        func parse<I: FixedWidthInteger>(_: I.Type) throws -> T {
            guard let value = I(text, radix: 10) else { throw mismatch("\(I.self)") }
            return unsafeBitCast(value, to: T.self)
        }
        if T.self == Int.self { return try parse(Int.self) }
        if T.self == Int64.self { return try parse(Int64.self) }
        if T.self == UInt64.self { return try parse(UInt64.self) }
        if T.self == UInt32.self { return try parse(UInt32.self) }
        if T.self == Int32.self { return try parse(Int32.self) }
        if T.self == UInt.self { return try parse(UInt.self) }
        if T.self == Int16.self { return try parse(Int16.self) }
        if T.self == UInt16.self { return try parse(UInt16.self) }
        if T.self == Int8.self { return try parse(Int8.self) }
        if T.self == UInt8.self { return try parse(UInt8.self) }
        return nil
    }

    /// Whether a type is one this decoder reads directly (see `decodeValue`).
    private static func isPrimitive<T>(_: T.Type) -> Bool {
        T.self == String.self || T.self == Bool.self || T.self == Double.self || T.self == Float.self
            || T.self == Int.self || T.self == Int64.self || T.self == UInt64.self || T.self == UInt32.self
            || T.self == Int32.self || T.self == UInt.self || T.self == Int16.self || T.self == UInt16.self
            || T.self == Int8.self || T.self == UInt8.self
    }
}
