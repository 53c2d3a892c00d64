import Domain
import Storage

/// What Enter opens over a pane: a vehicle, a work order or a part with its history.
extension Render {
    static func vehicleDetail(_ d: VehicleDetail, _ buffer: inout CellBuffer) {
        let v = d.vehicle
        var lines: [String] = [
            "\(v.vehicleClass) · \(v.kind?.rawValue ?? "-") · EVN \((try? EVN(v.evn).description) ?? v.evn) · depot \(v.depot ?? "-") · keeper \(v.keeper ?? "-")",
            "status \(v.status)\(v.statusReason.map { " (\($0))" } ?? "") · odometer \(v.odometerKm) km\(v.tags.isEmpty ? "" : " · tags \(v.tags.joined(separator: ", "))")",
            v.nextExam.map {
                "next exam \($0.level): due at \($0.dueKm) km or on \($0.dueDate), expected \($0.expectedDate) [\($0.urgency)]"
            } ?? "no maintenance plan for its class",
            "",
            "Open defects (\(d.defects.count))",
        ]
        lines += d.defects.prefix(4).map { "  \($0.defectID)  [\($0.severity)]  \($0.description)" }
        lines += ["", "Work orders (\(d.workOrders.count), newest first)"]
        lines += d.workOrders.prefix(5).map { "  \($0.number.padding(16))\($0.status.rawValue.padding(21))\($0.title)" }
        lines += ["", "Recent events"]
        lines += d.events.prefix(8).map { historyLine($0, d.names) }
        lines += ["", "Esc or Enter: back"]
        Dialog.draw(title: "\(v.fleetNumber)", lines: lines, into: &buffer)
    }

    static func workOrderDetail(_ d: WorkOrderDetail, _ buffer: inout CellBuffer) {
        let w = d.row
        var lines = [
            "vehicle \(w.fleetNumber ?? w.vehicleID) · \(w.type) · priority \(w.priority) · \(w.status)\(w.examLevel.map { " · exam \($0)" } ?? "")",
            "workshop \(d.fields["workshop"] ?? "-") · planned \(w.plannedDate.map(\.description) ?? "-") · technicians \(w.technicians.isEmpty ? "-" : w.technicians.joined(separator: ", "))",
            "booked \(formatHours(w.bookedHours)) h · cost \(w.cost.formatted) · failure code \(w.failureCode.map(\.description) ?? "-")",
            "opened \(w.openedAt.minute)\(w.defect.map { " · defect: \($0)" } ?? "")",
        ]
        if let parts = d.fields["parts booked"] { lines.append("parts booked: \(parts)") }
        if let tasks = d.fields["tasks"] { lines.append("tasks: \(tasks)") }
        lines += ["", "What was done, newest first"]
        lines += d.events.prefix(12).map { historyLine($0, d.names) }
        lines += ["", "Esc or Enter: back"]
        Dialog.draw(title: "\(w.number) \(w.title)", lines: lines, into: &buffer)
    }

    /// One event in a detail's history: when, who, what, and what it said.
    static func historyLine(_ e: StoredEvent, _ names: [AggregateRef: String]) -> String {
        let when = Instant(ms: e.event.timestamp.physicalMs).minute
        let what = EventSummary.of(e.event.event, naming: { names[$0] })
        return "  \(when)  \(e.event.user.padding(8)) \(e.event.event.eventType.padding(20)) \(what)"
    }

    static func partDetail(_ d: PartDetail, _ buffer: inout CellBuffer) {
        let p = d.part
        var lines = [
            "\(p.kind) · per \(p.unit) \(p.unitCost.formatted) · reorder at \(p.reorderPoint) · lead time \(p.leadTimeDays) days",
            "on hand \(p.onHand) · reserved \(p.reserved) · available \(p.available)\(p.belowReorderPoint ? " · AT OR BELOW REORDER POINT" : "")",
            "",
            "LOCATION".padding(16) + "ON HAND".padding(9) + "RESERVED".padding(10) + "AVAILABLE",
        ]
        lines += p.locations.map {
            $0.location.padding(16) + String($0.onHand).padding(9) + String($0.reserved).padding(10)
                + String($0.available)
        }
        lines += ["", "Latest movements, newest first"] + d.events.prefix(12).map { historyLine($0, d.names) }
        lines += ["", "Esc or Enter: back"]
        Dialog.draw(title: "\(p.partNumber) \(p.name)", lines: lines, into: &buffer)
    }
}
