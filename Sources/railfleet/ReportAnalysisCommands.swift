import Analytics
import ArgumentParser
import Domain
import Export
import Foundation
import Predict

extension RailFleet.Report {
    /// Where a report's sheets go: aligned text for people, or JSON, CSV or a workbook.
    struct Output: ParsableArguments {
        @Option(help: "table, json, csv or xlsx. Default: table (json with --json).") var format: String?
        @Option(help: "Write to this file instead of the terminal (needed for xlsx).") var out: String?
        @Option(help: "The figures, comma-separated (e.g. availability,mdbfKm); default: the main ones.") var kpi:
            String?

        func validate() throws {
            _ = try ReportFormat(format, json: false, out: out)
            _ = try kpis(default: [])
        }

        func kpis(default main: [KPI]) throws -> [KPI] {
            guard let kpi else { return main }
            return try kpi.split(separator: ",").map { name in
                guard let k = KPI(rawValue: String(name)) else {
                    throw ValidationError(
                        "--kpi: \(Text.escaped(String(name))) is not a figure; see docs/ANALYTICS.md for their names")
                }
                return k
            }
        }

        /// Writes `sheets` (the first is the one a terminal, JSON or CSV shows), or `table`.
        func write(_ sheets: [Sheet], table: Table, json: Bool) throws {
            let format = try ReportFormat(format, json: json, out: out)
            let text: String
            switch format {
            case .table: text = table.render()
            case .json: text = JSONRows.text(sheets[0])
            case .csv: text = CSVFile.text(sheets[0], forTerminal: out == nil)
            case .xlsx:
                guard let out else { return }
                do { try Workbook.write(sheets, to: out) } catch { throw CLIError("\(error)") }
                return say("wrote \(sheets[0].rows.count) rows to \(out)")
            }
            guard let out else { return say(verbatim: format == .csv ? String(text.dropLast(2)) : text) }
            do { try Data((format == .csv ? text : text + "\n").utf8).write(to: URL(fileURLWithPath: out)) } catch {
                throw CLIError("cannot write \(out): \(error.localizedDescription)")
            }
            say("wrote \(sheets[0].rows.count) rows to \(out)")
        }
    }

    struct Trends: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each figure month by month, and whether it is improving, declining or stable.",
            discussion: """
                A Mann-Kendall test with Sen's slope over the complete months from --from (default: three years \
                before --at); seasonal figures (availability, failures, km, costs…) with two years or more are \
                tested month against the same month of other years. A trend is called at p < 0.05.
                """)
        @OptionGroup var scope: Scope
        @OptionGroup var output: Output

        func run() throws {
            let grouping = try scope.grouping
            let report = try scope.report()
            let to = try scope.span(report).to
            let from =
                try scope.from.map { Int64(try Parse.day($0, "--from")) * 86_400_000 }
                ?? Granularity.month.start(36, before: to - 1)
            let trends = report.trends(
                try output.kpis(default: KPI.trendDefaults(grouping)), by: grouping, from: from, to: to)
            var table = Table(
                grouping.rawValue.uppercased(), "FIGURE", "MONTHS", "TREND", "SEN/MONTH", "P", "LAST 24 MONTHS")
            for t in trends {
                table.add(
                    t.group, t.kpi.rawValue, "\(t.months.count)", "\(Self.arrow(t.direction)) \(t.direction.rawValue)",
                    t.test.map { String(format: "%.4g", $0.slope) } ?? "-",
                    t.test.map { String(format: "%.3f", $0.p) } ?? "-",
                    Sparkline.text(t.months.suffix(24).map { $0.value }))
            }
            try output.write(
                [KPISheets.trends(trends), KPISheets.series(trends)], table: table, json: scope.options.json)
        }

        static func arrow(_ d: TrendDirection) -> String {
            switch d {
            case .improving: "▲"
            case .declining: "▼"
            case .stable: "►"
            case .rising: "↑"
            case .falling: "↓"
            }
        }
    }

    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each group against the same period a year earlier, its own past months, and its peers.",
            discussion: """
                Own history: the twelve complete months before the period (mean, and how many standard deviations \
                off this value lies). Peers: the other groups of the grouping, ranked best first (by the figure's \
                good direction), with their median and range.
                """)
        @OptionGroup var scope: Scope
        @OptionGroup var output: Output

        func run() throws {
            let grouping = try scope.grouping
            let report = try scope.report()
            let span = try scope.span(report)
            let comparisons = report.compare(
                try output.kpis(default: KPI.trendDefaults(grouping)), by: grouping, period: span)
            var table = Table(
                grouping.rawValue.uppercased(), "FIGURE", "VALUE", "A YEAR EARLIER", "CHANGE", "OWN MEAN", "Z", "RANK",
                "PEER MEDIAN", "RANGE")
            for c in comparisons {
                table.add(
                    c.group, c.kpi.rawValue, KPITable.text(c.kpi, c.value), KPITable.text(c.kpi, c.yearEarlier),
                    c.yearOnYear.map { String(format: "%+.1f%%", $0 * 100) } ?? "-", KPITable.text(c.kpi, c.ownMean),
                    c.ownZ.map { String(format: "%+.1f", $0) } ?? "-", c.rank.map { "\($0)/\(c.peers)" } ?? "-",
                    KPITable.text(c.kpi, c.peerMedian),
                    "\(KPITable.text(c.kpi, c.peerMin))…\(KPITable.text(c.kpi, c.peerMax))")
            }
            try output.write([KPISheets.comparisons(comparisons)], table: table, json: scope.options.json)
        }
    }

    struct Forecast: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Costs and failures for the next 3, 6 and 12 months, with 80 % and 95 % intervals.",
            discussion: """
                Each group's monthly series since --from (default: all of the log) is forecast by the method that did \
                best on its own rolling origins (seasonal naive, ETS, Theta; Croston or TSB when intermittent): the \
                forecasters of `railfleet ml` (docs/ML.md). A total's band is the months' bands added.
                """)
        @OptionGroup var scope: Scope
        @OptionGroup var output: Output

        func run() throws {
            let grouping = try scope.grouping
            let report = try scope.report()
            let from =
                try scope.from.map { Int64(try Parse.day($0, "--from")) * 86_400_000 } ?? report.facts
                .firstCompleteMonth ?? 0
            let kpis = try output.kpis(default: [.cost, .failures])
            if let wrong = kpis.first(where: { !KPIForecast.forecastable.contains($0) }) {
                throw CLIError(
                    "\(wrong.rawValue) is not forecast; one of "
                        + KPIForecast.forecastable.map(\.rawValue).joined(separator: ", "))
            }
            let forecasts = report.forecasts(kpis, by: grouping, from: from)
            guard !forecasts.isEmpty else {
                throw CLIError(
                    "the log holds fewer than 13 complete months of the fleet since \(UTC.format(ms: from)): too few to forecast"
                )
            }
            let sheet = KPISheets.forecasts(forecasts)
            var table = Table(grouping.rawValue.uppercased(), "FIGURE", "MONTHS", "FORECAST", "80 %", "95 %", "METHOD")
            for f in forecasts {
                for h in [3, 6, 12] {
                    let t = f.total(months: h)
                    table.add(
                        f.group, f.kpi.rawValue, "\(h)", KPITable.text(f.kpi, t.value),
                        "\(KPITable.text(f.kpi, t.lower80))…\(KPITable.text(f.kpi, t.upper80))",
                        "\(KPITable.text(f.kpi, t.lower95))…\(KPITable.text(f.kpi, t.upper95))", f.forecast.method)
                }
            }
            try output.write([sheet], table: table, json: scope.options.json)
        }
    }
}
