public import Foundation

/// Every event the domain knows, as one closed set the aggregates switch over.
public enum DomainEvent: Sendable, Equatable {
    case deviceEnrolled(DeviceEnrolled)
    case deviceRetired(DeviceRetired)
    case userAdded(UserAdded)
    case userRoleChanged(UserRoleChanged)
    case workshopRegistered(WorkshopRegistered)
    case examLevelDefined(ExamLevelDefined)
    case conflictResolved(ConflictResolved)
    case vehicleRegistered(VehicleRegistered)
    case vehicleDetailsChanged(VehicleDetailsChanged)
    case odometerRecorded(OdometerRecorded)
    case odometerCorrected(OdometerCorrected)
    case vehicleStatusChanged(VehicleStatusChanged)
    case vehicleTagged(VehicleTagged)
    case vehicleUntagged(VehicleUntagged)
    case examRecorded(ExamRecorded)
    case defectReported(DefectReported)
    case defectLinked(DefectLinked)
    case defectClosed(DefectClosed)
    case workOrderOpened(WorkOrderOpened)
    case workOrderAdvanced(WorkOrderAdvanced)
    case workOrderHoldChanged(WorkOrderHoldChanged)
    case workOrderCancelled(WorkOrderCancelled)
    case workOrderAssigned(WorkOrderAssigned)
    case technicianUnassigned(TechnicianUnassigned)
    case hoursBooked(HoursBooked)
    case partBooked(PartBooked)
    case failureCodeRecorded(FailureCodeRecorded)
    case taskAdded(TaskAdded)
    case partRegistered(PartRegistered)
    case stockMoved(StockMoved)
    case stockReserved(StockReserved)
    case reservationReleased(ReservationReleased)
    case modelPromoted(ModelPromoted)

    /// The body inside, for generic encoding.
    public var body: any EventBody {
        switch self {
        case .deviceEnrolled(let b): b
        case .deviceRetired(let b): b
        case .userAdded(let b): b
        case .userRoleChanged(let b): b
        case .workshopRegistered(let b): b
        case .examLevelDefined(let b): b
        case .conflictResolved(let b): b
        case .vehicleRegistered(let b): b
        case .vehicleDetailsChanged(let b): b
        case .odometerRecorded(let b): b
        case .odometerCorrected(let b): b
        case .vehicleStatusChanged(let b): b
        case .vehicleTagged(let b): b
        case .vehicleUntagged(let b): b
        case .examRecorded(let b): b
        case .defectReported(let b): b
        case .defectLinked(let b): b
        case .defectClosed(let b): b
        case .workOrderOpened(let b): b
        case .workOrderAdvanced(let b): b
        case .workOrderHoldChanged(let b): b
        case .workOrderCancelled(let b): b
        case .workOrderAssigned(let b): b
        case .technicianUnassigned(let b): b
        case .hoursBooked(let b): b
        case .partBooked(let b): b
        case .failureCodeRecorded(let b): b
        case .taskAdded(let b): b
        case .partRegistered(let b): b
        case .stockMoved(let b): b
        case .stockReserved(let b): b
        case .reservationReleased(let b): b
        case .modelPromoted(let b): b
        }
    }

    public var eventType: String { type(of: body).eventType }
    public var schemaVersion: Int { type(of: body).schemaVersion }
}

