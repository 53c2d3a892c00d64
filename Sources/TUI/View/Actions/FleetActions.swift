import Domain
import Storage

/// The fleet pane's actions.
extension ActionSpec {
    static let fleetActions: [ActionSpec] = [
        .init(key: "t", pane: .fleet, description: "change status", command: .changeVehicleStatus) { state in
            guard let vehicle = state.fleet.selectedRow else { return .refuse("change status: select a vehicle first") }
            let legal = vehicle.status.legalNext
            guard !legal.isEmpty else {
                return .refuse("\(vehicle.fleetNumber) is \(vehicle.status.rawValue); its status cannot change")
            }
            var form = FormBuilder()
            let status = form.choice("Status", legal.map { ($0.rawValue, $0) })
            let reason = form.text("Reason")
            return .form(
                form.make(title: "Status of \(vehicle.fleetNumber), now \(vehicle.status.rawValue)") {
                    fields throws(CommandFailure) in
                    let next = try status.required(in: fields, "pick one")
                    return .init(
                        .changeVehicleStatus(
                            vehicleID: vehicle.vehicleID, status: next, reason: reason.optional(in: fields)),
                        success: "\(vehicle.fleetNumber) → \(next.rawValue)")
                })
        }
    ]
}
