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
        /// Another process held the database longer than the store waits (5 s).
        case busy
        /// The file or its folder may not be written (an archived copy, say).
        case readOnly
        /// The file is another program's SQLite database, or not one at all.
        case foreignDatabase
        /// The file was written by an older RailFleet and is opened read-only.
        case needsUpgrade
        /// Any other error of SQLite, kept as `underlying`.
        case database
        /// An aggregate one of whose events no longer decodes: it is left out of the replica's
        /// state until the event is taken again from a peer or a bundle.
        case quarantined
    }

    public let kind: Kind
    public let message: String
    /// The error of SQLite (or the system) behind this one, when there is one.
    public let underlying: (any Error & Sendable)?
    /// For a refused bundle: which rule the first offending event broke, and which event.
    public var refusal: BundleRefusal?

    public init(_ kind: Kind, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.kind = kind
        self.message = message
        self.underlying = underlying
    }

    public init(_ error: DomainError) {
        self.init(.domain(error.kind), error.message)
    }

    public var description: String { message }
}

/// Why a bundle was refused, for machines: the rule and the event (`device:counter`).
public struct BundleRefusal: Sendable, Equatable, Codable {
    public enum Rule: String, Sendable, Codable {
        case fleet, format, chain, hash, fork
        case ownDevice = "own-device"
        case signature, clock, retired, enrolment,
            dependency, authority
    }
    public var rule: Rule
    public var event: String?
}
