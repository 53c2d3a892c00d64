/// What a user asks for. A command is checked against local state and the user's role
/// before it becomes events; it never touches storage itself.
public enum Command: Sendable, Equatable {
    /// Enrols a terminal (from its enrolment request) so that its events count everywhere.
    case enrolDevice(DeviceID, name: String, publicKey: String)
    /// Cuts a terminal off after its event `lastCounter`.
    case retireDevice(DeviceID, lastCounter: Int64, reason: String)
    case addUser(name: String, role: Role)
    case changeUserRole(name: String, role: Role)
    /// Makes a user admin again in a fleet left without one; only the founding device may.
    case restoreAdmin(name: String)
    case registerWorkshop(WorkshopRegistered)
    case defineExamLevel(ExamLevelDefined)
    /// Puts a trained model of the registry into production.
    case promoteModel(ModelPromoted)
    case registerVehicle(VehicleRegistered)
    case changeVehicleDetails(vehicleID: String, depot: String?, keeper: String?)
    /// An odometer reading; one implausibly far above the last needs `forcedBecause`.
    case recordOdometer(vehicleID: String, km: Int, source: String, forcedBecause: String? = nil)
    /// Sets a wrong reading right: withdraws the readings above `km`.
    case correctOdometer(vehicleID: String, km: Int, reason: String)
    case changeVehicleStatus(vehicleID: String, status: VehicleStatus, reason: String?)
    case tagVehicle(vehicleID: String, tag: String, remove: Bool)
    case reportDefect(vehicleID: String, description: String, severity: DefectSeverity, system: String?)
    case closeDefect(defectID: String, resolution: String)
    case openWorkOrder(
        vehicleID: String, title: String, type: WorkOrderType, priority: WorkOrderPriority, examLevel: String?,
        defectID: String?)
    case advanceWorkOrder(workOrderID: String, to: WorkOrderStage, plannedDay: Int?)
    case holdWorkOrder(workOrderID: String, hold: Bool, reason: String?)
    case cancelWorkOrder(workOrderID: String, reason: String?)
    case assignWorkOrder(workOrderID: String, workshopID: String?, technician: String?)
    case unassignTechnician(workOrderID: String, technician: String)
    case bookHours(workOrderID: String, minutes: Int, technician: String)
    case bookPart(workOrderID: String, partID: String, quantity: Int, location: String)
    case recordFailureCode(workOrderID: String, code: FailureCode)
    case addTask(workOrderID: String, text: String)
    case registerPart(PartRegistered)
    case receiveStock(partID: String, location: String, quantity: Int, note: String?)
    case issueStock(partID: String, location: String, quantity: Int, workOrderID: String?, note: String?)
    case transferStock(partID: String, from: String, to: String, quantity: Int)
    case adjustStock(partID: String, location: String, delta: Int, reason: String)
    case reserveStock(partID: String, location: String, quantity: Int, workOrderID: String)
    case resolveConflict(AggregateRef, notice: String, resolution: String, note: String?)

    /// The row of the role matrix this command falls under.
    public var kind: CommandKind {
        switch self {
        case .enrolDevice: .enrolDevice
        case .retireDevice: .retireDevice
        case .addUser: .addUser
        case .changeUserRole: .changeUserRole
        case .restoreAdmin: .restoreAdmin
        case .registerWorkshop: .registerWorkshop
        case .defineExamLevel: .defineExamLevel
        case .promoteModel: .promoteModel
        case .registerVehicle: .registerVehicle
        case .changeVehicleDetails: .changeVehicleDetails
        case .recordOdometer: .recordOdometer
        case .correctOdometer: .correctOdometer
        case .changeVehicleStatus: .changeVehicleStatus
        case .tagVehicle: .tagVehicle
        case .reportDefect: .reportDefect
        case .closeDefect: .closeDefect
        case .openWorkOrder: .openWorkOrder
        case .advanceWorkOrder(_, let stage, _):
            switch stage {
            case .approved: .approveWorkOrder
            case .planned: .planWorkOrder
            case .releasedToService: .releaseWorkOrder
            case .closed: .closeWorkOrder
            default: .advanceWorkOrder
            }
        case .holdWorkOrder: .holdWorkOrder
        case .cancelWorkOrder: .cancelWorkOrder
        case .assignWorkOrder, .unassignTechnician: .assignWorkOrder
        case .bookHours: .bookHours
        case .bookPart: .bookPart
        case .recordFailureCode: .recordFailureCode
        case .addTask: .addTask
        case .registerPart: .registerPart
        case .receiveStock, .issueStock, .transferStock, .adjustStock, .reserveStock: .moveStock
        case .resolveConflict: .resolveConflict
        }
    }
}

/// The rows of the role matrix.
public enum CommandKind: String, Sendable, CaseIterable {
    case enrolDevice, retireDevice, addUser, changeUserRole, restoreAdmin, registerWorkshop, defineExamLevel
    case registerVehicle, changeVehicleDetails, recordOdometer, correctOdometer, changeVehicleStatus, tagVehicle,
        reportDefect,
        closeDefect
    case openWorkOrder, approveWorkOrder, planWorkOrder, advanceWorkOrder, holdWorkOrder, cancelWorkOrder
    case assignWorkOrder, bookHours, bookPart, recordFailureCode, addTask, releaseWorkOrder, closeWorkOrder
    case registerPart, moveStock, resolveConflict, promoteModel

    /// Reads after "may not".
    public var phrase: String {
        switch self {
        case .enrolDevice: "enrol devices"
        case .retireDevice: "retire devices"
        case .addUser: "add users"
        case .changeUserRole: "change roles"
        case .restoreAdmin: "restore an admin"
        case .registerWorkshop: "register workshops"
        case .defineExamLevel: "define exam levels"
        case .registerVehicle: "register vehicles"
        case .changeVehicleDetails: "change vehicle details"
        case .recordOdometer: "record odometer readings"
        case .correctOdometer: "correct odometer readings"
        case .changeVehicleStatus: "change vehicle status"
        case .tagVehicle: "tag vehicles"
        case .reportDefect: "report defects"
        case .closeDefect: "close defects"
        case .openWorkOrder: "open work orders"
        case .approveWorkOrder: "approve work orders"
        case .planWorkOrder: "plan work orders"
        case .advanceWorkOrder: "start or complete work orders"
        case .holdWorkOrder: "hold work orders"
        case .cancelWorkOrder: "cancel work orders"
        case .assignWorkOrder: "assign work orders"
        case .bookHours: "book hours"
        case .bookPart: "book parts"
        case .recordFailureCode: "record failure codes"
        case .addTask: "add tasks"
        case .releaseWorkOrder: "release work orders to service"
        case .closeWorkOrder: "close work orders"
        case .registerPart: "register parts"
        case .moveStock: "move stock"
        case .resolveConflict: "resolve conflicts"
        case .promoteModel: "promote models"
        }
    }
}
