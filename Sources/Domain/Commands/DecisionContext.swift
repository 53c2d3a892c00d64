/// What a command may look at while it decides: current states and the few look-ups that
/// span aggregates. The store provides it inside the write transaction.
public protocol DecisionContext {
    /// Wall time of the command, in milliseconds since 1970 (UTC).
    var nowMs: Int64 { get }
    func vehicle(_ id: String) -> Aggregate<VehicleState>?
    func workOrder(_ id: String) -> Aggregate<WorkOrderState>?
    func defect(_ id: String) -> Aggregate<DefectState>?
    func part(_ id: String) -> Aggregate<PartState>?
    func workshop(_ id: String) -> Aggregate<WorkshopState>?
    func user(_ name: String) -> Aggregate<UserState>?
    func vehicleID(forFleetNumber fleetNumber: String) -> String?
    func partID(forPartNumber partNumber: String) -> String?
    /// A fresh aggregate id, unique across replicas.
    func makeID(for kind: AggregateKind) -> String
    /// The next human work-order number, unique across replicas.
    func makeWorkOrderNumber() -> String
    /// The labour rate booked hours are costed at.
    var labourRate: Money { get }
}
