import Analytics
import ArgumentParser
import Domain
import Export
import Foundation
import Storage

extension RailFleet {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fleet analytics: KPIs by group and period, and the events behind each figure.",
            discussion: "Definitions: docs/ANALYTICS.md. Every figure is computed from the log as of --at.",
            subcommands: [KPIs.self, Trends.self, Compare.self, Forecast.self, Explain.self])
    }
}

extension RailFleet.Report {
    /// The span, grouping and time every report reads.
    struct Scope: ParsableArguments {
        @OptionGroup var options: GlobalOptions
        @Option(help: "The first day (UTC, YYYY-MM-DD). Default: the month eleven months before --at's.")
        var from: String?
        @Option(help: "The day after the last (exclusive, YYYY-MM-DD). Default: --at.") var to: String?
        @Option(help: "Rows per: fleet, class, depot, vehicle, workshop or part.") var by: String = "fleet"
        @Option(help: "As of this UTC time: only what the log held then counts. Default: now.") var at: String?

        func validate() throws {
            _ = try grouping
            if let at { _ = try Parse.time(at, "--at") }
            if let from { _ = try Parse.day(from, "--from") }
            if let to { _ = try Parse.day(to, "--to") }
            if let from, let to, try Parse.day(from, "--from") >= Parse.day(to, "--to") {
                throw ValidationError("--from \(Text.escaped(from)) is not before --to \(Text.escaped(to))")
            }
        }

        var grouping: Grouping {
            get throws {
                guard let g = Grouping(rawValue: by) else {
                    throw ValidationError(
                        "--by \(Text.escaped(by)) is not a grouping; use one of "
                            + Grouping.allCases.map(\.rawValue).joined(separator: ", "))
                }
                return g
            }
        }

        func atMs() throws -> Int64 { try at.map { try Parse.time($0, "--at") } ?? RailFleetStore.systemMs() }

        /// [from, to) as asked, or the year up to where the report's figures end (`--at`, or
        /// the log's latest event if earlier).
        func span(_ report: KPIReport) throws -> ReportPeriod {
            let to = try to.map { Int64(try Parse.day($0, "--to")) * 86_400_000 }
            let from = try from.map { Int64(try Parse.day($0, "--from")) * 86_400_000 }
            guard let span = report.span(from: from, to: to) else {
                throw CLIError(
                    "the period is empty: --from is not before the end (\(UTC.format(ms: to ?? report.end)))")
            }
            return span
        }

        /// The report over the replica's facts as of the time asked.
        func report() throws -> KPIReport {
            let at = try atMs()
            let store = try options.openStore(.readOnly)
            return KPIReport(facts: FleetFacts(try store.analyticsFacts(asOf: at)), asOf: at)
        }
    }

