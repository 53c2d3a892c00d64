import Domain
import Foundation
import GRDB

/// Writes read-model rows as a pure function of aggregate state, so that projecting is
/// idempotent and order-free, and a rebuild from the log gives identical tables.
enum Projector {
    /// Re-renders the read-model rows of one aggregate.
    ///
    /// - Parameters:
    ///   - aggregate: the state to render.
    ///   - previous: the state the rows were last rendered from, if known; child rows that
    ///     did not change are then left alone.
    ///   - examPlan: the maintenance plan of a vehicle class, for due exams.
    ///   - db: the transaction the rows are written in.
    /// - Throws: SQLite's error when a row cannot be written.
    static func write(
        _ aggregate: AnyAggregate, previous: AnyAggregate? = nil, examPlan: (String) -> ExamPlanState?, _ db: Database
    ) throws {
        switch (aggregate, previous) {
        case (.vehicle(let v), let old):
            let plan = v.body.vehicleClass.value.flatMap(examPlan)
            var previousDues: [ExamDue]?
            if case .vehicle(let o)? = old { previousDues = ExamSchedule.dues(vehicle: o.body, plan: plan) }
            try writeVehicle(v, plan: plan, previousDues: previousDues, db)
        case (.workOrder(let w), _): try writeWorkOrder(w, db)
        case (.defect(let d), _):
            guard let r = d.body.report.value else { return }
            try db.cachedStatement(
                sql: """
                    INSERT INTO defects (defect_id, vehicle_id, description, severity, system, is_open, work_orders, resolution, reported_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (defect_id) DO UPDATE SET vehicle_id = excluded.vehicle_id, description = excluded.description,
                      severity = excluded.severity, system = excluded.system, is_open = excluded.is_open,
                      work_orders = excluded.work_orders, resolution = excluded.resolution, reported_ms = excluded.reported_ms
                    """
            ).execute(arguments: [
                d.id, r.vehicleID, r.description, r.severity.rawValue, r.system, !d.body.isClosed,
                StoredList.text(d.body.workOrders.elements.sorted()), d.body.resolution.value,
                d.body.reportedAtMs ?? 0,
            ])
        case (.part(let p), let old):
            var previousState: PartState?
            if case .part(let o)? = old { previousState = o.body }
            try writePart(p, previous: previousState, db)
        case (.user(let u), _):
            guard let name = u.body.name.value, let role = u.body.role.value else { return }
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO users (name, role) VALUES (?, ?)").execute(arguments: [
                name, role.rawValue,
            ])
        case (.workshop(let w), _):
            guard let d = w.body.details.value else { return }
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO workshops (workshop_id, name, depot, roads, skills) VALUES (?, ?, ?, ?, ?)"
            ).execute(arguments: [w.id, d.name, d.depot, d.roads, StoredList.text(d.skills)])
        case (.device(let d), _):
            guard let e = d.body.enrolment.value else { return }
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO devices (device_id, name, public_key) VALUES (?, ?, ?)")
                .execute(arguments: [d.id, e.name, e.publicKey])
        case (.examPlan, _):
            break  // its vehicles are re-rendered by the caller
        case (.model, _):
            break  // the registry reads the aggregate itself
        }
        if previous == nil || previous?.notices != aggregate.notices { try writeConflicts(aggregate, db) }
    }

    static func writeVehicle(
        _ v: Aggregate<VehicleState>, plan: ExamPlanState?, previousDues: [ExamDue]?, _ db: Database
    ) throws {
        let s = v.body
        guard s.isRegistered else { return }
        let dues = ExamSchedule.dues(vehicle: s, plan: plan)
        let next = dues.first
        try db.cachedStatement(
            sql: """
                INSERT INTO fleet (vehicle_id, fleet_number, evn, vehicle_class, kind, keeper, depot, status, status_reason,
                  odometer_km, avg_daily_km, tags, next_exam_level, next_exam_due_km, next_exam_due_day, next_exam_expected_day,
                  next_exam_overdue_km, next_exam_overdue_day, updated_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (vehicle_id) DO UPDATE SET fleet_number = excluded.fleet_number, evn = excluded.evn,
                  vehicle_class = excluded.vehicle_class, kind = excluded.kind, keeper = excluded.keeper, depot = excluded.depot,
                  status = excluded.status, status_reason = excluded.status_reason, odometer_km = excluded.odometer_km,
                  avg_daily_km = excluded.avg_daily_km, tags = excluded.tags, next_exam_level = excluded.next_exam_level,
                  next_exam_due_km = excluded.next_exam_due_km, next_exam_due_day = excluded.next_exam_due_day,
                  next_exam_expected_day = excluded.next_exam_expected_day, next_exam_overdue_km = excluded.next_exam_overdue_km,
                  next_exam_overdue_day = excluded.next_exam_overdue_day, updated_ms = excluded.updated_ms
                """
        ).execute(arguments: [
            v.id, s.fleetNumber.value, s.evn.value, s.vehicleClass.value, s.kind.value?.rawValue, s.keeper.value,
            s.depot.value,
            s.currentStatus.rawValue, s.statusReason.value.flatMap { $0.isEmpty ? nil : $0 }, s.odometerKm,
            ExamSchedule.averageDailyKm(s), StoredList.text(s.tags.elements.sorted()), next?.level, next?.dueKm,
            next?.dueDay, next?.expectedDay, next?.overdueKm, next?.overdueDay, v.lastStamp?.physicalMs ?? 0,
        ])
        guard dues != previousDues else { return }
        // Upsert in place (no index churn); levels dropped from a plan are deleted.
        try deleteRows(of: "due_exams", owner: ("vehicle_id", v.id), keeping: ("level", dues.map(\.level)), db)
        let insertDue = try db.cachedStatement(
            sql: """
                INSERT INTO due_exams (vehicle_id, level, due_km, due_day, expected_day, overdue_km, overdue_day) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (vehicle_id, level) DO UPDATE SET due_km = excluded.due_km, due_day = excluded.due_day,
                  expected_day = excluded.expected_day, overdue_km = excluded.overdue_km, overdue_day = excluded.overdue_day
                """)
        for due in dues {
            try insertDue.execute(arguments: [
                v.id, due.level, due.dueKm, due.dueDay, due.expectedDay, due.overdueKm, due.overdueDay,
            ])
        }
    }

    static func writeWorkOrder(_ w: Aggregate<WorkOrderState>, _ db: Database) throws {
        let s = w.body
        guard let o = s.opened.value else { return }
        try db.cachedStatement(
            sql: """
                INSERT INTO work_orders (work_order_id, number, vehicle_id, title, type, priority, status, is_open, exam_level,
                  defect, workshop_id, technicians, planned_day, booked_minutes, cost_minor, failure_code, opened_ms, updated_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (work_order_id) DO UPDATE SET number = excluded.number, vehicle_id = excluded.vehicle_id,
                  title = excluded.title, type = excluded.type, priority = excluded.priority, status = excluded.status,
                  is_open = excluded.is_open, exam_level = excluded.exam_level, defect = excluded.defect,
                  workshop_id = excluded.workshop_id, technicians = excluded.technicians, planned_day = excluded.planned_day,
                  booked_minutes = excluded.booked_minutes, cost_minor = excluded.cost_minor, failure_code = excluded.failure_code,
                  opened_ms = excluded.opened_ms, updated_ms = excluded.updated_ms
                """
        ).execute(arguments: [
            w.id, o.number, o.vehicleID, o.title, o.type.rawValue, o.priority.rawValue, s.status.rawValue,
            s.status.isOpen,
            o.examLevel, o.defect, s.workshopID.value, StoredList.text(s.technicians.elements.sorted()),
            s.plannedDay.value,
            s.bookedMinutes, s.cost.minorUnits, s.failureCode.value.map(StoredList.text),
            s.reachedAtMs[.requested] ?? 0,
            w.lastStamp?.physicalMs ?? 0,
        ])
    }

    static func writePart(_ p: Aggregate<PartState>, previous: PartState?, _ db: Database) throws {
        let s = p.body
        guard let m = s.master.value else { return }
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO parts (part_id, part_number, name, kind, unit, minimum, maximum, reorder_point, lead_time_days,
                  unit_cost_minor, currency, on_hand, reserved, available)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            p.id, m.partNumber, m.name, m.kind.rawValue, m.unit, m.minimum, m.maximum, m.reorderPoint, m.leadTimeDays,
            m.unitCost.minorUnits, m.unitCost.currency, s.onHand, s.reserved(), s.available,
        ])
        let locations = s.stockLocations
        let oldLocations = previous.map { Set($0.stockLocations) }
        if oldLocations.map({ !$0.isSubset(of: locations) }) ?? true {
            try deleteRows(of: "stock_levels", owner: ("part_id", p.id), keeping: ("location", locations), db)
        }
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO stock_levels (part_id, location, on_hand, reserved, available) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (part_id, location) DO UPDATE SET on_hand = excluded.on_hand, reserved = excluded.reserved,
                  available = excluded.available
                """)
        for location in locations {
            if let previous, previous.onHand(at: location) == s.onHand(at: location),
                previous.reserved(at: location) == s.reserved(at: location),
                oldLocations?.contains(location) == true
            {
                continue
            }
            try insert.execute(arguments: [
                p.id, location, s.onHand(at: location), s.reserved(at: location), s.available(at: location),
            ])
        }
    }

    /// Deletes an owner's child rows whose key is no longer among `keeping`.
    static func deleteRows(
        of table: String, owner: (column: String, id: String), keeping: (column: String, values: [String]),
        _ db: Database
    ) throws {
        let placeholders = Array(repeating: "?", count: keeping.values.count).joined(separator: ",")
        try db.cachedStatement(
            sql: "DELETE FROM \(table) WHERE \(owner.column) = ? AND \(keeping.column) NOT IN (\(placeholders))"
        )
        .execute(arguments: StatementArguments([owner.id] + keeping.values))
    }

    static func writeConflicts(_ aggregate: AnyAggregate, _ db: Database) throws {
        let notices = aggregate.notices
        let ref = aggregate.ref
        if notices.isEmpty {
            // Most aggregates never have a notice; skip the statement when none could exist.
            guard [.vehicle, .workOrder, .part, .user].contains(ref.kind) else { return }
        }
        try db.cachedStatement(sql: "DELETE FROM conflicts WHERE aggregate_kind = ? AND aggregate_id = ?")
            .execute(arguments: [ref.kind.rawValue, ref.id])
        for n in notices {
            try db.cachedStatement(
                sql:
                    "INSERT INTO conflicts (aggregate_kind, aggregate_id, key, message, resolutions) VALUES (?, ?, ?, ?, ?)"
            ).execute(arguments: [ref.kind.rawValue, ref.id, n.key, n.message, StoredList.text(n.resolutions)])
        }
    }
}
