import Analytics
import Domain
import Export
import Foundation
import Storage

/// The hub's API for callers that are not devices (a timetable planner, a BI tool): read
/// from the hub's replica on a connection of its own, so that reads never wait behind a
/// push, each behind an API token (`railfleet hub token create`). Its answers are the same
/// bytes the command line prints with `--json` for the same replica.
actor HubAPI {
    private let executor = QueueExecutor("railfleet.hub.api")
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    private let store: RailFleetStore
    private let path: String
    /// The facts as of each time asked about lately (nil: all of them, for "now"), each a
    /// snapshot of the log (the default demo's 160,000 facts take 100 ms to read and arrange).
    private var facts: [Int64?: (snapshot: LogSnapshot<FleetFacts>, used: Int64)] = [:]
    /// How many times' facts are kept.
    private static let factTimes = 16

    init(path: String) throws {
        store = try RailFleetStore(path: path, access: .readOnly)
        self.path = path
    }

    /// The facts known as of `at` (all when nil), from the newest snapshot of the log, and the
    /// log position they reflect.
    private func facts(asOf at: Int64?) async throws -> (value: FleetFacts, seq: Int64) {
        let now = RailFleetStore.systemMs()
        if facts[at] == nil {
            if facts.count >= Self.factTimes, let oldest = facts.min(by: { $0.value.used < $1.value.used }) {
                facts[oldest.key] = nil
            }
            let path = path
            facts[at] = (
                LogSnapshot { _ in
                    let reader = try RailFleetStore(path: path, access: .readOnly)
                    let seq = try reader.lastSeq
                    return (FleetFacts(try reader.analyticsFacts(asOf: at)), seq)
                }, now
            )
        }
        facts[at]?.used = now
        guard let snapshot = facts[at]?.snapshot else { preconditionFailure("kept just above") }
        return try await snapshot.value(at: try store.lastSeq)
    }

    /// The actor a request speaks for, and its token's id: a valid `Authorization: Bearer` token.
    func authenticate(_ header: String?, nowMs: Int64 = RailFleetStore.systemMs()) throws -> (
        actor: Actor, token: String
    ) {
        guard let header, header.hasPrefix("Bearer ") else {
            throw RequestRefusal(status: 401, "an API token is needed: Authorization: Bearer rft_…")
        }
        let secret = String(header.dropFirst(7))
        guard let actor = try store.authenticateToken(secret, nowMs: nowMs) else {
            throw RequestRefusal(status: 401, "the token is not valid: unknown, expired or revoked")
        }
        return (actor, String(secret.split(separator: "_")[1]))
    }

    /// Answers given lately, by the question (as parsed: parameters it ignores make no new
    /// entry), the snapshot and the moment.
    private var answers = Memo<AnswerKey, String>(limit: 256)
    private struct AnswerKey: Hashable {
        let question: AnalyticsQuestion
        let seq: Int64
        let moment: AskedMoment
    }

    /// Answers one analytics question as JSON, from the answers given lately when it was
    /// asked before of the same snapshot (within the minute, for "now").
    ///
    /// - Parameter question: what is asked.
    /// - Returns: the answer's JSON.
    /// - Throws: `RequestRefusal` for a question that has no answer (400, 404).
    func answer(_ question: AnalyticsQuestion) async throws -> String {
        let facts = try await facts(asOf: question.at)
        let now = RailFleetStore.systemMs()
        let memo = AnswerKey(question: question, seq: facts.seq, moment: AskedMoment(at: question.at, nowMs: now))
        if let known = answers[memo] { return known }
        let json = try answer(question, facts: facts.value, at: question.at ?? now)
        answers.keep(json, for: memo)
        return json
    }

    private func answer(_ question: AnalyticsQuestion, facts: FleetFacts, at: Int64) throws -> String {
        let report = KPIReport(facts: facts, asOf: at)
        guard let span = report.span(from: question.from, to: question.to) else {
            throw RequestRefusal(status: 400, "the period is empty: from is not before to")
        }
        switch question.kind {
        case .kpi:
            guard let periods = Granularity.periods(question.granularity, in: span) else {
                throw RequestRefusal(
                    status: 400, "at most \(Granularity.limit) periods: narrow from/to or choose a longer period")
            }
            let rows = report.rows(by: question.grouping, periods: periods)
            return JSONRows.text(KPISheets.table(rows, grouping: question.grouping, granularity: question.granularity))
        case .trends(let kpis):
            let from = question.from ?? Granularity.month.start(36, before: span.to - 1)
            let figures = question.kpis ?? kpis ?? KPI.trendDefaults(question.grouping)
            return JSONRows.text(
                KPISheets.trends(report.trends(figures, by: question.grouping, from: from, to: span.to)))
        case .compare:
            let figures = question.kpis ?? KPI.trendDefaults(question.grouping)
            return JSONRows.text(KPISheets.comparisons(report.compare(figures, by: question.grouping, period: span)))
        case .forecast:
            let figures = question.kpis ?? [.cost]
            if let wrong = figures.first(where: { !KPIForecast.forecastable.contains($0) }) {
                throw RequestRefusal(status: 400, "\(wrong.rawValue) is not forecast")
            }
            let forecasts = report.forecasts(
                figures, by: question.grouping, from: question.from ?? report.facts.firstCompleteMonth ?? 0)
            guard !forecasts.isEmpty else {
                throw RequestRefusal(status: 404, "fewer than 13 complete months of the fleet: too few to forecast")
            }
            return JSONRows.text(KPISheets.forecasts(forecasts))
        case .drilldown(let kpi):
            guard kpi.applies(to: question.grouping) else {
                throw RequestRefusal(
                    status: 400, "\(kpi.rawValue) does not apply to groups by \(question.grouping.rawValue)")
            }
            let group = question.grouping == .fleet ? "fleet" : question.group ?? ""
            let period = question.period ?? span
            guard period.from < report.end,
                let explanation = report.explain(kpi, group: group, by: question.grouping, period: period)
            else {
                throw RequestRefusal(status: 404, "no \(question.grouping.rawValue) named \(Text.escaped(group)) then")
            }
            return KPISheets.json(explanation)
        }
    }
}

