/// Which roles may issue which command. Auditors only read; nobody but an admin manages users.
public enum RoleMatrix {
    public static func allows(_ role: Role, _ kind: CommandKind) -> Bool {
        roles(for: kind).contains(role)
    }

    public static func roles(for kind: CommandKind) -> Set<Role> {
        switch kind {
        case .enrolDevice, .retireDevice, .addUser, .changeUserRole, .defineExamLevel, .registerWorkshop:
            [.admin]
        case .restoreAdmin:
            // Authority is the founding device's key, checked by the handler, not a role:
            // in a fleet without an admin nobody holds the role that could.
            Set(Role.allCases)
        case .registerVehicle, .changeVehicleDetails:
            [.admin, .planner]
        case .recordOdometer:
            [.admin, .dispatcher, .planner, .technician]
        case .changeVehicleStatus, .tagVehicle, .correctOdometer:
            [.admin, .dispatcher, .planner]
        case .openWorkOrder, .reportDefect:
            [.admin, .dispatcher, .planner, .technician]
        case .closeDefect:
            [.admin, .planner, .technician]
        case .approveWorkOrder, .planWorkOrder, .assignWorkOrder, .cancelWorkOrder:
            [.admin, .planner, .dispatcher]
        case .advanceWorkOrder, .holdWorkOrder, .bookHours, .bookPart, .recordFailureCode, .addTask:
            [.admin, .planner, .technician]
        case .releaseWorkOrder:
            [.admin, .planner, .dispatcher, .technician]
        case .closeWorkOrder:
            [.admin, .planner]
        case .registerPart:
            [.admin, .storekeeper, .planner]
        case .moveStock:
            [.admin, .storekeeper]
        case .resolveConflict:
            [.admin, .planner, .dispatcher]
        case .promoteModel:
            [.admin, .planner]
        }
    }
}
