import Domain
import Storage

/// Draws the state into a buffer. Pure: the same state and size give the same screen.
public enum Render {
    public static let minimumWidth = 60
    public static let minimumHeight = 12

    /// Rows a table shows at a given height (tabs, summary, header and status bar take four).
    public static func page(height: Int) -> Int { max(0, height - 4) }

    public static func screen(_ state: AppState, width: Int, height: Int) -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height)
        guard width >= minimumWidth, height >= minimumHeight else {
            buffer.write(
                "Terminal too small (\(width)×\(height)): need \(minimumWidth)×\(minimumHeight)", x: 0, y: 0,
                style: .warning)
            return buffer
        }
        tabs(state, &buffer)
        switch state.pane {
        case .fleet: fleet(state, &buffer)
        case .workOrders: workOrders(state, &buffer)
        case .stock: stock(state, &buffer)
        case .audit: audit(state, &buffer)
        case .forecast: forecast(state, &buffer)
        }
        statusBar(state, &buffer)
        switch state.detail {
        case .vehicle(let d)?: vehicleDetail(d, &buffer)
        case .workOrder(let d)?: workOrderDetail(d, state, &buffer)
        case .part(let d)?: partDetail(d, &buffer)
        case nil: break
        }
        if let changes = state.changes {
            Dialog.draw(
                title: changes.title,
                lines: Array(changes.lines.dropFirst(changes.scroll)) + ["", "j/k scroll · any other key closes"],
                into: &buffer)
        }
        if state.isShowingHelp { help(state, &buffer) }
        if let form = state.form { FormWidget.draw(form, into: &buffer) }
        return buffer
    }

    static func tabs(_ state: AppState, _ buffer: inout CellBuffer) {
        buffer.fill(row: 0, style: .title)
        buffer.write(" RailFleet ", x: 0, y: 0, style: .title)
        var x = 11
        for pane in Pane.allCases {
            let label = " \(pane.rawValue + 1) \(pane.title) "
            buffer.write(label, x: x, y: 0, style: pane == state.pane ? .selected : .title)
            x += DisplayWidth.of(label) + 1
        }
    }

    static func summary(
        _ text: String, filter: String, filtering: Bool, _ buffer: inout CellBuffer, style: Style = .dim
    ) {
        var room = buffer.width
        if filtering || !filter.isEmpty {
            let label = " filter: \(filter)\(filtering ? "▏" : "") "
            room -= DisplayWidth.of(label) + 1
            buffer.write(label, x: room + 1, y: 1, style: .warning)
        }
        buffer.write(" " + text, x: 0, y: 1, style: style, maxWidth: room)
    }

    static func slice<Row>(_ list: ListState<Row>, _ page: Int) -> (rows: [Row], selected: Int?) {
        let indices = list.visible.dropFirst(list.scroll).prefix(page)
        let selected = list.selected - list.scroll
        return (indices.map { list.rows[$0] }, list.visible.isEmpty ? nil : selected)
    }

    static func fleet(_ state: AppState, _ buffer: inout CellBuffer) {
        // KPIs of the visible set, read in place: no copy of 10,000 rows per frame.
        var available = 0
        var overdue = 0
        var defects = 0
        state.fleet.rows.withUnsafeBufferPointer { rows in
            for i in state.fleet.visible {
                if VehicleStatus(rawValue: rows[i].status)?.isAvailable == true { available += 1 }
                if rows[i].nextExam?.urgency == "overdue" { overdue += 1 }
                defects += rows[i].openDefects
            }
        }
        let count = state.fleet.visible.count
        let percent = count == 0 ? 0 : available * 100 / count
        summary(
            "\(count) vehicles · \(available) available (\(percent) %) · \(overdue) exams overdue · \(defects) open defects · by \(state.fleetOrder.rawValue)",
            filter: state.fleet.filter, filtering: state.isFiltering, &buffer)
        let wide = buffer.width >= 120
        var columns: [TableWidget.Column] = [
            .init(title: "FLEET NO", width: 9), .init(title: "CLASS", width: 9), .init(title: "DEPOT", width: 8),
            .init(title: "STATUS", width: 14),
            .init(title: "KM", width: 8, alignRight: true), .init(title: "NEXT EXAM", width: 12),
            .init(title: "DUE", width: 7),
            .init(title: "DEF", width: 3, alignRight: true), .init(title: "WO", width: 2, alignRight: true),
        ]
        if wide {
            columns += [
                .init(title: "EVN", width: 16), .init(title: "KEEPER", width: 20), .init(title: "TAGS", width: 10),
            ]
        }
        let (slice, selected) = slice(state.fleet, page(height: buffer.height))
        let cells = slice.map { v in
            var row = [
                v.fleetNumber, v.vehicleClass, v.depot ?? "-", v.status, String(v.odometerKm),
                v.nextExam.map { "\($0.level) \($0.expectedDate)" } ?? "-",
                v.nextExam?.urgency ?? "-", String(v.openDefects), String(v.openWorkOrders),
            ]
            if wide { row += [(try? EVN(v.evn).description) ?? v.evn, v.keeper ?? "-", v.tags.joined(separator: ",")] }
            return row
        }
        TableWidget(columns: columns).draw(
            into: &buffer, top: 2, height: buffer.height - 3, rows: cells, selected: selected
        ) { i in
            let v = slice[i]
            if v.status == "out-of-service" || v.nextExam?.urgency == "overdue" { return .alert }
            return v.nextExam?.urgency == "due" || v.openDefects > 0 ? .warning : .normal
        }
    }

    static func workOrders(_ state: AppState, _ buffer: inout CellBuffer) {
        let inProgress = state.workOrders.visible.filter { state.workOrders.rows[$0].status == "in-progress" }.count
        let mine = state.isShowingMineOnly ? " assigned to \(state.user)" : ""
        summary(
            "\(state.workOrders.visible.count) \(state.workOrderView.phrase)\(mine) · \(inProgress) in progress · v other states",
            filter: state.workOrders.filter, filtering: state.isFiltering, &buffer)
        // Type and cost only where there is room for them.
        let wide = buffer.width >= 110
        var columns: [TableWidget.Column] = [.init(title: "NUMBER", width: 15), .init(title: "VEHICLE", width: 8)]
        if wide { columns.append(.init(title: "TYPE", width: 10)) }
        columns += [
            .init(title: "PRIO", width: 6), .init(title: "STATUS", width: 20),
            .init(title: "HOURS", width: 5, alignRight: true),
        ]
        if wide { columns.append(.init(title: "COST", width: 13, alignRight: true)) }
        columns.append(.init(title: "TITLE", width: 10))
        let (slice, selected) = slice(state.workOrders, page(height: buffer.height))
        let cells = slice.map { w in
            [w.number, w.fleetNumber ?? "-"] + (wide ? [w.type] : []) + [
                w.priority, w.status, formatHours(w.bookedHours),
            ] + (wide ? [w.cost.formatted] : []) + [w.title]
        }
        TableWidget(columns: columns).draw(
            into: &buffer, top: 2, height: buffer.height - 3, rows: cells, selected: selected
        ) { i in
            slice[i].priority == "urgent" ? .alert : (slice[i].status == "on-hold" ? .warning : .normal)
        }
    }

    static func stock(_ state: AppState, _ buffer: inout CellBuffer) {
        let below = state.parts.visible.filter { state.parts.rows[$0].belowReorderPoint }.count
        summary(
            "\(state.parts.visible.count) parts · \(below) at or below their reorder point", filter: state.parts.filter,
            filtering: state.isFiltering, &buffer)
        let columns: [TableWidget.Column] = [
            .init(title: "PART NO", width: 11), .init(title: "NAME", width: 23), .init(title: "KIND", width: 10),
            .init(title: "ON HAND", width: 7, alignRight: true), .init(title: "RESERVED", width: 8, alignRight: true),
            .init(title: "AVAIL", width: 6, alignRight: true), .init(title: "REORDER", width: 7, alignRight: true),
            .init(title: "", width: 7),
        ]
        let (slice, selected) = slice(state.parts, page(height: buffer.height))
        let cells = slice.map { p in
            [
                p.partNumber, p.name, p.kind, String(p.onHand), String(p.reserved), String(p.available),
                String(p.reorderPoint), p.belowReorderPoint ? "REORDER" : "",
            ]
        }
        TableWidget(columns: columns).draw(
            into: &buffer, top: 2, height: buffer.height - 3, rows: cells, selected: selected
        ) { i in
            slice[i].belowReorderPoint ? .warning : .normal
        }
    }

    static func audit(_ state: AppState, _ buffer: inout CellBuffer) {
        guard let timeline = state.timeline else {
            if let error = state.timelineError {
                summary(
                    error + " · railfleet audit verify names every broken event", filter: "", filtering: false, &buffer,
                    style: .alert)
            } else {
                summary("Loading the history and verifying its chains…", filter: "", filtering: false, &buffer)
            }
            return
        }
        let recorded = timeline.axis == .recorded
        let cursor =
            state.cursor.map {
                recorded ? "as known at \(Update.label($0)) (recorded time)" : "as of \(Update.label($0))"
            }
            ?? (recorded ? "now, on recorded time" : "now")
        let mark = state.mark.map { " · mark \(Update.label($0))" } ?? ""
        let filters = [
            state.auditFilter.user.map { "user \($0)" },
            state.auditFilter.entity.map { "entity \(timeline.name(of: $0))" }, state.auditFilter.eventType,
        ].compactMap { $0 }
        let shown =
            state.events.visible.count == timeline.events.count
            ? ""
            : " (\(state.events.visible.count) shown\(filters.isEmpty ? "" : ": " + filters.joined(separator: ", ")))"
        summary(
            "\(verificationText(state.verification)) · \(timeline.events.count) events\(shown) · \(cursor)\(mark)",
            filter: state.events.filter,
            filtering: state.isFiltering, &buffer, style: state.verification?.holds == false ? .alert : .dim)
        let wide = buffer.width >= 120
        var columns: [TableWidget.Column] = [
            .init(title: recorded ? "RECORDED" : "VALID TIME", width: 19), .init(title: "USER", width: 8),
            .init(title: "DEVICE", width: 8),
            .init(title: "EVENT", width: 22), .init(title: "ENTITY", width: 10),
        ]
        if wide {
            columns.insert(
                contentsOf: [
                    .init(title: recorded ? "VALID TIME" : "RECORDED", width: 19), .init(title: "ROLE", width: 10),
                ], at: 1)
            columns[columns.count - 1] = .init(title: "ENTITY", width: 16)
            columns.append(.init(title: "WHAT", width: 10))
        }
        let (slice, selected) = slice(state.events, page(height: buffer.height))
        let cells = slice.map { e in
            // The axis the cursor moves on comes first.
            let (valid, stored) = (e.event.timestamp.physicalMs, e.event.recordedAtMs)
            let (first, second) = recorded ? (stored, valid) : (valid, stored)
            var row = [
                String(UTC.format(ms: first).prefix(19)), e.event.user,
                String(e.event.id.device.rawValue.prefix(8)),
                e.event.event.eventType, entityLabel(e.event.aggregate, timeline),
            ]
            if wide {
                row.insert(
                    contentsOf: [String(UTC.format(ms: second).prefix(19)), e.event.role.rawValue], at: 1)
                row.append(EventSummary.of(e.event.event))
            }
            return row
        }
        // Events after the cursor have not happened yet, as far as the panes are concerned.
        let cursorIndex = state.cursor?.index ?? Int.max
        let first = state.events.scroll
        TableWidget(columns: columns).draw(
            into: &buffer, top: 2, height: buffer.height - 3, rows: cells, selected: selected
        ) { i in
            state.events.visible[first + i] > cursorIndex ? .dim : .normal
        }
    }

    /// Fleet, work-order and part numbers speak for themselves; other entities say their kind.
    static func entityLabel(_ ref: AggregateRef, _ timeline: Timeline) -> String {
        switch ref.kind {
        case .vehicle, .workOrder, .part: timeline.name(of: ref)
        default: "\(ref.kind.rawValue) \(timeline.name(of: ref))"
        }
    }

    static func verificationText(_ v: Verification?) -> String {
        guard let v else { return "chains not verified yet" }
        return v.holds
            ? "✓ chains verified (\(v.devices) device\(v.devices == 1 ? "" : "s"))"
            : "✗ VERIFICATION FAILED: \(v.problems.count) problems, first \(v.problems[0])"
    }

    static func forecast(_ state: AppState, _ buffer: inout CellBuffer) {
        let chartHeight = buffer.height - 3
        // With the audit cursor in the past, the charts end at its month.
        let forecast =
            state.cursor.map { state.forecast.upTo(month: String(UTC.format(ms: $0.ms).prefix(7))) } ?? state.forecast
        switch state.chart {
        case .failures:
            summary(
                "Failures (defects reported) per month, all classes · f failures · p parts · c costs", filter: "",
                filtering: false, &buffer)
            let total =
                forecast.failures.first.map { first in
                    first.points.indices.map { i in
                        (first.points[i].month, forecast.failures.reduce(0) { $0 + $1.points[i].value })
                    }
                } ?? []
            // The classes as a heat map under the totals, on one scale: which class fails when.
            let legendRows = min(forecast.failures.count, max(0, chartHeight - 9))
            ChartWidget.bars(
                total, title: "defects per month", x: 1, y: 2, width: buffer.width - 2,
                height: chartHeight - legendRows - 1, into: &buffer)
            ChartWidget.heatMap(
                forecast.failures.prefix(legendRows).map { ($0.name, $0.points.map(\.value)) },
                months: total.map(\.0),
                x: 1, y: 2 + chartHeight - legendRows - 1, width: buffer.width - 2, into: &buffer)
        case .consumption:
            let part = state.parts.rows.indices.contains(state.chartPart) ? state.parts.rows[state.chartPart] : nil
            summary(
                "Parts issued per month · j/k choose the part · f failures · c costs", filter: "", filtering: false,
                &buffer)
            let series = part.flatMap { forecast.consumption[$0.partID] }?.points ?? []
            let title =
                part.map {
                    "\($0.partNumber) \($0.name), \($0.unit) per month (on hand \($0.onHand), reorder at \($0.reorderPoint))"
                } ?? "no parts"
            // Below the chart, the parts around the chosen one with their own sparklines to pick from.
            let pickRows = min(state.parts.rows.count, max(0, (chartHeight - 8) / 2))
            ChartWidget.bars(
                series, title: title, x: 1, y: 2, width: buffer.width - 2, height: chartHeight - pickRows, into: &buffer
            )
            let first = max(0, min(state.chartPart - pickRows / 2, state.parts.rows.count - pickRows))
            for (i, p) in state.parts.rows.dropFirst(first).prefix(pickRows).enumerated() {
                let y = 2 + chartHeight - pickRows + i
                let chosen = first + i == state.chartPart
                let values = forecast.consumption[p.partID]?.points.map(\.value) ?? []
                buffer.write(
                    "\(chosen ? "▸" : " ") \(p.partNumber.padding(12)) \(String(Int(values.reduce(0, +))).leftPadded(6)) ",
                    x: 1, y: y, style: chosen ? .selected : .normal)
                buffer.write(ChartWidget.sparkline(values, width: buffer.width - 26), x: 24, y: y, style: .warning)
            }
        case .costs:
            summary(
                "Maintenance cost per month (labour and parts booked) · f failures · p parts", filter: "",
                filtering: false, &buffer)
            ChartWidget.line(
                forecast.costs?.points ?? [], title: "cost per month, EUR", x: 1, y: 2, width: buffer.width - 2,
                height: chartHeight, into: &buffer)
        }
    }

    static func vehicleDetail(_ d: VehicleDetail, _ buffer: inout CellBuffer) {
        let v = d.vehicle
        var lines: [String] = [
            "\(v.vehicleClass) · \(v.kind) · EVN \((try? EVN(v.evn).description) ?? v.evn) · depot \(v.depot ?? "-") · keeper \(v.keeper ?? "-")",
            "status \(v.status)\(v.statusReason.map { " (\($0))" } ?? "") · odometer \(v.odometerKm) km\(v.tags.isEmpty ? "" : " · tags \(v.tags.joined(separator: ", "))")",
            v.nextExam.map {
                "next exam \($0.level): due at \($0.dueKm) km or on \($0.dueDate), expected \($0.expectedDate) [\($0.urgency)]"
            } ?? "no maintenance plan for its class",
            "",
            "Open defects (\(d.defects.count))",
        ]
        lines += d.defects.prefix(4).map { "  \($0.defectID)  [\($0.severity)]  \($0.description)" }
        lines += ["", "Work orders (\(d.workOrders.count), newest first)"]
        lines += d.workOrders.prefix(5).map { "  \($0.number.padding(16))\($0.status.padding(21))\($0.title)" }
        lines += ["", "Recent events"]
        lines += d.events.prefix(8).map(historyLine)
        lines += ["", "Esc or Enter: back"]
        Dialog.draw(title: "\(v.fleetNumber)", lines: lines, into: &buffer)
    }

    static func workOrderDetail(_ d: WorkOrderDetail, _ state: AppState, _ buffer: inout CellBuffer) {
        let w = d.row
        let workshop = w.workshopID.map { id in state.workshops.first { $0.workshopID == id }?.name ?? id }
        // Part ids read as part numbers.
        let partNumbers = Dictionary(
            state.parts.rows.map { ($0.partID, $0.partNumber) }, uniquingKeysWith: { a, _ in a })
        let parts = d.fields["parts booked"].map { text in
            text.split(separator: ", ").map { entry in
                let id = String(entry.prefix { $0 != " " })
                return (partNumbers[id] ?? id) + entry.dropFirst(id.count)
            }.joined(separator: ", ")
        }
        var lines = [
            "vehicle \(w.fleetNumber ?? w.vehicleID) · \(w.type) · priority \(w.priority) · \(w.status)\(w.examLevel.map { " · exam \($0)" } ?? "")",
            "workshop \(workshop ?? "-") · planned \(w.plannedDate ?? "-") · technicians \(w.technicians.isEmpty ? "-" : w.technicians.joined(separator: ", "))",
            "booked \(formatHours(w.bookedHours)) h · cost \(w.cost.formatted) · failure code \(w.failureCode ?? "-")",
            "opened \(Update.minute(UTC.parse(w.openedAt) ?? 0))\(w.defect.map { " · defect: \($0)" } ?? "")",
        ]
        if let parts { lines.append("parts booked: \(parts)") }
        if let tasks = d.fields["tasks"] { lines.append("tasks: \(tasks)") }
        lines += ["", "What was done, newest first"]
        lines += d.events.prefix(12).map(historyLine)
        lines += ["", "Esc or Enter: back"]
        Dialog.draw(title: "\(w.number) \(w.title)", lines: lines, into: &buffer)
    }

    /// One event in a detail's history: when, who, what, and what it said.
    static func historyLine(_ e: StoredEvent) -> String {
        "  \(Update.minute(e.event.timestamp.physicalMs))  \(e.event.user.padding(8)) \(e.event.event.eventType.padding(20)) \(EventSummary.of(e.event.event))"
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
        lines += ["", "Latest movements, newest first"] + d.events.prefix(12).map(historyLine)
        lines += ["", "Esc or Enter: back"]
        Dialog.draw(title: "\(p.partNumber) \(p.name)", lines: lines, into: &buffer)
    }

    static func statusBar(_ state: AppState, _ buffer: inout CellBuffer) {
        let y = buffer.height - 1
        buffer.fill(row: y, style: .statusBar)
        let sync = state.live.unsynced == 0 ? "synced" : "\(state.live.unsynced) unsynced"
        var left = " \(state.user) (\(state.role.rawValue)) · \(state.device) · \(state.database) · \(sync) "
        if let cursor = state.cursor {
            // Said plainly, where every pane shows it: this is the past and nothing can be written.
            let past =
                state.timeline?.axis == .recorded
                ? " AS KNOWN HERE AT \(Update.label(cursor)) UTC · read-only "
                : " AS OF \(Update.label(cursor)) UTC · read-only "
            buffer.write(past, x: 0, y: y, style: .alert)
            buffer.write(left, x: DisplayWidth.of(past), y: y, style: .statusBar)
            left = past + left
        } else {
            buffer.write(left, x: 0, y: y, style: .statusBar)
        }
        let paneHints =
            state.pane == .audit
            ? KeyBindings.timelineHints : KeyBindings.offered(in: state).map { "\($0.key) \($0.description)" }
        let hints = paneHints + ["/ filter", "? help", "q quit"]
        let right = state.message ?? hints.joined(separator: " · ")
        let x = DisplayWidth.of(left) + 1
        buffer.write(right, x: x, y: y, style: state.message == nil ? .statusBar : .warning, maxWidth: buffer.width - x)
    }

    static func help(_ state: AppState, _ buffer: inout CellBuffer) {
        // The current pane's keys first: on a small screen the general ones are cut.
        var lines: [String] = []
        let offered = KeyBindings.offered(in: state)
        if state.pane == .audit {
            lines +=
                ["Audit timeline:"] + KeyBindings.timeline.map { "\($0.keys.padding(20)) \($0.description)" } + [""]
        } else if !offered.isEmpty {
            lines +=
                ["\(state.pane.title), as \(state.role.rawValue):"]
                + offered.map { "\(String($0.key).padding(20)) \($0.description)" } + [""]
        } else if state.cursor != nil {
            lines += ["Viewing the past: nothing can be written; . in the audit pane returns to now", ""]
        }
        lines += KeyBindings.global.map { "\($0.keys.padding(20)) \($0.description)" }
        Dialog.draw(title: "Keys", lines: lines + ["", "any key closes"], into: &buffer)
    }

    static func formatHours(_ hours: Double) -> String {
        let tenths = Int((hours * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}

extension String {
    func padding(_ width: Int) -> String {
        let w = DisplayWidth.of(self)
        return w >= width ? self : self + String(repeating: " ", count: width - w)
    }
}
