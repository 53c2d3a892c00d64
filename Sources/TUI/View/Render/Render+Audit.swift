import Domain
import Storage

/// The audit pane: the timeline the cursor scrubs, and whether the chains verify.
extension Render {
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
                recorded ? "as known at \($0.label) (recorded time)" : "as of \($0.label)"
            }
            ?? (recorded ? "now, on recorded time" : "now")
        let mark = state.mark.map { " · mark \($0.label)" } ?? ""
        let filters = [
            state.auditFilter.user.map { "user \($0)" },
            state.auditFilter.entity.map { "entity \(timeline.name(of: $0))" }, state.auditFilter.eventType,
        ].compactMap { $0 }
        let shown =
            state.events.visible.count == timeline.events.count
            ? ""
            : " (\(state.events.visible.count) shown\(filters.isEmpty ? "" : ": " + filters.joined(separator: ", ")))"
        // A long history is loaded a window at a time: which part of it is here.
        let window =
            timeline.isWindow
            ? " (events \(timeline.offset + 1)–\(timeline.offset + timeline.events.count) loaded)" : ""
        summary(
            "\(verificationText(state.verification)) · \(timeline.total) events\(window)\(shown) · \(cursor)\(mark)",
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
                row.append(EventSummary.of(e.event.event, naming: { timeline.names[$0] }))
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
}
