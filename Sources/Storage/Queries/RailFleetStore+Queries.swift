public import Domain
import Foundation
import GRDB

extension RailFleetStore {
    /// Every vehicle (or those named), by fleet number, with its next exam's urgency as of `today`.
    public func fleet(today: Int? = nil, ids: [String]? = nil) throws -> [FleetRow] {
        let day = today ?? UTC.day(ofMs: Self.systemMs())
        return try writer.read { db in
            var filter = SQLFilter()
            if let ids { filter.add("f.vehicle_id", in: ids) }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT f.*, (SELECT count(*) FROM work_orders w WHERE w.vehicle_id = f.vehicle_id AND w.is_open = 1) AS open_wos,
                      (SELECT count(*) FROM defects d WHERE d.vehicle_id = f.vehicle_id AND d.is_open = 1) AS open_defects
                    FROM fleet f \(filter.whereClause) ORDER BY f.fleet_number
                    """, arguments: filter.arguments
            ).map { try Self.fleetRow($0, today: day) }
        }
    }

    static func fleetRow(_ r: Row, today: Int) throws -> FleetRow {
        let odometer: Int = r["odometer_km"]
        var next: FleetRow.NextExam?
        if let level: String = r["next_exam_level"] {
            let due = ExamDue(
                level: level, dueKm: r["next_exam_due_km"], dueDay: r["next_exam_due_day"],
                expectedDay: r["next_exam_expected_day"],
                overdueKm: r["next_exam_overdue_km"], overdueDay: r["next_exam_overdue_day"])
            next = FleetRow.NextExam(due, today: today, odometerKm: odometer)
        }
        return FleetRow(
            vehicleID: r["vehicle_id"], fleetNumber: r["fleet_number"], evn: r["evn"], vehicleClass: r["vehicle_class"],
            kind: VehicleKind(rawValue: r["kind"]), keeper: r["keeper"], depot: r["depot"],
            status: try r.value(VehicleStatus.self, "status"), statusReason: r["status_reason"], odometerKm: odometer,
            tags: StoredList.values(r["tags"]), nextExam: next, openWorkOrders: r["open_wos"],
            openDefects: r["open_defects"])
    }

    public func workOrders(
        status: WorkOrderStatus? = nil, vehicleID: String? = nil, openOnly: Bool = false, ids: [String]? = nil
    ) throws -> [WorkOrderRow] {
        try writer.read { db in
            var filter = SQLFilter()
            if let ids { filter.add("w.work_order_id", in: ids) }
            filter.add("w.status = ?", status?.rawValue)
            filter.add("w.vehicle_id = ?", vehicleID)
            if openOnly { filter.add("w.is_open = 1") }
            // Columns by position: all work orders of a fleet are thousands of rows, and
            // looking columns up by name costs more than reading them.
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT w.work_order_id, w.number, w.vehicle_id, f.fleet_number, w.title, w.type, w.priority, w.status, w.exam_level,
                      w.defect, w.workshop_id, w.technicians, w.planned_day, w.booked_minutes, w.cost_minor, w.failure_code, w.opened_ms
                    FROM work_orders w LEFT JOIN fleet f ON f.vehicle_id = w.vehicle_id
                    \(filter.whereClause) ORDER BY w.opened_ms, w.number
                    """, arguments: filter.arguments)
            var rows: [WorkOrderRow] = []
            while let r = try cursor.next() {
                rows.append(
                    WorkOrderRow(
                        workOrderID: r[0], number: r[1], vehicleID: r[2], fleetNumber: r[3], title: r[4],
                        type: try r.value(WorkOrderType.self, 5, "type"),
                        priority: try r.value(WorkOrderPriority.self, 6, "priority"),
                        status: try r.value(WorkOrderStatus.self, 7, "status"), examLevel: r[8], defect: r[9],
                        workshopID: r[10], technicians: StoredList.values(r[11]),
                        plannedDate: (r[12] as Int?).map(Day.init),
                        bookedMinutes: r[13], cost: Money(minorUnits: r[14]),
                        failureCode: StoredList.failureCode(r[15]),
                        openedAt: Instant(ms: r[16])))
            }
            return rows
        }
    }

    /// Defects, newest first.
    public func defects(vehicleID: String? = nil, openOnly: Bool = false) throws -> [DefectRow] {
        try writer.read { db in
            var filter = SQLFilter()
            filter.add("d.vehicle_id = ?", vehicleID)
            if openOnly { filter.add("d.is_open = 1") }
            return try Row.fetchAll(
                db,
                sql:
                    "SELECT d.*, f.fleet_number FROM defects d LEFT JOIN fleet f ON f.vehicle_id = d.vehicle_id \(filter.whereClause) ORDER BY d.reported_ms DESC, d.defect_id",
                arguments: filter.arguments
            ).map { r in
                DefectRow(
                    defectID: r["defect_id"], vehicleID: r["vehicle_id"], fleetNumber: r["fleet_number"],
                    description: r["description"], severity: try r.value(DefectSeverity.self, "severity"),
                    system: r["system"], isOpen: r["is_open"], workOrders: StoredList.values(r["work_orders"]),
                    resolution: r["resolution"], reportedAt: Instant(ms: r["reported_ms"]))
            }
        }
    }

    /// Every part (or those named), by part number, with its stock per location.
    public func parts(ids: [String]? = nil) throws -> [PartRow] {
        try writer.read { db in
            var filter = SQLFilter()
            if let ids { filter.add("part_id", in: ids) }
            var levels: [String: [PartRow.StockLevel]] = [:]
            for r in try Row.fetchAll(
                db, sql: "SELECT * FROM stock_levels \(filter.whereClause) ORDER BY part_id, location",
                arguments: filter.arguments)
            {
                levels[r["part_id"], default: []].append(
                    .init(
                        location: r["location"], onHand: r["on_hand"], reserved: r["reserved"],
                        available: r["available"]))
            }
            return try Row.fetchAll(
                db, sql: "SELECT * FROM parts \(filter.whereClause) ORDER BY part_number", arguments: filter.arguments
            ).map { r in
                let available: Int = r["available"]
                let reorder: Int = r["reorder_point"]
                return PartRow(
                    partID: r["part_id"], partNumber: r["part_number"], name: r["name"],
                    kind: try r.value(PartKind.self, "kind"),
                    unit: r["unit"],
                    minimum: r["minimum"], maximum: r["maximum"], reorderPoint: reorder,
                    leadTimeDays: r["lead_time_days"],
                    unitCost: Money(minorUnits: r["unit_cost_minor"], currency: r["currency"]), onHand: r["on_hand"],
                    reserved: r["reserved"], available: available, belowReorderPoint: available <= reorder,
                    locations: levels[r["part_id"]] ?? [])
            }
        }
    }

    public func users() throws -> [UserRow] {
        try writer.read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT name, role FROM users ORDER BY name")).map {
                UserRow(name: $0[0], role: try $0.value(Role.self, 1, "role"))
            }
        }
    }

    public func workshops() throws -> [WorkshopRow] {
        try writer.read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM workshops ORDER BY name")).map { r in
                WorkshopRow(
                    workshopID: r["workshop_id"], name: r["name"], depot: r["depot"], roads: r["roads"],
                    skills: StoredList.values(r["skills"]))
            }
        }
    }

    /// Open conflict notices across the replica, including fleet numbers registered twice.
    public func conflicts() throws -> [ConflictNotice] {
        try writer.read { db in
            var notices = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM conflicts ORDER BY aggregate_kind, aggregate_id, key")
            ).compactMap { r -> ConflictNotice? in
                guard let kind = AggregateKind(rawValue: r["aggregate_kind"]) else { return nil }
                return ConflictNotice(
                    key: r["key"], aggregate: AggregateRef(kind, r["aggregate_id"]), message: r["message"],
                    resolutions: StoredList.values(r["resolutions"]))
            }
            // Identifiers registered twice on two terminals at once: fleet numbers and EVNs.
            for (column, key, what) in [
                ("fleet_number", "duplicate-fleet-number", "fleet number"), ("evn", "duplicate-evn", "EVN"),
            ] {
                for r in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(column) AS value, group_concat(vehicle_id, ', ') AS ids FROM fleet WHERE status != 'withdrawn'
                        GROUP BY \(column) HAVING count(*) > 1
                        """)
                {
                    let value: String = r["value"]
                    let ids: String = r["ids"]
                    notices.append(
                        ConflictNotice(
                            key: key, aggregate: AggregateRef(.vehicle, ids),
                            message: "\(what) \(value) was registered concurrently for \(ids); withdraw one",
                            resolutions: []))
                }
            }
            // Part numbers (ignoring case) and workshop names registered twice at once.
            for (sql, kind, key, what, advice) in [
                (
                    "SELECT lower(part_number) AS value, group_concat(part_id, ', ') AS ids FROM parts GROUP BY lower(part_number) HAVING count(*) > 1",
                    AggregateKind.part, "duplicate-part-number", "part number",
                    "book against one and move the other's stock to it"
                ),
                (
                    "SELECT name AS value, group_concat(workshop_id, ', ') AS ids FROM workshops GROUP BY name HAVING count(*) > 1",
                    AggregateKind.workshop, "duplicate-workshop-name", "workshop name",
                    "assign work to one of them"
                ),
            ] {
                for r in try Row.fetchAll(db, sql: sql) {
                    let value: String = r["value"]
                    let ids: String = r["ids"]
                    notices.append(
                        ConflictNotice(
                            key: key, aggregate: AggregateRef(kind, ids),
                            message: "\(what) \(value) was registered concurrently for \(ids); \(advice)",
                            resolutions: []))
                }
            }
            // Admins demoted concurrently on two terminals can leave the fleet without one.
            let admins =
                try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM users WHERE role = 'admin'")) ?? 0
            let users = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM users")) ?? 0
            if admins == 0, users > 0 {
                notices.append(
                    ConflictNotice(
                        key: "no-admin", aggregate: AggregateRef(.user, "*"),
                        message:
                            "the fleet has no admin (admins were demoted concurrently); on the founding terminal run `railfleet user restore-admin NAME`",
                        resolutions: []))
            }
            return notices
        }
    }

    /// Events of the log, oldest first, filtered.
    public func events(_ filter: EventFilter = EventFilter()) throws -> [StoredEvent] {
        try writer.read { db in
            var conditions = SQLFilter()
            conditions.add("aggregate_id = ?", filter.aggregateID)
            conditions.add("event_type = ?", filter.eventType)
            conditions.add("user = ?", filter.user)
            conditions.add("hlc_ms >= ?", filter.sinceMs)
            conditions.add("hlc_ms <= ?", filter.untilMs)
            conditions.add("device = ?", filter.id?.device.rawValue)
            conditions.add("counter = ?", filter.id.map { Int64(bitPattern: $0.counter) })
            let limit = filter.limit.map { "LIMIT \($0)" } ?? ""
            // The newest N, shown oldest first.
            let rows = try EventRow.fetch(
                db, where: conditions.conditions, arguments: conditions.arguments,
                suffix: "ORDER BY hlc_ms DESC, hlc_logical DESC, device DESC \(limit)")
            return try EventRow.stored(rows.reversed())
        }
    }

    /// The events stored after local position `seq` up to `last`, in the order `events()` gives
    /// them, and how many events the log holds up to `last`. A reader that held the log up to
    /// `seq` and finds it held that many plus these is up to date; else events were removed
    /// since (a retired device's cut tail), and it reads the whole log again.
    public func events(storedAfter seq: Int64, through last: Int64) throws -> (gained: [StoredEvent], held: Int) {
        try writer.read { db in
            let rows = try EventRow.fetch(
                db, where: "seq > ? AND seq <= ?", arguments: [seq, last],
                suffix: "ORDER BY hlc_ms, hlc_logical, device")
            let held =
                try Int.fetchOne(
                    db.cachedStatement(sql: "SELECT count(*) FROM events WHERE seq <= ?"), arguments: [last])
                ?? 0
            return (try EventRow.stored(rows), held)
        }
    }

    /// The newest local sequence number: an index seek, cheap enough to poll while idle.
    public var lastSeq: Int64 {
        get throws {
            try writer.read { db in try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(seq) FROM events")) ?? 0 }
        }
    }

    public var eventCount: Int {
        get throws {
            try writer.read { db in try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM events")) ?? 0 }
        }
    }

    /// How many events this replica ever stored (its newest local position): one index seek,
    /// where `eventCount` counts every row.
    public var storedCount: Int {
        get throws {
            try writer.read { db in try Int.fetchOne(db.cachedStatement(sql: "SELECT max(seq) FROM events")) ?? 0 }
        }
    }

    /// The current state of one aggregate, from the cache or snapshot plus later events.
    public func aggregate(_ ref: AggregateRef, useSnapshot: Bool = true) throws -> AnyAggregate? {
        try writer.read { db in try AggregateCache.read(ref, db, useSnapshot: useSnapshot)?.aggregate }
    }

    // MARK: Resolving what a person types

    /// A vehicle's id from its id or fleet number.
    public func resolveVehicle(_ text: String) throws -> String {
        try resolve(text, what: "vehicle", sql: "SELECT vehicle_id FROM fleet WHERE vehicle_id = ? OR fleet_number = ?")
    }

    /// A work order's id from its id or number (case-insensitive).
    public func resolveWorkOrder(_ text: String) throws -> String {
        try resolve(
            text, what: "work order",
            sql: "SELECT work_order_id FROM work_orders WHERE work_order_id = ? OR number = upper(?)")
    }

    public func resolvePart(_ text: String) throws -> String {
        try resolve(text, what: "part", sql: "SELECT part_id FROM parts WHERE part_id = ? OR part_number = ?")
    }

    public func resolveWorkshop(_ text: String) throws -> String {
        try resolve(text, what: "workshop", sql: "SELECT workshop_id FROM workshops WHERE workshop_id = ? OR name = ?")
    }

    private func resolve(_ text: String, what: String, sql: String) throws -> String {
        let ids = try writer.read { db in try String.fetchAll(db, sql: sql, arguments: [text, text]) }
        switch Set(ids).count {
        case 0: throw StorageError(.domain(.notFound), "no \(what) '\(text)'")
        case 1: return ids[0]
        default:
            throw StorageError(
                .ambiguous, "'\(text)' names \(ids.count) \(what)s (\(ids.joined(separator: ", "))); use the id")
        }
    }
}

extension RailFleetStore {
    /// Any aggregate from what a person types: a fleet number, work-order number, part number,
    /// workshop name or user name, or an id; `kind` narrows the search.
    public func resolveAggregate(_ text: String, kind: AggregateKind? = nil) throws -> AggregateRef {
        let resolvers: [(AggregateKind, (String) throws -> String)] = [
            (.vehicle, resolveVehicle), (.workOrder, resolveWorkOrder), (.part, resolvePart),
            (.workshop, resolveWorkshop),
        ]
        for (k, resolve) in resolvers where kind == nil || kind == k {
            if let id = try? resolve(text) { return AggregateRef(k, id) }
        }
        let kinds = try writer.read { db in
            try String.fetchAll(
                db.cachedStatement(sql: "SELECT DISTINCT aggregate_kind FROM events WHERE aggregate_id = ?"),
                arguments: [text])
        }.compactMap(AggregateKind.init(rawValue:)).filter { kind == nil || $0 == kind }
        switch kinds.count {
        case 1: return AggregateRef(kinds[0], text)
        case 0: throw StorageError(.domain(.notFound), "no \(kind?.rawValue ?? "entity") '\(text)' in the log")
        default:
            throw StorageError(
                .ambiguous, "'\(text)' names a \(kinds.map(\.rawValue).joined(separator: " and a ")); give the type")
        }
    }
}

/// WHERE conditions built from optional filters: a filter that is nil adds nothing.
struct SQLFilter {
    private var clauses: [String] = []
    private(set) var values: [(any DatabaseValueConvertible)?] = []

    mutating func add(_ clause: String, _ value: (any DatabaseValueConvertible)?) {
        guard let value else { return }
        clauses.append(clause)
        values.append(value)
    }

    /// A condition without a parameter.
    mutating func add(_ clause: String) { clauses.append(clause) }

    /// `column IN (values…)`; no values matches nothing.
    mutating func add(_ column: String, in values: [String]) {
        clauses.append(
            values.isEmpty ? "0" : "\(column) IN (\(Array(repeating: "?", count: values.count).joined(separator: ",")))"
        )
        self.values += values.map { $0 as (any DatabaseValueConvertible)? }
    }

    var conditions: String { clauses.isEmpty ? "1" : clauses.joined(separator: " AND ") }
    var whereClause: String { "WHERE " + conditions }
    var arguments: StatementArguments { StatementArguments(values) }
}

extension Row {
    /// A column holding one of a domain vocabulary's words. A read model is written by this
    /// program only, so any other text means the file was changed behind its back: say so
    /// and how to mend it, rather than show a guess.
    func value<T: RawRepresentable>(_ type: T.Type, _ column: String) throws -> T where T.RawValue == String {
        try Self.word(T.self, self[column], column)
    }

    /// The same by column position, for the queries that read thousands of rows.
    func value<T: RawRepresentable>(_ type: T.Type, _ index: Int, _ column: String) throws -> T
    where T.RawValue == String {
        try Self.word(T.self, self[index], column)
    }

    private static func word<T: RawRepresentable>(_ type: T.Type, _ text: String?, _ column: String) throws -> T
    where T.RawValue == String {
        guard let text, let value = T(rawValue: text) else {
            throw StorageError(
                .corruptDatabase,
                "the read models hold '\(text ?? "null")' as a \(column); run `railfleet projections rebuild`")
        }
        return value
    }
}

extension FleetRow.NextExam {
    /// The next exam as a person reads it, its urgency judged against `today`.
    init(_ due: ExamDue, today: Int, odometerKm: Int) {
        self.init(
            level: due.level, dueKm: due.dueKm, dueDate: Day(due.dueDay), expectedDate: Day(due.expectedDay),
            urgency: due.urgency(today: today, odometerKm: odometerKm))
    }
}
