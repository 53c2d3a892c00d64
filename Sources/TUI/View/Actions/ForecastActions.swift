import Domain
import Storage

/// The forecast pane's actions: from the risk view, the selected vehicle's recommended exam
/// becomes a preventive work order (then approved and planned in the work-order pane).
extension ActionSpec {
    static let forecastActions: [ActionSpec] = [
        .init(
            key: "e", pane: .forecast, description: "open the recommended exam as a work order", command: .openWorkOrder
        ) { state in
            guard state.chart == .risk, let risk = state.risk.selectedRow else {
                return .refuse("open the recommended exam: select a vehicle in the risk view (r) first")
            }
            guard let level = risk.examLevel, let day = risk.examDay else {
                return .refuse("no exam is recommended for this vehicle: its class has no plan or it has no km yet")
            }
            let number = state.live.fleet.first { $0.vehicleID == risk.vehicleID }?.fleetNumber ?? risk.vehicleID
            let percent = Int(((risk.probabilities.first ?? 0) * 100).rounded())
            var form = FormBuilder()
            let title = form.text("Title", prefill: "\(level) exam by \(Day(day)) (30-day risk \(percent) %)")
            let priority = form.choice(
                "Priority", WorkOrderPriority.allCases.map { ($0.rawValue, $0) },
                selected: WorkOrderPriority.allCases.firstIndex(of: percent >= 30 ? .high : .normal) ?? 0)
            return .form(
                form.make(title: "\(level) exam of \(number)") { fields throws(CommandFailure) in
                    .init(
                        .openWorkOrder(
                            vehicleID: risk.vehicleID, title: title.text(in: fields), type: .preventive,
                            priority: priority.value(in: fields) ?? .normal, examLevel: level, defectID: nil),
                        success: "Opened the \(level) exam of \(number); approve and plan it in the work-order pane")
                })
        }
    ]
}
