/// What a command may look at while it decides: current states and the few look-ups that
/// span aggregates. The store provides it inside the write transaction.
public protocol DecisionContext: MembershipView {
    /// Wall time of the command, in milliseconds since 1970 (UTC).
    var nowMs: Int64 { get }
    func vehicle(_ id: String) -> Aggregate<VehicleState>?
    func workOrder(_ id: String) -> Aggregate<WorkOrderState>?
    func defect(_ id: String) -> Aggregate<DefectState>?
    func part(_ id: String) -> Aggregate<PartState>?
    func workshop(_ id: String) -> Aggregate<WorkshopState>?
    func user(_ name: String) -> Aggregate<UserState>?
    func examPlan(_ vehicleClass: String) -> ExamPlanState?
    /// The hash (hex) of an event this replica holds.
    func eventHash(_ id: EventID) -> String?
    func vehicleID(forFleetNumber fleetNumber: String) -> String?
    /// The vehicle not withdrawn that carries this EVN (12 digits).
    func vehicleID(forEVN evn: String) -> String?
    /// The part with this number, ignoring case: `bp-1` and `BP-1` are one part.
    func partID(forPartNumber partNumber: String) -> String?
    func workshopID(forName name: String) -> String?
    /// Parts on which a work order has (or had) stock reserved.
    func partIDs(reservedFor workOrderID: String) -> [String]
    /// A fresh aggregate id, unique across replicas.
    func makeID(for kind: AggregateKind) -> String
    /// The next human work-order number, unique across replicas.
    func makeWorkOrderNumber() -> String
    /// The labour rate booked hours are costed at.
    var labourRate: Money { get }
}
