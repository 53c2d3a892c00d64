import Foundation
import Domain

/// The bytes an event's hash covers: a JSON object with keys in fixed (sorted) order and no
/// whitespace. Every replica builds the same bytes from the same stored columns.
///
/// `recorded_ms` is left out on purpose: it is local to each replica.
enum CanonicalEncoding {
    static func bytes(of row: EventRow) -> [UInt8] {
        var out = "{\"aggregate_id\":"
        out.reserveCapacity(row.payload.utf8.count + 256)
        appendString(row.aggregateID, to: &out)
        out += ",\"aggregate_kind\":"
        appendString(row.aggregateKind, to: &out)
        out += ",\"causation_id\":"
        if let c = row.causationID { appendString(c, to: &out) } else { out += "null" }
        out += ",\"correlation_id\":"
        appendString(row.correlationID, to: &out)
        out += ",\"counter\":\(row.counter),\"device\":"
        appendString(row.device, to: &out)
        out += ",\"event_type\":"
        appendString(row.eventType, to: &out)
        out += ",\"hlc_logical\":\(row.hlcLogical),\"hlc_ms\":\(row.hlcMs),\"payload\":"
        out += row.payload
        out += ",\"role\":"
        appendString(row.role, to: &out)
        out += ",\"schema_version\":\(row.schemaVersion),\"user\":"
        appendString(row.user, to: &out)
        out += "}"
        return Array(out.utf8)
    }

    static func appendString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
