import Analytics
import ArgumentParser
import Domain
import Export
import Foundation

/// How a report is written: aligned for people, JSON for scripts, CSV (RFC 4180) or a workbook.
enum ReportFormat: String, CaseIterable {
    case table, json, csv, xlsx

    init(_ text: String?, json: Bool, out: String?) throws {
        guard let text else {
            self = json ? .json : .table
            return
        }
        guard let format = ReportFormat(rawValue: text) else {
            throw ValidationError("--format \(Text.escaped(text)) is not table, json, csv or xlsx")
        }
        if format == .xlsx, out == nil { throw ValidationError("--format xlsx writes a file: give --out FILE.xlsx") }
        self = format
    }
}

/// A report's rows as every format writes them: a group, a period, and its figures.
struct KPITable {
    let rows: [KPIRow]
    let grouping: Grouping
    let granularity: Granularity?

    /// What the table shows unless asked otherwise: the first twelve main figures, which fit
    /// a wide terminal; the others are one --kpi away.
    static func defaults(_ grouping: Grouping) -> [KPI] { Array(KPI.main(grouping).prefix(12)) }

    func table(_ shown: [KPI]) -> Table {
        var table = Table(headers: [grouping.rawValue.uppercased(), "PERIOD"] + shown.map(\.heading))
        for row in rows {
            table.add(cells: [row.group, row.period.label(granularity)] + shown.map { Self.text($0, row.value($0)) })
        }
        return table
    }

    /// A figure as people read it: shares in percent, money and ratios to two places.
    static func text(_ kpi: KPI, _ value: Double?) -> String {
        guard let value else { return "-" }
        if kpi.isShare { return String(format: "%.1f%%", value * 100) }
        switch kpi {
        case .kmRun, .failures, .repairs, .examsDue, .examsOnTime, .overdueExams, .backlog, .repeatDefects,
            .ordersCompleted, .daysOutOfStock, .partsAtReorder:
            return String(format: "%.0f", value)
        case .labourCost, .partsCost, .cost, .costPer1000Km: return String(format: "%.2f", value)
        default: return String(format: "%.1f", value)
        }
    }
}

/// A drill-down as people and scripts read it.
struct KPIExplanationView {
    let explanation: KPIExplanation
    let granularity: Granularity?

    init(_ explanation: KPIExplanation, granularity: Granularity?) {
        self.explanation = explanation
        self.granularity = granularity
    }

    /// The drill-down as a JSON object.
    var json: String { KPISheets.json(explanation) }

    /// Says the drill-down to people: the value, what it is made of, and each contribution.
    func print() {
        let e = explanation
        say(
            "\(e.kpi.rawValue) of \(e.row.group), \(e.row.period.label(granularity)): \(KPITable.text(e.kpi, e.row.value(e.kpi)))"
        )
        let inputs = e.kpi.inputs.map { m in
            let (value, unit) = m.readable(e.row.measures[m])
            return "\(m.name) \(CSVFile.number((value * 100).rounded() / 100))\(unit.isEmpty ? "" : " " + unit)"
        }
        say("from \(inputs.joined(separator: ", ")); \(e.evidence.count) contributions")
        var table = Table("WHEN", "SUBJECT", "WHAT", "EVENTS")
        for item in e.evidence {
            table.add(
                UTC.format(ms: item.ms), item.subject, item.text, item.events.map(\.description).joined(separator: " "))
        }
        say(table)
    }

    /// Several drill-downs: a JSON array, or one after the other with a blank line between.
    static func write(_ views: [KPIExplanationView], json: Bool) {
        if json { return say(verbatim: "[\n" + views.map(\.json).joined(separator: ",\n") + "\n]") }
        for (i, view) in views.enumerated() {
            if i > 0 { say("") }
            view.print()
        }
    }
}
