public import Domain
public import Foundation

/// The compact binary form of a bundle, for the wire and for files (deflated there).
///
/// Repeated strings (devices, aggregate kinds and ids, event types, users, roles, `seen`)
/// are sent once and then by number; counters and clock stamps as differences from the
/// event before; an event's hash not at all, since the receiver recomputes every hash of a
/// chain anyway and the device's signed head covers the last one. So an event costs its
/// payload and a few bytes, and JSON's slow parsing is avoided.
public enum BundleCodec {
    static let magic = Array("RFB1".utf8)

    public static func encode(_ bundle: EventBundle) -> Data {
        var out = Writer()
        out.bytes(magic)
        out.string(bundle.fleet)
        out.string(bundle.sender ?? "")
        let holds = bundle.holds?.counters.sorted { $0.key < $1.key } ?? []
        out.varint(bundle.holds == nil ? 0 : UInt64(holds.count) + 1)
        for (device, counter) in holds {
            out.string(device.rawValue)
            out.varint(counter)
        }
        out.varint(UInt64(bundle.events.count))
        var lastCounter: [String: Int64] = [:]
        var lastMs: Int64 = 0
        var lastCorrelation = ""
        for e in bundle.events {
            out.interned(e.device)
            out.signed(e.counter - (lastCounter[e.device] ?? 0))
            lastCounter[e.device] = e.counter
            out.signed(e.hlcMs &- lastMs)
            lastMs = e.hlcMs
            out.signed(e.hlcLogical)
            out.interned(e.aggregateKind)
            out.interned(e.aggregateID)
            out.interned(e.eventType)
            out.varint(UInt64(max(0, e.schemaVersion)))
            out.interned(e.user)
            out.interned(e.role)
            if e.correlationID == "\(e.device):\(e.counter)" {
                out.varint(0)
            } else if e.correlationID == lastCorrelation {
                out.varint(1)
            } else {
                out.varint(2)
                out.string(e.correlationID)
            }
            lastCorrelation = e.correlationID
            out.optional(e.causationID)
            out.string(e.payload)
            if let seen = e.seen {
                out.varint(1)
                out.interned(seen)
            } else {
                out.varint(0)
            }
        }
        out.varint(UInt64(bundle.heads.count))
        for h in bundle.heads {
            out.interned(h.device)
            out.signed(h.counter)
            out.data(h.hash)
            out.data(h.signature)
        }
        return Data(out.buffer)
    }

    /// Reads what `encode` wrote; anything else is refused, never trusted.
    public static func decode(_ data: Data) throws -> EventBundle {
        var r = Reader(bytes: [UInt8](data))
        guard try r.bytes(magic.count) == magic else { throw Reader.damaged("it is not a RailFleet bundle") }
        let fleet = try r.string()
        let sender = try r.string()
        var holds: VersionVector?
        let holdCount = try r.count()
        if holdCount > 0 {
            var vector = VersionVector()
            for _ in 0..<(holdCount - 1) { vector.advance(DeviceID(try r.string()), to: try r.varint()) }
            holds = vector
        }
        var events: [LogEntry] = []
        events.reserveCapacity(min(try r.peekCount(), 1 << 20))
        let eventCount = try r.count()
        var lastCounter: [String: Int64] = [:]
        var lastMs: Int64 = 0
        var lastCorrelation = ""
        for _ in 0..<eventCount {
            let device = try r.interned()
            let counter = (lastCounter[device] ?? 0) &+ (try r.signed())
            lastCounter[device] = counter
            lastMs = lastMs &+ (try r.signed())
            let logical = try r.signed()
            let kind = try r.interned()
            let id = try r.interned()
            let type = try r.interned()
            let schema = try r.varint()
            let user = try r.interned()
            let role = try r.interned()
            let correlation: String
            switch try r.varint() {
            case 0: correlation = "\(device):\(counter)"
            case 1: correlation = lastCorrelation
            case 2: correlation = try r.string()
            default: throw Reader.damaged("an event's correlation is malformed")
            }
            lastCorrelation = correlation
            let causation = try r.optional()
            let payload = try r.string()
            let seen: String? = try r.varint() == 0 ? nil : try r.interned()
            guard schema <= 1_000 else { throw Reader.damaged("an event's schema version is out of range") }
            events.append(
                LogEntry(
                    EventRow(
                        seq: 0, device: device, counter: counter, hlcMs: lastMs, hlcLogical: logical, recordedMs: 0,
                        aggregateKind: kind, aggregateID: id, eventType: type, schemaVersion: Int(schema), user: user,
                        role: role, correlationID: correlation, causationID: causation, payload: payload, hash: Data(),
                        seen: seen)))
        }
        var heads: [SignedHead] = []
        for _ in 0..<(try r.count()) {
            heads.append(
                SignedHead(
                    device: try r.interned(), counter: try r.signed(), hash: Data(try r.data()),
                    signature: Data(try r.data())))
        }
        guard r.isAtEnd else { throw Reader.damaged("it has bytes after its end") }
        return EventBundle(
            fleet: fleet, sender: sender.isEmpty ? nil : sender, holds: holds, events: events, heads: heads)
    }
}

