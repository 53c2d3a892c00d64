/// A value written as one string wherever it is encoded (an event id, a day, an instant):
/// what `description` prints, read back by `init?(parsing:)`.
public protocol WrittenAsText: Codable, CustomStringConvertible {
    init?(parsing text: String)
}

extension WrittenAsText {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a \(Self.self): \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
