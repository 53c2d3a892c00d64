import Foundation

/// Labour booked on a work order in one go: more than nothing and at most one day, kept as
/// whole minutes. The command line and the terminal both read hours through here, so the
/// rule and its wording live once.
public enum BookedTime {
    public static let maximumMinutes = 24 * 60

    /// Whole minutes from hours as a person gives them (`2.5`, `7.25`).
    ///
    /// - Throws: the refusal every front end shows when the hours are not a number in range.
    public static func minutes(fromHours hours: Double) throws(DomainError) -> Int {
        guard hours.isFinite, hours > 0, hours <= Double(maximumMinutes) / 60 else { throw outOfRange }
        let minutes = Int((hours * 60).rounded())
        try check(minutes: minutes)
        return minutes
    }

    /// The same from typed text; anything that is not a plain number is refused.
    public static func minutes(fromHours text: String) throws(DomainError) -> Int {
        guard let hours = Double(text.trimmingCharacters(in: .whitespaces)) else { throw outOfRange }
        return try minutes(fromHours: hours)
    }

    static func check(minutes: Int) throws(DomainError) {
        guard minutes > 0, minutes <= maximumMinutes else { throw outOfRange }
    }

    static var outOfRange: DomainError { .invalid("hours must be a number more than 0 and at most 24 per booking") }

    /// Hours as a person writes them: `7.25`, `0.5`, `8`.
    public static func text(minutes: Int) -> String {
        let hundredths = (minutes * 100 + 30) / 60
        let whole = "\(hundredths / 100)"
        let fraction = hundredths % 100
        guard fraction != 0 else { return whole }
        return fraction % 10 == 0 ? "\(whole).\(fraction / 10)" : "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
