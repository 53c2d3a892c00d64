/// A model of the registry put into production, with its whole record: what it was trained
/// on (the events before `windowEndMs` within the causal cut `knownEvents`), how, and the
/// digest of the result, so that any replica can train it again and prove it got the same
/// model. The event makes the decision auditable: who promoted which version, and when.
public struct ModelPromoted: EventBody {
    public static let eventType = "ModelPromoted"
    /// What it predicts: `failure`, `parts` or `anomaly`.
    public var model: String
    /// The first 12 hex digits of `digest`: a version names one model wherever it was trained.
    public var version: String
    public var algorithm: String
    public var parameters: [String: String]
    /// Trained on the events with valid time before this ...
    public var windowEndMs: Int64
    /// ... that lie within this cut of every device's chain.
    public var knownEvents: VersionVector
    public var seed: Int
    /// SHA-256 of the model's canonical JSON, in hex.
    public var digest: String
    /// Its backtest figures beside those of the model it replaces.
    public var metrics: [String: Double]
    public var note: String?

    public init(
        model: String, version: String, algorithm: String, parameters: [String: String], windowEndMs: Int64,
        knownEvents: VersionVector, seed: Int, digest: String, metrics: [String: Double], note: String?
    ) {
        self.model = model
        self.version = version
        self.algorithm = algorithm
        self.parameters = parameters
        self.windowEndMs = windowEndMs
        self.knownEvents = knownEvents
        self.seed = seed
        self.digest = digest
        self.metrics = metrics
        self.note = note
    }

    /// The kinds of model the registry holds.
    public static let models = ["failure", "parts", "anomaly"]
}
