/// What only concurrency could break, made visible for a user to resolve with a new command.
public struct ConflictNotice: Codable, Sendable, Hashable {
    /// Stable key within its aggregate, named in `ConflictResolved`.
    public let key: String
    public let aggregate: AggregateRef
    public let message: String
    /// Resolutions a user may choose.
    public let resolutions: [String]

    public init(key: String, aggregate: AggregateRef, message: String, resolutions: [String]) {
        self.key = key
        self.aggregate = aggregate
        self.message = message
        self.resolutions = resolutions
    }
}
