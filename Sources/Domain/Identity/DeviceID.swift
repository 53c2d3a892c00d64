/// The identity of one replica: one terminal's database and signing key.
public struct DeviceID: RawRepresentable, Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension DeviceID {
    /// Device ids are what `init` makes: 8 to 32 lowercase hex digits. Ids from elsewhere (an
    /// enrolment request, a bundle) are held to that, so that no id can smuggle separators
    /// or control characters into the places that print or join them.
    public static func validate(_ text: String) throws(DomainError) {
        guard (8...32).contains(text.count), text.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            throw .invalid("device id must be 8 to 32 lowercase hex digits, not '\(Text.escaped(text))'")
        }
    }
}
