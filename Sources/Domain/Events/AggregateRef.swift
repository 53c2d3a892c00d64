/// The kinds of aggregate in the log.
public enum AggregateKind: String, Codable, Sendable, CaseIterable {
    case device
    case user
    case vehicle
    case defect
    case workOrder = "work-order"
    case part
    case workshop
    case examPlan = "exam-plan"
    case model
}

/// Names one aggregate: its kind and its id.
public struct AggregateRef: Hashable, Codable, Sendable, CustomStringConvertible {
    public let kind: AggregateKind
    public let id: String
    public init(_ kind: AggregateKind, _ id: String) {
        self.kind = kind
        self.id = id
    }
    public var description: String { "\(kind.rawValue)/\(id)" }
}