    struct KPIs: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kpi",
            abstract: "Availability, MDBF, MTTR, costs, exam compliance, backlog and more, by group.",
            discussion: """
                One row per group and period. The table shows the main figures (--kpi chooses); JSON, CSV and XLSX \
                hold every figure that applies to the grouping, named as in docs/ANALYTICS.md. A figure that is \
                undefined (no failures for an MDBF, no repairs for an MTTR) is empty, never zero.
                """)
        @OptionGroup var scope: Scope
        @Option(help: "One row per group for each day, week or month; default: one row for the whole span.")
        var period: String?
        @OptionGroup var output: Output
        @Option(help: "Instead of the figures, each row's contributions to this one, with their events.")
        var explain: String?

        func validate() throws {
            if let period, Granularity(rawValue: period) == nil {
                throw ValidationError("--period \(Text.escaped(period)) is not day, week or month")
            }
            if let explain, KPI(rawValue: explain) == nil {
                throw ValidationError("--explain: \(Text.escaped(explain)) is not a figure; see docs/ANALYTICS.md")
            }
        }

        func run() throws {
            let grouping = try scope.grouping
            let report = try scope.report()
            let span = try scope.span(report)
            let granularity = period.flatMap(Granularity.init(rawValue:))
            guard let periods = Granularity.periods(granularity, in: span) else {
                let count = granularity?.count(from: span.from, to: span.to) ?? 1
                throw CLIError(
                    "--period \(period ?? "") from \(UTC.format(ms: span.from)) gives about \(count) periods; at most \(Granularity.limit): narrow --from/--to or choose a longer period"
                )
            }
            if let figure = explain.flatMap(KPI.init(rawValue:)) {
                guard figure.applies(to: grouping) else {
                    throw CLIError("\(figure.rawValue) does not apply to groups by \(grouping.rawValue)")
                }
                let views = (report.explanations(figure, by: grouping, periods: periods) ?? []).map {
                    KPIExplanationView($0, granularity: granularity)
                }
                return KPIExplanationView.write(views, json: scope.options.json || output.format == "json")
            }
            let rows = report.rows(by: grouping, periods: periods)
            let table = KPITable(rows: rows, grouping: grouping, granularity: granularity)
            try output.write(
                [
                    KPISheets.table(rows, grouping: grouping, granularity: granularity),
                    KPISheets.definitions(grouping: grouping, span: span, asOf: report.asOf),
                ], table: table.table(try output.kpis(default: KPITable.defaults(grouping))), json: scope.options.json)
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The events behind one figure of one group and period.",
            discussion: """
                Lists every contribution: the status changes behind an availability, the failures and odometer \
                readings behind an MDBF, the orders behind an MTTR, the bookings behind a cost, each with the \
                events (device:counter) that produced it; `railfleet events --id ID` opens one.
                """)
        @Argument(help: "The figure, e.g. mdbfKm, availability, mttrHours.") var kpi: String
        @OptionGroup var scope: Scope
        @Option(help: "The group's name: a class, depot, fleet number, workshop or part number.") var group: String?
        @Option(help: "The period: 2026-03, 2026-W11, 2026-03-14 or 2026-01-01..2026-07-01.") var period: String?

        func validate() throws {
            guard KPI(rawValue: kpi) != nil else {
                throw ValidationError(
                    "\(Text.escaped(kpi)) is not a figure; one of "
                        + KPI.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if let period, ReportPeriod.named(period) == nil {
                throw ValidationError(
                    "--period \(Text.escaped(period)) is not a period; write 2026-03, 2026-W11, 2026-03-14 or 2026-01-01..2026-07-01"
                )
            }
        }

        func run() throws {
            let grouping = try scope.grouping
            guard let figure = KPI(rawValue: kpi) else { return }
            guard figure.applies(to: grouping) else {
                throw CLIError("\(figure.rawValue) does not apply to groups by \(grouping.rawValue)")
            }
            let report = try scope.report()
            let span = try period.flatMap { ReportPeriod.named($0)?.period } ?? scope.span(report)
            let group = grouping == .fleet ? "fleet" : try groupName()
            guard span.from < report.end else {
                throw CLIError(
                    "the period starts at \(UTC.format(ms: span.from)), after what the log holds (up to \(UTC.format(ms: report.end - 1)))"
                )
            }
            guard let explanation = report.explain(figure, group: group, by: grouping, period: span) else {
                let known = report.groups(grouping)
                throw CLIError(
                    "no \(grouping.rawValue) named \(Text.escaped(group)) as of \(UTC.format(ms: report.asOf))"
                        + (known.isEmpty
                            ? ""
                            : "; known: " + known.prefix(12).map(Text.escaped).joined(separator: ", ")
                                + (known.count > 12 ? ", …" : "")))
            }
            let view = KPIExplanationView(
                explanation, granularity: period.flatMap { ReportPeriod.named($0)?.granularity })
            if scope.options.json { say(verbatim: view.json) } else { view.print() }
        }

        func groupName() throws -> String {
            guard let group else { throw ValidationError("--group is needed with --by \(scope.by)") }
            return group
        }
    }
}
