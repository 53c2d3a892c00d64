/// Encodes values as canonical JSON: object keys sorted by their UTF-8 bytes, no
/// whitespace, integers in decimal, strings with the minimal escapes.
///
/// Hashes and signatures cover these bytes, so the form is fixed here rather than left to
/// a JSON library whose output may change between versions. It is also several times
/// faster than Foundation's encoder on the event-append path.
public enum CanonicalJSON {
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = NodeEncoder()
        try value.encode(to: encoder)
        var out: [UInt8] = []
        out.reserveCapacity(128)
        encoder.root.write(to: &out)
        return out
    }

    /// Appends `text` as a JSON string literal.
    public static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        for byte in text.utf8 {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(0x22)
    }
}

/// A JSON value under construction; objects and arrays are boxes so containers can fill
/// them after they are handed out.
enum JSONNode {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case number(String)
    case string(String)
    case object(ObjectBox)
    case array(ArrayBox)

    func write(to out: inout [UInt8]) {
        switch self {
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .int(let i): out += Array(String(i).utf8)
        case .uint(let u): out += Array(String(u).utf8)
        case .number(let n): out += Array(n.utf8)
        case .string(let s): CanonicalJSON.appendString(s, to: &out)
        case .array(let box):
            out.append(0x5B)
            for (i, item) in box.items.enumerated() {
                if i > 0 { out.append(0x2C) }
                item.write(to: &out)
            }
            out.append(0x5D)
        case .object(let box):
            out.append(0x7B)
            // Sorted by UTF-8 bytes; a key encoded twice keeps its last value.
            var latest: [String: JSONNode] = [:]
            for (key, value) in box.entries { latest[key] = value }
            for (i, entry) in latest.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
                if i > 0 { out.append(0x2C) }
                CanonicalJSON.appendString(entry.key, to: &out)
                out.append(0x3A)
                entry.value.write(to: &out)
            }
            out.append(0x7D)
        }
    }
}

final class ObjectBox {
    var entries: [(String, JSONNode)] = []
}

final class ArrayBox {
    var items: [JSONNode] = []
}

final class NodeEncoder: Encoder {
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var root: JSONNode = .null

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object(let box) = root { return KeyedEncodingContainer(KeyedContainer(box: box)) }
        let box = ObjectBox()
        root = .object(box)
        return KeyedEncodingContainer(KeyedContainer(box: box))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array(let box) = root { return UnkeyedContainer(box: box) }
        let box = ArrayBox()
        root = .array(box)
        return UnkeyedContainer(box: box)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(encoder: self) }

    /// Encodes a nested value into a node.
    ///
    /// Every integer and floating-point type is written here as a number: their own
    /// `encode(to:)` asks a single-value container to encode them, which would come back here.
    static func node(for value: some Encodable) throws -> JSONNode {
        switch value {
        case let s as String: return .string(s)
        case let i as Int: return .int(Int64(i))
        case let i as Int64: return .int(i)
        case let b as Bool: return .bool(b)
        case let i as any FixedWidthInteger:
            if let signed = Int64(exactly: i) { return .int(signed) }
            return .uint(UInt64(truncatingIfNeeded: i))
        case let d as Double: return try number(d)
        case let f as Float:
            // The float's own shortest form, so that it reads back as the same float.
            guard f.isFinite else { return try number(Double(f)) }
            return f == f.rounded() && abs(f) < 1e15 ? .int(Int64(f)) : .number("\(f)")
        default:
            let encoder = NodeEncoder()
            try value.encode(to: encoder)
            return encoder.root
        }
    }

    static func number(_ value: Double) throws -> JSONNode {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "non-finite number"))
        }
        return value == value.rounded() && abs(value) < 1e15 ? .int(Int64(value)) : .number("\(value)")
    }
}

struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: ObjectBox
    var codingPath: [any CodingKey] { [] }

    func put(_ node: JSONNode, _ key: Key) { box.entries.append((key.stringValue, node)) }

    mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { put(try NodeEncoder.number(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { put(try NodeEncoder.number(Double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(.int(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(.uint(UInt64(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(.uint(UInt64(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(.uint(UInt64(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(.uint(UInt64(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(.uint(value), key) }
    mutating func encode(_ value: some Encodable, forKey key: Key) throws { put(try NodeEncoder.node(for: value), key) }
    // Synthesised Codable skips nil optionals with encodeIfPresent; keep that default.

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let nested = ObjectBox()
        put(.object(nested), key)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = ArrayBox()
        put(.array(nested), key)
        return UnkeyedContainer(box: nested)
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder() }
    mutating func superEncoder(forKey key: Key) -> any Encoder { NodeEncoder() }
}

struct UnkeyedContainer: UnkeyedEncodingContainer {
    let box: ArrayBox
    var codingPath: [any CodingKey] { [] }
    var count: Int { box.items.count }

    mutating func encodeNil() throws { box.items.append(.null) }
    mutating func encode(_ value: Bool) throws { box.items.append(.bool(value)) }
    mutating func encode(_ value: String) throws { box.items.append(.string(value)) }
    mutating func encode(_ value: Double) throws { box.items.append(try NodeEncoder.number(value)) }
    mutating func encode(_ value: Int) throws { box.items.append(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { box.items.append(.int(value)) }
    mutating func encode(_ value: UInt64) throws { box.items.append(.uint(value)) }
    mutating func encode(_ value: some Encodable) throws { box.items.append(try NodeEncoder.node(for: value)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        let nested = ObjectBox()
        box.items.append(.object(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = ArrayBox()
        box.items.append(.array(nested))
        return UnkeyedContainer(box: nested)
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder() }
}

struct SingleContainer: SingleValueEncodingContainer {
    let encoder: NodeEncoder
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { encoder.root = .null }
    mutating func encode(_ value: Bool) throws { encoder.root = .bool(value) }
    mutating func encode(_ value: String) throws { encoder.root = .string(value) }
    mutating func encode(_ value: Double) throws { encoder.root = try NodeEncoder.number(value) }
    mutating func encode(_ value: Int) throws { encoder.root = .int(Int64(value)) }
    mutating func encode(_ value: Int64) throws { encoder.root = .int(value) }
    mutating func encode(_ value: UInt64) throws { encoder.root = .uint(value) }
    mutating func encode(_ value: some Encodable) throws { encoder.root = try NodeEncoder.node(for: value) }
}
