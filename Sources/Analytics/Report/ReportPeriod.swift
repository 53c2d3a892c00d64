public import Domain

/// A period of valid time, [from, to), in milliseconds UTC.
public struct ReportPeriod: Sendable, Equatable, Hashable {
    public var from: Int64
    public var to: Int64

    public init(from: Int64, to: Int64) {
        self.from = from
        self.to = to
    }

    /// The period as a reader names it: a day, an ISO week's Monday, a month, or both ends.
    public func label(_ granularity: Granularity?) -> String {
        let day = UTC.day(ofMs: from)
        switch granularity {
        case .day: return UTC.formatDay(day)
        case .week:
            let (year, week) = Self.isoWeek(ofDay: day)
            return "\(year)-W" + (week < 10 ? "0" : "") + "\(week)"
        case .month: return String(UTC.formatDay(day).prefix(7))
        case nil: return UTC.formatDay(day) + ".." + UTC.formatDay(UTC.day(ofMs: to + 86_399_999))
        }
    }

    /// The ISO 8601 week of a day: its year is the year of the week's Thursday.
    static func isoWeek(ofDay day: Int) -> (year: Int, week: Int) {
        let weekday = ((day + 3) % 7 + 7) % 7
        let thursday = day - weekday + 3
        let year = UTC.civil(fromDays: thursday).year
        return (year, (thursday - UTC.days(fromCivil: year, 1, 1)) / 7 + 1)
    }

    /// A period named as a report labels it: `2026-03` (a month), `2026-03-14` (a day),
    /// `2026-W11` (an ISO week) or `2026-01-01..2026-07-01` (from a day to a day, exclusive).
    public static func named(_ text: String) -> (period: ReportPeriod, granularity: Granularity?)? {
        func ms(_ day: Int) -> Int64 { Int64(day) * 86_400_000 }
        if let dots = text.firstRange(of: "..") {
            guard let a = UTC.parseDay(String(text[..<dots.lowerBound])),
                let b = UTC.parseDay(String(text[dots.upperBound...])), a < b
            else { return nil }
            return (ReportPeriod(from: ms(a), to: ms(b)), nil)
        }
        if let day = UTC.parseDay(text) { return (ReportPeriod(from: ms(day), to: ms(day + 1)), .day) }
        let fields = text.split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count == 2, fields[0].count == 4, let year = Int(fields[0]), year >= 1970, year <= 9999
        else { return nil }
        if fields[1].count == 2, let month = Int(fields[1]), (1...12).contains(month) {
            let start = ms(UTC.days(fromCivil: year, month, 1))
            return (ReportPeriod(from: start, to: Granularity.month.next(after: start)), .month)
        }
        if fields[1].count == 3, fields[1].first == "W", let week = Int(fields[1].dropFirst()), week >= 1 {
            let january4 = UTC.days(fromCivil: year, 1, 4)
            let monday = january4 - ((january4 + 3) % 7 + 7) % 7 + (week - 1) * 7
            guard isoWeek(ofDay: monday) == (year, week) else { return nil }
            return (ReportPeriod(from: ms(monday), to: ms(monday + 7)), .week)
        }
        return nil
    }

    public var hours: Double { Double(to - from) / 3_600_000 }
    public var days: Double { Double(to - from) / 86_400_000 }
}

/// How a report cuts its time: calendar days, ISO weeks (Monday to Sunday) or months, UTC.
public enum Granularity: String, Sendable, CaseIterable {
    case day, week, month

    /// The periods of this length covering [from, to): the first and last are cut at the
    /// ends, so that their sum is the whole span.
    public func periods(from: Int64, to: Int64) -> [ReportPeriod] {
        guard from < to else { return [] }
        var periods: [ReportPeriod] = []
        var start = from
        while start < to {
            let end = min(to, next(after: start))
            periods.append(ReportPeriod(from: start, to: end))
            start = end
        }
        return periods
    }

    /// The start of the period after the one holding `ms`.
    public func next(after ms: Int64) -> Int64 {
        let day = UTC.day(ofMs: ms)
        switch self {
        case .day: return Int64(day + 1) * 86_400_000
        case .week:
            // 1970-01-01 was a Thursday: Monday-based weekday is (day + 3) mod 7.
            let weekday = ((day + 3) % 7 + 7) % 7
            return Int64(day - weekday + 7) * 86_400_000
        case .month:
            let c = UTC.civil(fromDays: day)
            let (y, m) = c.month == 12 ? (c.year + 1, 1) : (c.year, c.month + 1)
            return Int64(UTC.days(fromCivil: y, m, 1)) * 86_400_000
        }
    }

    /// At most how many periods of this length [from, to) holds, counted without making them.
    public func count(from: Int64, to: Int64) -> Int {
        let shortest: Int64 =
            switch self {
            case .day: 86_400_000
            case .week: 604_800_000
            case .month: 2_419_200_000
            }
        return to > from ? Int((to - from) / shortest) + 2 : 0
    }

    /// Periods one report may hold (27 years of days): a day at a time over centuries would ask
    /// for millions of rows.
    public static let limit = 10_000

    /// The periods of a span, or the span itself without a granularity; nil when they would be
    /// more than `limit` (counted before any is made).
    public static func periods(_ granularity: Granularity?, in span: ReportPeriod) -> [ReportPeriod]? {
        guard let granularity else { return [span] }
        guard granularity.count(from: span.from, to: span.to) <= limit else { return nil }
        return granularity.periods(from: span.from, to: span.to)
    }

    /// The start of the period `count` periods before the one holding `ms` (0: that one).
    public func start(_ count: Int, before ms: Int64) -> Int64 {
        var start = start(of: ms)
        for _ in 0..<max(0, count) { start = self.start(of: start - 1) }
        return start
    }

    /// The start of the period holding `ms`.
    public func start(of ms: Int64) -> Int64 {
        let day = UTC.day(ofMs: ms)
        switch self {
        case .day: return Int64(day) * 86_400_000
        case .week:
            let weekday = ((day + 3) % 7 + 7) % 7
            return Int64(day - weekday) * 86_400_000
        case .month:
            let c = UTC.civil(fromDays: day)
            return Int64(UTC.days(fromCivil: c.year, c.month, 1)) * 86_400_000
        }
    }
}