/// Turns payloads into canonical JSON (`CanonicalJSON`) and back, upcasting old
/// schema versions on read. Stored bytes are never rewritten: the hash chain covers them.
public enum EventCodec {
    private static let decoders: [String: @Sendable (Data) throws -> DomainEvent] = {
        var table: [String: @Sendable (Data) throws -> DomainEvent] = [:]
        func register<B: EventBody>(_ type: B.Type, _ wrap: @escaping @Sendable (B) -> DomainEvent) {
            table[B.eventType] = { data in wrap(try CanonicalJSON.decode(B.self, from: data)) }
        }
        register(DeviceEnrolled.self, DomainEvent.deviceEnrolled)
        register(DeviceRetired.self, DomainEvent.deviceRetired)
        register(UserAdded.self, DomainEvent.userAdded)
        register(UserRoleChanged.self, DomainEvent.userRoleChanged)
        register(WorkshopRegistered.self, DomainEvent.workshopRegistered)
        register(ExamLevelDefined.self, DomainEvent.examLevelDefined)
        register(ConflictResolved.self, DomainEvent.conflictResolved)
        register(VehicleRegistered.self, DomainEvent.vehicleRegistered)
        register(VehicleDetailsChanged.self, DomainEvent.vehicleDetailsChanged)
        register(OdometerRecorded.self, DomainEvent.odometerRecorded)
        register(OdometerCorrected.self, DomainEvent.odometerCorrected)
        register(VehicleStatusChanged.self, DomainEvent.vehicleStatusChanged)
        register(VehicleTagged.self, DomainEvent.vehicleTagged)
        register(VehicleUntagged.self, DomainEvent.vehicleUntagged)
        register(ExamRecorded.self, DomainEvent.examRecorded)
        register(DefectReported.self, DomainEvent.defectReported)
        register(DefectLinked.self, DomainEvent.defectLinked)
        register(DefectClosed.self, DomainEvent.defectClosed)
        register(WorkOrderOpened.self, DomainEvent.workOrderOpened)
        register(WorkOrderAdvanced.self, DomainEvent.workOrderAdvanced)
        register(WorkOrderHoldChanged.self, DomainEvent.workOrderHoldChanged)
        register(WorkOrderCancelled.self, DomainEvent.workOrderCancelled)
        register(WorkOrderAssigned.self, DomainEvent.workOrderAssigned)
        register(TechnicianUnassigned.self, DomainEvent.technicianUnassigned)
        register(HoursBooked.self, DomainEvent.hoursBooked)
        register(PartBooked.self, DomainEvent.partBooked)
        register(FailureCodeRecorded.self, DomainEvent.failureCodeRecorded)
        register(TaskAdded.self, DomainEvent.taskAdded)
        register(PartRegistered.self, DomainEvent.partRegistered)
        register(StockMoved.self, DomainEvent.stockMoved)
        register(StockReserved.self, DomainEvent.stockReserved)
        register(ReservationReleased.self, DomainEvent.reservationReleased)
        register(ModelPromoted.self, DomainEvent.modelPromoted)
        return table
    }()

    /// Old payload shapes, lifted one version at a time to the current one.
    private static let upcasters: [String: [Int: @Sendable ([String: Any]) -> [String: Any]]] = [
        // Schema 1 of OdometerRecorded was `{"odometer": km}` with no source.
        OdometerRecorded.eventType: [
            1: { old in ["km": old["odometer"] ?? 0, "source": "unknown"] }
        ]
    ]

    /// The payload as canonical JSON, the form the hash chain covers.
    public static func encode(_ event: DomainEvent) throws -> [UInt8] {
        try CanonicalJSON.encode(AnyBody(event.body))
    }

    public static func decode(type: String, schemaVersion: Int, payload: Data) throws -> DomainEvent {
        guard let decodeBody = decoders[type] else { throw DomainError.unknownEventType(type) }
        var data = payload
        if let steps = upcasters[type], let current = currentVersion(of: type), schemaVersion < current {
            guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw DomainError.corruptPayload(type)
            }
            for version in schemaVersion..<current {
                guard let step = steps[version] else { throw DomainError.corruptPayload(type) }
                object = step(object)
            }
            data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        }
        do {
            return try decodeBody(data)
        } catch {
            throw DomainError.corruptPayload(type)
        }
    }

    static func currentVersion(of type: String) -> Int? {
        type == OdometerRecorded.eventType ? OdometerRecorded.schemaVersion : 1
    }

    private struct AnyBody: Encodable {
        let body: any EventBody
        init(_ body: any EventBody) { self.body = body }
        func encode(to encoder: any Encoder) throws { try body.encode(to: encoder) }
    }
}
