/// Why the domain refused something, in words a user can act on.
public struct DomainError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case invalidInput = "invalid input"
        case notFound = "not found"
        case forbidden = "not allowed"
        case illegalTransition = "illegal transition"
        case duplicate = "duplicate"
        case insufficientStock = "insufficient stock"
        case concurrentChange = "concurrent change"
        case corruptData = "corrupt data"
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    public static func invalid(_ message: String) -> Self { Self(.invalidInput, message) }
    public static func notFound(_ what: String, _ id: String) -> Self { Self(.notFound, "no \(what) '\(id)'") }
    public static func illegal(_ message: String) -> Self { Self(.illegalTransition, message) }
    public static func unknownEventType(_ type: String) -> Self { Self(.corruptData, "unknown event type '\(type)'") }
    public static func corruptPayload(_ type: String) -> Self {
        Self(.corruptData, "payload of a '\(type)' event does not decode")
    }
    public static func forbidden(_ role: Role, _ kind: CommandKind) -> Self {
        let allowed = RoleMatrix.roles(for: kind).map(\.rawValue).sorted().joined(separator: ", ")
        return Self(.forbidden, "role '\(role.rawValue)' may not \(kind.phrase) (allowed: \(allowed))")
    }
}
