import Foundation

/// Times at the edges are UTC ISO-8601; inside they are milliseconds since 1970.
public enum UTC {
    /// `YYYY-MM-DDTHH:MM:SSZ`, with milliseconds when there are any, so that a time copied
    /// from an audit trail names exactly that event's instant.
    public static func format(ms: Int64) -> String {
        let day = day(ofMs: ms)
        let msOfDay = Int(ms - Int64(day) * 86_400_000)
        let secondOfDay = msOfDay / 1000
        let millis = msOfDay % 1000
        // Written byte by byte: lists format thousands of these per screen, and
        // `String(format:)` is slow on Linux.
        var bytes = dayBytes(day)
        bytes.append(UInt8(ascii: "T"))
        append(secondOfDay / 3600, 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        append(secondOfDay / 60 % 60, 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        append(secondOfDay % 60, 2, to: &bytes)
        if millis != 0 {
            bytes.append(UInt8(ascii: "."))
            append(millis, 3, to: &bytes)
        }
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Formats a day number (days since 1970-01-01) as `YYYY-MM-DD`.
    public static func formatDay(_ day: Int) -> String { String(decoding: dayBytes(day), as: UTF8.self) }

    static func dayBytes(_ day: Int) -> [UInt8] {
        let (y, m, d) = civil(fromDays: day)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        if y < 0 { bytes.append(UInt8(ascii: "-")) }
        append(abs(y), 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        append(m, 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        append(d, 2, to: &bytes)
        return bytes
    }

    /// Appends a non-negative number's decimal digits, zero-padded to `width`.
    static func append(_ value: Int, _ width: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        var count = 1
        while divisor <= value / 10 {
            divisor *= 10
            count += 1
        }
        for _ in count..<max(count, width) { bytes.append(UInt8(ascii: "0")) }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS][Z]` or `…+00:00` as UTC milliseconds.
    public static func parse(_ text: String) -> Int64? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let parts = t.split(separator: "T", maxSplits: 1).map(String.init)
        guard let first = parts.first, let day = parseDay(first) else { return nil }
        var ms = Int64(day) * 86_400_000
        if parts.count == 2 {
            var clock = parts[1]
            if clock.hasSuffix("Z") { clock.removeLast() } else if clock.hasSuffix("+00:00") { clock.removeLast(6) }
            let fields = clock.split(separator: ":", omittingEmptySubsequences: false)
            guard (2...3).contains(fields.count), let h = Int(fields[0]), let mi = Int(fields[1]),
                (0..<24).contains(h), (0..<60).contains(mi)
            else { return nil }
            var s = 0.0
            if fields.count == 3 {
                // Leap seconds are not kept by this clock: :60 is a typo, not a time.
                guard let sec = Double(fields[2]), (0..<60).contains(sec) else { return nil }
                s = sec
            }
            ms += Int64(h) * 3_600_000 + Int64(mi) * 60_000 + Int64((s * 1000).rounded())
        }
        return ms
    }

    /// Parses `YYYY-MM-DD` as days since 1970-01-01, rejecting impossible dates.
    public static func parseDay(_ text: String) -> Int? {
        let fields = text.split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0].count == 4, fields[1].count == 2, fields[2].count == 2,
            let y = Int(fields[0]), let m = Int(fields[1]), let d = Int(fields[2]),
            (1...12).contains(m), d >= 1, d <= daysInMonth(year: y, month: m)
        else { return nil }
        return days(fromCivil: y, m, d)
    }

    public static func day(ofMs ms: Int64) -> Int { Int((ms >= 0 ? ms : ms - 86_399_999) / 86_400_000) }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's civil-from-days algorithms: exact for the proleptic Gregorian calendar.
    public static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
