/// A calendar day in UTC, counted from 1970-01-01: plan dates, due dates, expected dates.
/// Written `YYYY-MM-DD` at the edges (JSON, screens), compared and stepped as a number inside.
public struct Day: WrittenAsText, Hashable, Comparable, Sendable {
    /// Days since 1970-01-01.
    public var number: Int

    public init(_ number: Int) { self.number = number }

    /// The day an instant falls on.
    public init(_ instant: Instant) { number = UTC.day(ofMs: instant.ms) }

    /// Parses `YYYY-MM-DD`; nil for anything else or an impossible date.
    public init?(parsing text: String) {
        guard let number = UTC.parseDay(text) else { return nil }
        self.number = number
    }

    public var description: String { UTC.formatDay(number) }

    public static func < (a: Day, b: Day) -> Bool { a.number < b.number }
}
