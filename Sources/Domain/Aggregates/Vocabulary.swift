/// Kinds of rail vehicle a keeper registers.
public enum VehicleKind: String, Codable, Sendable, CaseIterable {
    case locomotive
    case multipleUnitCar = "multiple-unit-car"
    case coach
    case wagon
}

/// Operational status of a vehicle. `restrictiveness` orders concurrent changes: safe side first.
public enum VehicleStatus: String, Codable, Sendable, CaseIterable, Hashable {
    case inService = "in-service"
    case restricted
    case outOfService = "out-of-service"
    case inWorkshop = "in-workshop"
    case released
    case withdrawn

    /// Higher is safer to assume when two terminals disagree.
    public var restrictiveness: Int {
        switch self {
        case .inService: 0
        case .released: 1
        case .restricted: 2
        case .inWorkshop: 3
        case .outOfService: 4
        case .withdrawn: 5
        }
    }

    /// Statuses a dispatcher may move a vehicle to from this one.
    public var legalNext: [VehicleStatus] {
        switch self {
        case .inService: [.restricted, .outOfService, .inWorkshop, .withdrawn]
        case .restricted: [.inService, .outOfService, .inWorkshop, .withdrawn]
        case .outOfService: [.inWorkshop, .inService, .withdrawn]
        case .inWorkshop: [.released, .outOfService, .withdrawn]
        case .released: [.inService, .inWorkshop, .restricted]
        case .withdrawn: []
        }
    }

    /// Whether the vehicle counts as available for traffic.
    public var isAvailable: Bool { self == .inService || self == .released || self == .restricted }
}

public enum WorkOrderType: String, Codable, Sendable, CaseIterable {
    case preventive, corrective, campaign
}

public enum WorkOrderPriority: String, Codable, Sendable, CaseIterable, DeclarationOrdered {
    case urgent, high, normal, low
}

/// The forward-only lifecycle of a work order; its order is the lattice the status joins in.
public enum WorkOrderStage: String, Codable, Sendable, CaseIterable, DeclarationOrdered {
    case requested
    case approved
    case planned
    case waiting
    case inProgress = "in-progress"
    case technicallyComplete = "technically-complete"
    case releasedToService = "released-to-service"
    case closed

    /// Stages from which a command may move the work order to this one.
    public var allowedPredecessors: [WorkOrderStage] {
        switch self {
        case .requested: []
        case .approved: [.requested]
        case .planned: [.approved]
        case .waiting: [.planned]
        case .inProgress: [.planned, .waiting]
        case .technicallyComplete: [.inProgress]
        case .releasedToService: [.technicallyComplete]
        case .closed: [.releasedToService]
        }
    }
}

/// What a user sees: the stage, or an overlay of hold or cancellation.
public enum WorkOrderStatus: String, Codable, Sendable, CaseIterable {
    case requested, approved, planned, waiting
    case inProgress = "in-progress"
    case technicallyComplete = "technically-complete"
    case releasedToService = "released-to-service"
    case closed
    case onHold = "on-hold"
    case cancelled

    public init(_ stage: WorkOrderStage) {
        self =
            switch stage {
            case .requested: .requested
            case .approved: .approved
            case .planned: .planned
            case .waiting: .waiting
            case .inProgress: .inProgress
            case .technicallyComplete: .technicallyComplete
            case .releasedToService: .releasedToService
            case .closed: .closed
            }
    }

    public var isOpen: Bool { self != .closed && self != .cancelled }
}

public enum PartKind: String, Codable, Sendable, CaseIterable {
    case consumable, rotable
}

public enum StockMoveReason: String, Codable, Sendable, CaseIterable {
    case receipt, issue, transfer, adjustment
}

/// A failure code in the usual four parts of rail reliability reporting, written
/// `system/mode/cause/remedy` wherever a person reads it.
public struct FailureCode: Codable, Sendable, Hashable, CustomStringConvertible {
    public var system: String
    public var mode: String
    public var cause: String
    public var remedy: String
    public init(system: String, mode: String, cause: String, remedy: String) {
        self.system = system
        self.mode = mode
        self.cause = cause
        self.remedy = remedy
    }

    /// The four parts with their names, in order.
    public var parts: [(name: String, value: String)] {
        [("system", system), ("mode", mode), ("cause", cause), ("remedy", remedy)]
    }

    public var description: String { "\(system)/\(mode)/\(cause)/\(remedy)" }

    /// Refuses an empty or overlong part, and a `/` in one: the written form separates the
    /// parts with it, so a part containing one would read as another code.
    public func validate() throws(DomainError) {
        for (name, value) in parts {
            try Text.require(value, "failure \(name)")
            if value.contains("/") { throw .invalid("failure \(name) '\(value)' must not contain '/'") }
        }
    }
}

/// Money is integer minor units with a currency.
public struct Money: Codable, Sendable, Hashable {
    public var minorUnits: Int64
    public var currency: String
    public init(minorUnits: Int64, currency: String = "EUR") {
        self.minorUnits = minorUnits
        self.currency = currency
    }
    public var formatted: String {
        let sign = minorUnits < 0 ? "-" : ""
        let v = abs(minorUnits)
        return "\(sign)\(v / 100).\(v % 100 < 10 ? "0" : "")\(v % 100) \(currency)"
    }
}

extension WorkOrderStage: CodingKeyRepresentable {}

/// How bad a defect is; critical ones usually take the vehicle out of service.
public enum DefectSeverity: String, Codable, Sendable, CaseIterable, DeclarationOrdered {
    case minor, major, critical
}

/// Words ordered as they are declared: priorities from urgent down, lifecycle stages,
/// severities, urgencies.
public protocol DeclarationOrdered: CaseIterable, Comparable {}

extension DeclarationOrdered {
    /// The position in the declaration.
    public var rank: Int {
        Self.allCases.firstIndex(of: self).map { Self.allCases.distance(from: Self.allCases.startIndex, to: $0) } ?? 0
    }

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// A word of the maintenance vocabulary: wherever it is printed it reads as the word people
/// use (`in-service`, `technically-complete`), never as a Swift case name.
public protocol VocabularyWord: RawRepresentable, CustomStringConvertible where RawValue == String {}

extension VocabularyWord {
    public var description: String { rawValue }
}

extension VehicleKind: VocabularyWord {}
extension VehicleStatus: VocabularyWord {}
extension WorkOrderType: VocabularyWord {}
extension WorkOrderPriority: VocabularyWord {}
extension WorkOrderStage: VocabularyWord {}
extension WorkOrderStatus: VocabularyWord {}
extension PartKind: VocabularyWord {}
extension StockMoveReason: VocabularyWord {}
extension DefectSeverity: VocabularyWord {}
extension ExamDue.Urgency: VocabularyWord {}
extension Role: VocabularyWord {}
