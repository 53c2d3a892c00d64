public import Domain

/// Why the store refused or failed, in one line a user can act on.
public struct StorageError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        case domain(DomainError.Kind)
        case notInitialised
        case alreadyInitialised
        case unknownUser
        case keyFile
        case corruptDatabase
        case ambiguous
        case rejectedBundle
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public init(_ error: DomainError) {
        self.init(.domain(error.kind), error.message)
    }

    public var description: String { message }
}
