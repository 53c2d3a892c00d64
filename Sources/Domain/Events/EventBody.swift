/// The payload of one kind of event. Its type name and schema version are stored beside it.
public protocol EventBody: Codable, Sendable, Equatable {
    static var eventType: String { get }
    static var schemaVersion: Int { get }
}

extension EventBody {
    public static var schemaVersion: Int { 1 }
}
