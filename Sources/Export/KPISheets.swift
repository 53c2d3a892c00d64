public import Analytics
public import Domain
import Predict

/// A report as sheets: the one table every format writes (JSON, CSV, a workbook's sheet),
/// and the sheet of definitions and period a workbook opens with.
public enum KPISheets {
    /// One row per group and period: the group, the period's ends and name, then every
    /// figure that applies to the grouping, named as in docs/ANALYTICS.md.
    public static func table(_ rows: [KPIRow], grouping: Grouping, granularity: Granularity?, name: String? = nil)
        -> Sheet
    {
        let kpis = KPI.allCases.filter { $0.applies(to: grouping) }
        let columns =
            [
                Sheet.Column("group", .text, width: 16), Sheet.Column("from", .instant, width: 19),
                Sheet.Column("to", .instant, width: 19), Sheet.Column("period", .text, width: 12),
            ] + kpis.map { Sheet.Column($0.rawValue, .number(format: $0.numberFormat), width: 14) }
        return Sheet(
            name: name ?? "by \(grouping.rawValue)", columns: columns,
            rows: rows.map { row in
                [
                    .text(row.group), .instant(row.period.from), .instant(row.period.to),
                    .text(row.period.label(granularity)),
                ] + kpis.map { row.value($0).map(Sheet.Cell.number) ?? .empty }
            })
    }

    /// What the figures mean and what they cover.
    public static func definitions(grouping: Grouping, span: ReportPeriod, asOf: Int64) -> Sheet {
        var sheet = Sheet(
            name: "definitions",
            columns: [
                Sheet.Column("figure", .text, width: 18), Sheet.Column("definition", .text, width: 100),
            ])
        sheet.rows = [
            [.text("grouping"), .text(grouping.rawValue)],
            [.text("from"), .text(UTC.format(ms: span.from))],
            [.text("to (exclusive)"), .text(UTC.format(ms: span.to))],
            [.text("as of"), .text(UTC.format(ms: asOf) + ": only what the log held then counts (valid time, UTC)")],
        ]
        for kpi in KPI.allCases where kpi.applies(to: grouping) {
            sheet.rows.append([.text(kpi.rawValue), .text(kpi.definition)])
        }
        return sheet
    }
}

extension KPISheets {
    /// One row per group and figure: the trend test's result over the months.
    public static func trends(_ trends: [KPITrend]) -> Sheet {
        Sheet(
            name: "trends",
            columns: [
                Sheet.Column("group", .text, width: 16), Sheet.Column("kpi", .text, width: 16),
                Sheet.Column("from", .instant, width: 19), Sheet.Column("to", .instant, width: 19),
                Sheet.Column("months", .number(format: "0")), Sheet.Column("direction", .text),
                Sheet.Column("senSlopePerMonth", .number(format: "0.0000"), width: 16),
                Sheet.Column("p", .number(format: "0.0000")), Sheet.Column("z", .number(format: "0.00")),
                Sheet.Column("s", .number(format: "0")), Sheet.Column("method", .text, width: 24),
                Sheet.Column("first", .number(format: "#,##0.00")), Sheet.Column("last", .number(format: "#,##0.00")),
            ],
            rows: trends.map { t in
                let test = t.test
                return [
                    .text(t.group), .text(t.kpi.rawValue), t.months.first.map { .instant($0.period.from) } ?? .empty,
                    t.months.last.map { .instant($0.period.to) } ?? .empty, .number(Double(t.months.count)),
                    .text(t.direction.rawValue), test.map { .number($0.slope) } ?? .empty,
                    test.map { .number($0.p) } ?? .empty, test.map { .number($0.z) } ?? .empty,
                    test.map { .number($0.s) } ?? .empty,
                    .text(test.map { $0.seasonal ? "seasonal Mann-Kendall" : "Mann-Kendall" } ?? "too few months"),
                    t.months.first?.value.map(Sheet.Cell.number) ?? .empty,
                    t.months.last?.value.map(Sheet.Cell.number) ?? .empty,
                ]
            })
    }

    /// The monthly values behind trends, one row per group, figure and month.
    public static func series(_ trends: [KPITrend]) -> Sheet {
        Sheet(
            name: "series",
            columns: [
                Sheet.Column("group", .text, width: 16), Sheet.Column("kpi", .text, width: 16),
                Sheet.Column("period", .text), Sheet.Column("value", .number(format: "#,##0.00")),
            ],
            rows: trends.flatMap { t in
                t.months.map { m in
                    [
                        .text(t.group), .text(t.kpi.rawValue), .text(m.period.label(.month)),
                        m.value.map(Sheet.Cell.number) ?? .empty,
                    ]
                }
            })
    }

