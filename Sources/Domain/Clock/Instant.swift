/// A point in time, in UTC milliseconds since 1970: when a work order was opened, a defect
/// reported. Written as ISO-8601 (`UTC.format`) at the edges, compared as a number inside.
public struct Instant: WrittenAsText, Hashable, Comparable, Sendable {
    public var ms: Int64

    public init(ms: Int64) { self.ms = ms }

    /// Parses the forms `UTC.parse` accepts; nil for anything else.
    public init?(parsing text: String) {
        guard let ms = UTC.parse(text) else { return nil }
        self.ms = ms
    }

    public var description: String { UTC.format(ms: ms) }

    /// To the minute, as people write it: `2026-06-14 06:08`.
    public var minute: String {
        var text = String(UTC.format(ms: ms).prefix(16))
        if let t = text.firstIndex(of: "T") { text.replaceSubrange(t...t, with: " ") }
        return text
    }

    public static func < (a: Instant, b: Instant) -> Bool { a.ms < b.ms }
}