/// One audit question, as `railfleet audit trail|state|fleet|verify --json` asks it.
enum AuditQuestion: Sendable {
    case trail(kind: String, id: String)
    case state(id: String, at: Int64?)
    case fleet(at: Int64?)
    case verify
}

extension HubAPI {
    /// Answers one audit question as JSON.
    func answer(_ question: AuditQuestion) throws -> String {
        try store.refresh()
        let now = RailFleetStore.systemMs()
        switch question {
        case .trail(let kind, let id):
            guard let kind = AggregateKind(rawValue: kind) else {
                throw RequestRefusal(status: 404, "no kind of entity named \(Text.escaped(kind))")
            }
            return JSONText.pretty(try store.trail(of: try resolve(id, kind: kind)).map(EventView.init))
        case .state(let id, let at):
            let ref = try resolve(id, kind: nil)
            let point = AuditPoint.validTime(at ?? now)
            guard let state = try store.state(of: ref, at: point) else {
                throw RequestRefusal(status: 404, "\(ref) had no events yet at \(point)")
            }
            let fields = AggregateFields(state, naming: { _ in nil })
            return JSONText.pretty(
                AuditedState(
                    aggregate: ref.description, asOf: point.description, version: state.version,
                    lastValidTime: state.lastStamp.map { UTC.format(ms: $0.physicalMs) }, fields: fields.fields))
        case .fleet(let at):
            return JSONText.pretty(try store.fleet(at: at ?? now, axis: .valid))
        case .verify:
            return JSONText.pretty(try store.verifyIntegrity())
        }
    }

    private func resolve(_ id: String, kind: AggregateKind?) throws -> AggregateRef {
        do { return try store.resolveAggregate(id, kind: kind) } catch let error as StorageError {
            throw RequestRefusal(status: 404, error.message)
        }
    }
}

/// One analytics request's parameters, read from its query string as the command line reads
/// its options (`report kpi|trends|compare|forecast|explain`).
struct AnalyticsQuestion: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case kpi, compare, forecast
        /// With the figures asked for unless `kpi=` says otherwise.
        case trends([KPI]?)
        case drilldown(KPI)
    }
    var kind: Kind
    var grouping = Grouping.fleet
    var from: Int64?
    var to: Int64?
    var at: Int64?
    var granularity: Granularity?
    var period: ReportPeriod?
    var group: String?
    var kpis: [KPI]?

    /// - Throws: `RequestRefusal` 400 naming the parameter that is wrong.
    init(_ kind: Kind, query: [String: String], grouping: Grouping? = nil) throws {
        self.kind = kind
        func day(_ name: String) throws -> Int64? {
            guard let text = query[name] else { return nil }
            guard let day = UTC.parseDay(text) else {
                throw RequestRefusal(status: 400, "\(name)=\(Text.escaped(text)) is not a date (YYYY-MM-DD)")
            }
            return Int64(day) * 86_400_000
        }
        if let by = query["by"] {
            guard let g = Grouping(rawValue: by) else {
                throw RequestRefusal(
                    status: 400,
                    "by=\(Text.escaped(by)) is not a grouping; one of "
                        + Grouping.allCases.map(\.rawValue).joined(separator: ", "))
            }
            self.grouping = g
        } else if let grouping {
            self.grouping = grouping
        }
        from = try day("from")
        to = try day("to")
        if let ms = try HubServer.at(in: query) { at = ms }
        if let text = query["period"] {
            if let g = Granularity(rawValue: text) {
                granularity = g
            } else if let named = ReportPeriod.named(text) {
                period = named.period
            } else {
                throw RequestRefusal(
                    status: 400, "period=\(Text.escaped(text)) is not day, week, month, 2026-03, 2026-W11 or a day")
            }
        }
        group = query["group"]
        if let text = query["kpi"] {
            kpis = try text.split(separator: ",").map { name in
                guard let k = KPI(rawValue: String(name)) else {
                    throw RequestRefusal(status: 400, "kpi: \(Text.escaped(String(name))) is not a figure")
                }
                return k
            }
        }
    }
}