    /// One row per group and figure: against a year earlier, the group's own months, and its peers.
    public static func comparisons(_ comparisons: [KPIComparison]) -> Sheet {
        func n(_ v: Double?) -> Sheet.Cell { v.map(Sheet.Cell.number) ?? .empty }
        return Sheet(
            name: "comparison",
            columns: [
                Sheet.Column("group", .text, width: 16), Sheet.Column("kpi", .text, width: 16),
                Sheet.Column("value", .number(format: "#,##0.00")),
                Sheet.Column("yearEarlier", .number(format: "#,##0.00")),
                Sheet.Column("yearOnYear", .number(format: "0.0%")),
                Sheet.Column("ownMean", .number(format: "#,##0.00")),
                Sheet.Column("ownZ", .number(format: "0.00")), Sheet.Column("rank", .number(format: "0")),
                Sheet.Column("peers", .number(format: "0")), Sheet.Column("peerMedian", .number(format: "#,##0.00")),
                Sheet.Column("peerMin", .number(format: "#,##0.00")),
                Sheet.Column("peerMax", .number(format: "#,##0.00")),
            ],
            rows: comparisons.map { c in
                [
                    .text(c.group), .text(c.kpi.rawValue), n(c.value), n(c.yearEarlier), n(c.yearOnYear), n(c.ownMean),
                    n(c.ownZ), n(c.rank.map(Double.init)), .number(Double(c.peers)), n(c.peerMedian), n(c.peerMin),
                    n(c.peerMax),
                ]
            })
    }

    /// One row per group, figure and horizon (3, 6 and 12 months): the total and its bands.
    public static func forecasts(_ forecasts: [KPIForecast], horizons: [Int] = [3, 6, 12]) -> Sheet {
        Sheet(
            name: "forecast",
            columns: [
                Sheet.Column("group", .text, width: 16), Sheet.Column("kpi", .text, width: 12),
                Sheet.Column("months", .number(format: "0")), Sheet.Column("from", .instant, width: 19),
                Sheet.Column("to", .instant, width: 19), Sheet.Column("value", .number(format: "#,##0.00")),
                Sheet.Column("lower80", .number(format: "#,##0.00")),
                Sheet.Column("upper80", .number(format: "#,##0.00")),
                Sheet.Column("lower95", .number(format: "#,##0.00")),
                Sheet.Column("upper95", .number(format: "#,##0.00")),
                Sheet.Column("method", .text),
            ],
            rows: forecasts.flatMap { f in
                horizons.filter { $0 <= f.ahead.count }.map { h in
                    let t = f.total(months: h)
                    return [
                        .text(f.group), .text(f.kpi.rawValue), .number(Double(h)), .instant(f.ahead[0].from),
                        .instant(f.ahead[h - 1].to), .number(t.value), .number(t.lower80), .number(t.upper80),
                        .number(t.lower95), .number(t.upper95), .text(f.forecast.method),
                    ]
                }
            })
    }
}

extension KPISheets {
    /// A drill-down as a JSON object: the figure, its group and period, its value, the
    /// measures it is made of, and each contribution with its events.
    public static func json(_ e: KPIExplanation) -> String {
        var out = "{\n"
        out += "  \"kpi\": \(JSONRows.string(e.kpi.rawValue)),\n"
        out += "  \"group\": \(JSONRows.string(e.row.group)),\n"
        out += "  \"from\": \(JSONRows.string(UTC.format(ms: e.row.period.from))),\n"
        out += "  \"to\": \(JSONRows.string(UTC.format(ms: e.row.period.to))),\n"
        out += "  \"value\": \(e.row.value(e.kpi).map(CSVFile.number) ?? "null"),\n"
        out += "  \"measures\": {"
        out += e.kpi.inputs.map { "\"\($0.name)\": \(CSVFile.number($0.readable(e.row.measures[$0]).value))" }
            .joined(separator: ", ")
        out += "},\n  \"evidence\": [\n"
        out += e.evidence.map { item in
            let measures = item.measures.sorted { $0.key.rawValue < $1.key.rawValue }
                .map { "\"\($0.key.name)\": \(CSVFile.number($0.key.readable($0.value).value))" }
                .joined(separator: ", ")
            return "    {\"at\": \(JSONRows.string(UTC.format(ms: item.ms))), "
                + "\"subject\": \(JSONRows.string(item.subject)), \"text\": \(JSONRows.string(item.text)), "
                + "\"measures\": {\(measures)}, "
                + "\"events\": [\(item.events.map { JSONRows.string($0.description) }.joined(separator: ", "))]}"
        }
        .joined(separator: ",\n")
        return out + "\n  ]\n}"
    }
}
