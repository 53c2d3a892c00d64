public import Domain

/// One contribution to a figure, with the events that produced it: what a drill-down lists.
public struct Evidence: Sendable, Equatable {
    /// When it counted (the start of a status, the defect's report, the order's release…).
    public var ms: Int64
    /// The vehicle's fleet number, the order's number or the part's.
    public var subject: String
    public var text: String
    public var measures: [Measure: Double]
    public var events: [EventID]

    public init(ms: Int64, subject: String, text: String, measures: [Measure: Double], events: [EventID]) {
        self.ms = ms
        self.subject = subject
        self.text = text
        self.measures = measures
        self.events = events
    }
}

/// What a contribution is attributed to; each grouping reads the part it groups by.
struct Unit {
    var vehicle = -1
    var workshop = -1
    var part = -1
    /// A stock location, which is a depot's name.
    var location: String?
}

/// Where the calculation puts what it finds: sums for a report, or the evidence of one
/// group and period for a drill-down. Generic, so that the sums pay nothing for evidence.
protocol MeasureSink {
    var wantsEvidence: Bool { get }
    mutating func add(_ unit: Unit, _ period: Int, _ measure: Measure, _ value: Double)
    mutating func explain(_ unit: Unit, _ period: Int, _ evidence: Evidence)
}
