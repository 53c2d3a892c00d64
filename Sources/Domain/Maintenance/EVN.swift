/// The 12-digit European Vehicle Number, whose last digit checks the first eleven (UIC 920-14).
public struct EVN: Hashable, Sendable, CustomStringConvertible {
    /// The twelve digits, without separators.
    public let digits: String

    /// Accepts the digits with or without spaces and the dash before the check digit.
    public init(_ text: String) throws(DomainError) {
        let raw = text.filter { $0 != " " && $0 != "-" }
        guard raw.count == 12, raw.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .invalid("EVN '\(text)' must have 12 digits")
        }
        let values = raw.compactMap { $0.wholeNumberValue }
        let expected = Self.checkDigit(of: Array(values.prefix(11)))
        guard values[11] == expected else {
            throw .invalid("EVN '\(text)' has check digit \(values[11]); the first eleven digits give \(expected)")
        }
        digits = raw
    }

    /// Luhn over eleven digits, weights 2,1,2,… from the left.
    public static func checkDigit(of eleven: [Int]) -> Int {
        var sum = 0
        for (index, digit) in eleven.enumerated() {
            let product = digit * (index % 2 == 0 ? 2 : 1)
            sum += product / 10 + product % 10
        }
        return (10 - sum % 10) % 10
    }

    /// The usual printed form, `91 80 6101 001-5`.
    public var description: String {
        let d = Array(digits)
        return "\(String(d[0..<2])) \(String(d[2..<4])) \(String(d[4..<8])) \(String(d[8..<11]))-\(d[11])"
    }
}