private struct Writer {
    var buffer: [UInt8] = []
    var table: [String: UInt64] = [:]

    mutating func bytes(_ b: [UInt8]) { buffer += b }

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            buffer.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        buffer.append(UInt8(v))
    }

    mutating func signed(_ value: Int64) { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        varint(UInt64(utf8.count))
        buffer += utf8
    }

    mutating func data(_ d: Data) {
        varint(UInt64(d.count))
        buffer += d
    }

    mutating func optional(_ s: String?) {
        if let s {
            varint(1)
            string(s)
        } else {
            varint(0)
        }
    }

    /// A string's number when it was sent before; else the next number, then the string.
    mutating func interned(_ s: String) {
        if let index = table[s] {
            varint(index)
        } else {
            let index = UInt64(table.count)
            table[s] = index
            varint(index)
            string(s)
        }
    }
}

private struct Reader {
    let bytes: [UInt8]
    var position = 0
    var table: [String] = []

    init(bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { position == bytes.count }

    static func damaged(_ why: String) -> StorageError {
        var error = StorageError(.rejectedBundle, "the bundle is damaged: \(why)")
        error.refusal = BundleRefusal(rule: .format, event: nil)
        return error
    }

    mutating func bytes(_ n: Int) throws -> [UInt8] {
        guard n >= 0, n <= bytes.count - position else { throw Self.damaged("it is cut short") }
        defer { position += n }
        return Array(bytes[position..<position + n])
    }

    mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.count else { throw Self.damaged("it is cut short") }
            let byte = bytes[position]
            position += 1
            guard shift < 64 else { throw Self.damaged("a number in it is too long") }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// A count that cannot claim more items than bytes remain.
    mutating func count() throws -> Int {
        let n = try varint()
        guard n <= UInt64(bytes.count - position) + 1 else { throw Self.damaged("it claims more items than it holds") }
        return Int(n)
    }

    mutating func peekCount() throws -> Int {
        let saved = position
        defer { position = saved }
        return try count()
    }

    mutating func signed() throws -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    mutating func string() throws -> String {
        let n = try count()
        guard let s = String(validating: try bytes(n), as: UTF8.self) else {
            throw Self.damaged("a text in it is not UTF-8")
        }
        return s
    }

    mutating func data() throws -> [UInt8] { try bytes(try count()) }

    mutating func optional() throws -> String? {
        switch try varint() {
        case 0: return nil
        case 1: return try string()
        default: throw Self.damaged("an optional text is malformed")
        }
    }

    mutating func interned() throws -> String {
        let index = try varint()
        if index < UInt64(table.count) { return table[Int(index)] }
        guard index == UInt64(table.count) else { throw Self.damaged("it names a text it never sent") }
        let s = try string()
        table.append(s)
        return s
    }
}
