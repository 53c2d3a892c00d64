extension KPI {
    /// The figure's definition, as docs/ANALYTICS.md states it and the workbook repeats it.
    public var definition: String {
        switch self {
        case .vehicleHours:
            "Hours of the period each vehicle was registered and not yet withdrawn, summed."
        case .availability:
            "1 − hours with the status out-of-service or in-workshop / vehicle-hours; the status is a step function of its changes in valid time, in-service from registration."
        case .kmRun:
            "Odometer at the end less odometer at the start; the odometer at t is the largest reading (the registration's included, withdrawn readings not) with valid time ≤ t."
        case .failures: "Defects reported with severity major or critical."
        case .mdbfKm: "Mean distance between failures: km run / failures."
        case .mtbfDays: "Mean time between failures: vehicle-days / failures."
        case .repairs: "Corrective work orders released to service in the period."
        case .mttrHours:
            "Mean time to restore: over corrective orders released to service in the period, release less the order's opening, in hours."
        case .labourCost: "Minutes booked × the booking's hourly rate, booked in the period."
        case .partsCost: "Quantity × unit cost of parts booked in the period."
        case .cost: "Labour plus parts booked in the period."
        case .costPer1000Km: "Cost / km run × 1,000."
        case .bookedHours: "Hours booked in the period."
        case .preventiveShare: "Hours booked on preventive orders / all hours booked."
        case .examsDue:
            "Exams that fell due in the period (by days or km, whichever first; an exam done earlier counts when done), once decided: done, or past their tolerance."
        case .examsOnTime: "Of those, exams recorded within their plan's tolerance (km and days)."
        case .examCompliance: "Exams on time / exams due."
        case .overdueExams: "Exams past their tolerance and not done at the period's end."
        case .backlog: "Work orders opened and neither closed nor cancelled at the period's end."
        case .backlogAgeDays: "Mean age of the backlog's orders at the period's end, in days."
        case .repeatDefects:
            "Defects on the same vehicle and system within 30 days of the release to service of the previous one's repair."
        case .ordersCompleted: "Work orders released to service in the period."
        case .turnaroundHours:
            "Mean time from work starting (in progress) to release to service, over orders released in the period."
        case .hoursPerOrder: "Hours booked on the orders completed in the period / those orders."
        case .daysOutOfStock:
            "Days per part and location that ended with none on hand while the part had been issued there within the 90 days before."
        case .daysOfCover: "Quantity on hand at the period's end / mean daily quantity issued in the period."
        case .partsAtReorder:
            "Parts whose quantity on hand (all locations) was at or below the reorder point at the period's end."
        }
    }

    /// How a spreadsheet shows the figure.
    public var numberFormat: String {
        if isShare { return "0.0%" }
        switch self {
        case .labourCost, .partsCost, .cost, .costPer1000Km: return "#,##0.00"
        case .kmRun, .failures, .repairs, .examsDue, .examsOnTime, .overdueExams, .backlog, .repeatDefects,
            .ordersCompleted, .daysOutOfStock, .partsAtReorder:
            return "#,##0"
        default: return "#,##0.0"
        }
    }
}
