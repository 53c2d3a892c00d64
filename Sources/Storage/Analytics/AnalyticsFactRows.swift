public import Domain
import Foundation
import GRDB

/// How an `AnalyticsFact` is kept in `analytics_facts`: a kind code and a few generic columns
/// (`a`…`d` text, `x`…`z` integers), so that loading every fact of the fleet reads plain
/// values and never parses an event's JSON again.
enum AnalyticsFactRows {
    static let columns = "device, counter, hlc_ms, hlc_logical, kind, a, b, c, d, x, y, z"

    /// Writes the facts of stored events; an event already there is written again as the same.
    static func insert(_ events: some Sequence<RecordedEvent>, _ db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO analytics_facts (\(columns), recorded_ms, leg)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for event in events {
            for (leg, fact) in AnalyticsFact.of(event).enumerated() {
                let (kind, text, ints) = encode(fact.body)
                var values: [(any DatabaseValueConvertible)?] = [
                    fact.event.device.rawValue, Int64(bitPattern: fact.event.counter), fact.ms, Int64(fact.logical),
                    kind,
                ]
                for t in text { values.append(t) }
                for i in ints { values.append(i) }
                values.append(event.recordedAtMs)
                values.append(leg)
                try statement.execute(arguments: StatementArguments(values))
            }
        }
    }

    typealias Encoded = (kind: Int, text: [String?], ints: [Int64?])

    static func encode(_ body: AnalyticsFact.Body) -> Encoded {
        func row(_ kind: Int, _ text: [String?], _ ints: [Int64?] = []) -> Encoded {
            (
                kind, text + Array(repeating: nil, count: 4 - text.count),
                ints + Array(repeating: nil, count: 3 - ints.count)
            )
        }
        switch body {
        case .vehicleRegistered(let v, let number, let cls, let depot, let km):
            return row(1, [v, number, cls, depot], [Int64(km)])
        case .depotChanged(let v, let depot): return row(2, [v, depot])
        case .status(let v, let status): return row(3, [v, status.rawValue])
        case .reading(let v, let km): return row(4, [v], [Int64(km)])
        case .correction(let v, let km, let withdrawn):
            return row(5, [v, StoredList.text(withdrawn.map(\.description))], [Int64(km)])
        case .exam(let v, let level, let km, let day): return row(6, [v, level], [Int64(km), Int64(day)])
        case .examLevel(let d):
            return row(
                7, [d.vehicleClass, d.level, StoredList.text(d.includes)],
                [Int64(d.intervalKm), Int64(d.intervalDays), Int64(d.tolerancePercent)])
        case .defect(let defect, let v, let severity, let system):
            return row(8, [defect, v, severity.rawValue, system])
        case .defectLinked(let defect, let order): return row(9, [defect, order])
        case .defectClosed(let defect, let order): return row(10, [defect, order])
        case .orderOpened(let order, let v, let number, let type): return row(11, [order, v, number, type.rawValue])
        case .orderStage(let order, let stage): return row(12, [order, stage.rawValue])
        case .orderCancelled(let order): return row(13, [order])
        case .orderAssigned(let order, let workshop): return row(14, [order, workshop])
        case .hours(let order, let minutes, let rate): return row(15, [order], [Int64(minutes), rate])
        case .partBooked(let order, let part, let quantity, let cost):
            return row(16, [order, part], [Int64(quantity), cost])
        case .workshop(let w, let name): return row(17, [w, name])
        case .partRegistered(let part, let number, let reorder): return row(18, [part, number], [Int64(reorder)])
        case .stock(let part, let location, let delta, let reason):
            return row(19, [part, location, reason.rawValue], [Int64(delta)])
        }
    }

