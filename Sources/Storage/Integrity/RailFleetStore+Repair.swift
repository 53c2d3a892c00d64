import Domain
import Foundation
import GRDB

extension RailFleetStore {
    /// Every event whose payload or metadata no longer decodes.
    ///
    /// - Complexity: O(events): every event is decoded.
    public func damagedEvents() throws -> [DamagedEvent] {
        try writer.read { db in try EventRow.storedReportingDamage(EventRow.fetch(db)).damaged }
    }

    /// Takes again, from another replica of the fleet, every event of this one that no
    /// longer decodes. A copy is taken only if its bytes hash, chained on this replica's own
    /// previous event, to the hash this replica stored for it: exactly what its device signed,
    /// whoever hands it over. The read models are then rebuilt.
    ///
    /// - Parameter other: another replica's database, opened read-only.
    /// - Returns: the events repaired, and those still damaged (no good copy found).
    /// - Throws: `StorageError` when either database cannot be read or written.
    public func repairDamagedEvents(from other: RailFleetStore) throws -> (
        repaired: [DamagedEvent], remaining: [DamagedEvent]
    ) {
        let damaged = try writer.read { db in
            try EventRow.fetch(db).compactMap { row -> (EventRow, DamagedEvent)? in
                do {
                    _ = try row.decoded()
                    return nil
                } catch { return (row, DamagedEvent(row, error)) }
            }
        }
        var repaired: [DamagedEvent] = []
        var remaining: [DamagedEvent] = []
        for (row, damage) in damaged {
            let copy = try other.writer.read { db in
                try EventRow.fetch(
                    db, where: "device = ? AND counter = ?", arguments: [row.device, row.counter], suffix: "")
            }.first
            let previous =
                try writer.read { db in
                    try Data.fetchOne(
                        db.cachedStatement(sql: "SELECT hash FROM events WHERE device = ? AND counter = ?"),
                        arguments: [row.device, row.counter - 1])
                } ?? HashChain.genesis
            guard let copy, HashChain.hash(of: copy, previous: previous) == row.hash, (try? copy.decoded()) != nil
            else {
                remaining.append(damage)
                continue
            }
            try writer.write { db in
                try db.cachedStatement(
                    sql: """
                        UPDATE events SET hlc_ms = ?, hlc_logical = ?, aggregate_kind = ?, aggregate_id = ?, event_type = ?,
                          schema_version = ?, user = ?, role = ?, correlation_id = ?, causation_id = ?, payload = ?
                        WHERE seq = ?
                        """
                ).execute(arguments: [
                    copy.hlcMs, copy.hlcLogical, copy.aggregateKind, copy.aggregateID, copy.eventType,
                    copy.schemaVersion, copy.user, copy.role, copy.correlationID, copy.causationID, copy.payload,
                    row.seq,
                ])
            }
            repaired.append(damage)
        }
        if !repaired.isEmpty { _ = try rebuildProjections() }
        return (repaired, remaining)
    }
}
