import Domain

/// The bytes an event's hash covers: a JSON object with keys in fixed (sorted) order and no
/// whitespace, the payload embedded as stored. Every replica builds the same bytes from the
/// same stored columns.
///
/// `recorded_ms` is left out on purpose: it is local to each replica.
enum CanonicalEncoding {
    static func bytes(of row: EventRow) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(row.payload.utf8.count + 320)
        func key(_ name: StaticString, first: Bool = false) {
            if !first { out.append(0x2C) }
            out.append(0x22)
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out += [0x22, 0x3A]
        }
        func number(_ value: Int64) { out += Array(String(value).utf8) }
        out.append(0x7B)
        key("aggregate_id", first: true)
        CanonicalJSON.appendString(row.aggregateID, to: &out)
        key("aggregate_kind")
        CanonicalJSON.appendString(row.aggregateKind, to: &out)
        key("causation_id")
        if let c = row.causationID { CanonicalJSON.appendString(c, to: &out) } else { out += Array("null".utf8) }
        key("correlation_id")
        CanonicalJSON.appendString(row.correlationID, to: &out)
        key("counter")
        number(row.counter)
        key("device")
        CanonicalJSON.appendString(row.device, to: &out)
        key("event_type")
        CanonicalJSON.appendString(row.eventType, to: &out)
        key("hlc_logical")
        number(row.hlcLogical)
        key("hlc_ms")
        number(row.hlcMs)
        key("payload")
        out += row.payload.utf8
        key("role")
        CanonicalJSON.appendString(row.role, to: &out)
        key("schema_version")
        number(Int64(row.schemaVersion))
        // Absent in events written before fleets existed, so their hashes stay as they were.
        if let seen = row.seen {
            key("seen")
            out += seen.utf8
        }
        key("user")
        CanonicalJSON.appendString(row.user, to: &out)
        out.append(0x7D)
        return out
    }
}