    /// A fact read back; nil when the row does not hold one (edited behind RailFleet's back).
    static func decode(_ row: Row) -> AnalyticsFact? {
        let kind: Int = row[4]
        let a: String = row[5]
        let b: String? = row[6]
        let c: String? = row[7]
        let d: String? = row[8]
        let x: Int64? = row[9]
        let y: Int64? = row[10]
        let z: Int64? = row[11]
        func int(_ v: Int64?) -> Int? { v.flatMap { Int(exactly: $0) } }
        let body: AnalyticsFact.Body?
        switch kind {
        case 1:
            guard let b, let c, let d, let km = int(x) else { return nil }
            body = .vehicleRegistered(vehicle: a, fleetNumber: b, vehicleClass: c, depot: d, km: km)
        case 2: body = b.map { .depotChanged(vehicle: a, depot: $0) }
        case 3: body = b.flatMap(VehicleStatus.init(rawValue:)).map { .status(vehicle: a, status: $0) }
        case 4: body = int(x).map { .reading(vehicle: a, km: $0) }
        case 5:
            guard let b, let km = int(x) else { return nil }
            body = .correction(vehicle: a, km: km, withdrawn: StoredList.values(b).compactMap(EventID.init(parsing:)))
        case 6:
            guard let b, let km = int(x), let day = int(y) else { return nil }
            body = .exam(vehicle: a, level: b, km: km, day: day)
        case 7:
            guard let b, let c, let km = int(x), let days = int(y), let tolerance = int(z) else { return nil }
            body = .examLevel(
                ExamLevelDefined(
                    vehicleClass: a, level: b, intervalKm: km, intervalDays: days, tolerancePercent: tolerance,
                    includes: StoredList.values(c)))
        case 8:
            guard let b, let severity = c.flatMap(DefectSeverity.init(rawValue:)), let d else { return nil }
            body = .defect(defect: a, vehicle: b, severity: severity, system: d)
        case 9: body = b.map { .defectLinked(defect: a, order: $0) }
        case 10: body = .defectClosed(defect: a, order: b)
        case 11:
            guard let b, let c, let type = d.flatMap(WorkOrderType.init(rawValue:)) else { return nil }
            body = .orderOpened(order: a, vehicle: b, number: c, type: type)
        case 12: body = b.flatMap(WorkOrderStage.init(rawValue:)).map { .orderStage(order: a, stage: $0) }
        case 13: body = .orderCancelled(order: a)
        case 14: body = b.map { .orderAssigned(order: a, workshop: $0) }
        case 15:
            guard let minutes = int(x), let rate = y else { return nil }
            body = .hours(order: a, minutes: minutes, rateMinor: rate)
        case 16:
            guard let b, let quantity = int(x), let cost = y else { return nil }
            body = .partBooked(order: a, part: b, quantity: quantity, unitCostMinor: cost)
        case 17: body = b.map { .workshop(workshop: a, name: $0) }
        case 18:
            guard let b, let reorder = int(x) else { return nil }
            body = .partRegistered(part: a, partNumber: b, reorderPoint: reorder)
        case 19:
            guard let b, let reason = c.flatMap(StockMoveReason.init(rawValue:)), let delta = int(x) else { return nil }
            body = .stock(part: a, location: b, delta: delta, reason: reason)
        default: body = nil
        }
        guard let body, let counter = UInt64(exactly: row[1] as Int64), let logical = UInt32(exactly: row[3] as Int64)
        else { return nil }
        return AnalyticsFact(
            event: EventID(device: DeviceID(row[0] as String), counter: counter), ms: row[2], logical: logical,
            body: body)
    }
}

extension RailFleetStore {
    /// Every fact of the fleet's figures that this replica knew as of `ms` on `axis` (all of
    /// them without a time), in no particular order: the figures never depend on it.
    ///
    /// A replica whose file has no facts table (an archived copy written before they existed,
    /// opened read-only; or the table dropped behind RailFleet's back) has them made from
    /// its log instead: slower, the same figures.
    ///
    /// - Throws: `corruptDatabase` when a row no longer holds a fact (`projections rebuild`
    ///   writes them again from the log).
    /// - Complexity: O(facts).
    public func analyticsFacts(asOf ms: Int64? = nil, axis: TimeAxis = .valid) throws -> [AnalyticsFact] {
        try writer.read { db in
            let column = axis == .valid ? "hlc_ms" : "recorded_ms"
            guard try db.tableExists("analytics_facts") else {
                let rows = try EventRow.fetch(db, where: "\(column) <= ?", arguments: [ms ?? .max])
                return try EventRow.storedReportingDamage(rows).events.flatMap { AnalyticsFact.of($0.event) }
            }
            let cursor = try Row.fetchCursor(
                db.cachedStatement(
                    sql: "SELECT \(AnalyticsFactRows.columns) FROM analytics_facts WHERE \(column) <= ?"),
                arguments: [ms ?? .max])
            var facts: [AnalyticsFact] = []
            while let row = try cursor.next() {
                guard let fact = AnalyticsFactRows.decode(row) else {
                    throw StorageError(
                        .corruptDatabase,
                        "an analytics fact of event \(row[0] as String? ?? "?"):\(row[1] as Int64? ?? 0) was changed outside RailFleet; run `railfleet projections rebuild`"
                    )
                }
                facts.append(fact)
            }
            return facts
        }
    }
}
