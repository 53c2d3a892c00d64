import ArgumentParser
import Domain
import Foundation
import Storage

extension RailFleet {
    struct WorkOrder: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "wo",
            abstract: "Open work orders and move them through their lifecycle.",
            discussion:
                "requested → approved → planned → waiting → in-progress → technically-complete → released-to-service → closed; plus hold/resume and cancel.",
            subcommands: [
                Open.self, Approve.self, PlanWork.self, Wait.self, Start.self, Complete.self, Release.self, Close.self,
                Hold.self,
                Resume.self, Cancel.self, Assign.self, Unassign.self, BookHours.self, BookPart.self, ReservePart.self,
                FailureCodeCommand.self, Task.self, List.self, Show.self,
            ])
    }
}

/// The work order a command acts on, as typed, plus the version the user saw.
struct WorkOrderTarget: ParsableArguments {
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Work-order number (WO-…) or id.") var workOrder: String
    @Option(help: "Refuse if the work order changed since this version (optimistic concurrency).") var ifVersion: Int?

    /// Runs the command built for the resolved work-order id.
    func execute(_ make: (String) -> Command) throws {
        try execute { id, _ in make(id) }
    }

    /// Runs a command that also needs the store to resolve other ids (parts, workshops).
    func execute(_ make: (String, RailFleetStore) throws -> Command) throws {
        try options.execute(expectedVersion: ifVersion) { store in
            try make(try store.resolveWorkOrder(workOrder), store)
        }
    }
}

/// A lifecycle step: one stage forward.
protocol StageCommand: ParsableCommand {
    static var stage: WorkOrderStage { get }
    var target: WorkOrderTarget { get }
}

extension StageCommand {
    func run() throws { try target.execute { .advanceWorkOrder(workOrderID: $0, to: Self.stage, plannedDay: nil) } }
}

extension RailFleet.WorkOrder {
    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open a work order on a vehicle.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Fleet number or vehicle id.") var vehicle: String
        @Option(help: "What is to be done.") var title: String
        @Option(help: "preventive, corrective or campaign.") var type: WorkOrderType
        @Option(help: "urgent, high, normal or low.") var priority: WorkOrderPriority = .normal
        @Option(help: "Exam level carried out (preventive work).") var exam: String?
        @Option(help: "The defect this work repairs (its id, from `defect list`); released work closes it.") var defect:
            String?
        func run() throws {
            let store = try options.openStore()
            let id = try store.resolveVehicle(vehicle)
            let events = try store.execute(
                .openWorkOrder(
                    vehicleID: id, title: title, type: type, priority: priority, examLevel: exam, defectID: defect),
                as: options.userName)
            // The number is what people type from now on: say it first.
            if !options.json, case .workOrderOpened(let o)? = events.first?.event.event { say("Opened \(o.number)") }
            options.report(events)
        }
    }

    struct Approve: StageCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a requested work order.")
        static let stage = WorkOrderStage.approved
        @OptionGroup var target: WorkOrderTarget
    }

    struct PlanWork: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "plan", abstract: "Plan an approved work order.")
        @OptionGroup var target: WorkOrderTarget
        @Option(help: "Planned date, YYYY-MM-DD.") var date: String?
        func validate() throws { if let date { _ = try Parse.day(date, "--date") } }
        func run() throws {
            let day = try date.map { try Parse.day($0, "--date") }
            try target.execute { .advanceWorkOrder(workOrderID: $0, to: .planned, plannedDay: day) }
        }
    }

    struct Wait: StageCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark a planned work order as waiting (for parts or a road).")
        static let stage = WorkOrderStage.waiting
        @OptionGroup var target: WorkOrderTarget
    }

    struct Start: StageCommand {
        static let configuration = CommandConfiguration(abstract: "Start work.")
        static let stage = WorkOrderStage.inProgress
        @OptionGroup var target: WorkOrderTarget
    }

    struct Complete: StageCommand {
        static let configuration = CommandConfiguration(abstract: "Mark the work technically complete.")
        static let stage = WorkOrderStage.technicallyComplete
        @OptionGroup var target: WorkOrderTarget
    }

    struct Release: StageCommand {
        static let configuration = CommandConfiguration(
            abstract: "Release the vehicle to service; records the exam of preventive work.")
        static let stage = WorkOrderStage.releasedToService
        @OptionGroup var target: WorkOrderTarget
    }

    struct Close: StageCommand {
        static let configuration = CommandConfiguration(abstract: "Close a released work order.")
        static let stage = WorkOrderStage.closed
        @OptionGroup var target: WorkOrderTarget
    }

    struct Hold: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put a work order on hold.")
        @OptionGroup var target: WorkOrderTarget
        @Option(help: "What the work waits for (needed).") var reason: String?
        func run() throws { try target.execute { .holdWorkOrder(workOrderID: $0, hold: true, reason: reason) } }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a work order off hold.")
        @OptionGroup var target: WorkOrderTarget
        func run() throws { try target.execute { .holdWorkOrder(workOrderID: $0, hold: false, reason: nil) } }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a work order (not once hours or parts are booked).")
        @OptionGroup var target: WorkOrderTarget
        @Option(help: "Why the work is cancelled (needed).") var reason: String?
        func run() throws { try target.execute { .cancelWorkOrder(workOrderID: $0, reason: reason) } }
    }

    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Assign a workshop and/or a technician.")
        @OptionGroup var target: WorkOrderTarget
        @Option(help: "Workshop name or id.") var workshop: String?
        @Option(help: "Technician's user name.") var technician: String?
        func run() throws {
            try target.execute { id, store in
                .assignWorkOrder(
                    workOrderID: id, workshopID: try workshop.map { try store.resolveWorkshop($0) },
                    technician: technician)
            }
        }
    }

    struct Unassign: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a technician.")
        @OptionGroup var target: WorkOrderTarget
        @Option(help: "Technician's user name.") var technician: String
        func run() throws { try target.execute { .unassignTechnician(workOrderID: $0, technician: technician) } }
    }

    struct BookHours: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Book labour hours (work in progress only).")
        @OptionGroup var target: WorkOrderTarget
        @Option(parsing: .unconditional, help: "Hours, e.g. 2.5 (more than 0, at most 24).") var hours: Double
        @Option(help: "Who worked; default: you.") var technician: String?
        func validate() throws {
            do { _ = try BookedTime.minutes(fromHours: hours) } catch { throw ValidationError("--hours: \(error)") }
        }
        func run() throws {
            let who = try technician ?? target.options.userName
            let minutes = try BookedTime.minutes(fromHours: hours)
            try target.execute { .bookHours(workOrderID: $0, minutes: minutes, technician: who) }
        }
    }

    struct BookPart: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Book a part onto a work order; issues it from stock.")
        @OptionGroup var target: WorkOrderTarget
        @OptionGroup var item: PartQuantity
        @Option(help: "Stock location issued from.") var location: String = "main"
        func run() throws {
            try target.execute { id, store in
                .bookPart(
                    workOrderID: id, partID: try store.resolvePart(item.part), quantity: item.qty, location: location)
            }
        }
    }

    struct ReservePart: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reserve stock for a work order.")
        @OptionGroup var target: WorkOrderTarget
        @OptionGroup var item: PartQuantity
        @Option(help: "Stock location.") var location: String = "main"
        func run() throws {
            try target.execute { id, store in
                .reserveStock(
                    partID: try store.resolvePart(item.part), location: location, quantity: item.qty, workOrderID: id)
            }
        }
    }

    struct FailureCodeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "failure-code", abstract: "Record the failure code: system / mode / cause / remedy.")
        @OptionGroup var target: WorkOrderTarget
        @Option var system: String
        @Option var mode: String
        @Option var cause: String
        @Option var remedy: String
        func run() throws {
            try target.execute {
                .recordFailureCode(
                    workOrderID: $0, code: FailureCode(system: system, mode: mode, cause: cause, remedy: remedy))
            }
        }
    }

    struct Task: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a task to a work order.")
        @OptionGroup var target: WorkOrderTarget
        @Option(help: "What to do.") var text: String
        func run() throws { try target.execute { .addTask(workOrderID: $0, text: text) } }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List work orders.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Only this status.") var status: WorkOrderStatus?
        @Flag(help: "Only open work orders.") var open = false
        func run() throws {
            let rows = try options.openStore(.readOnly).workOrders(status: status, openOnly: open)
            if options.json { return options.printJSON(rows) }
            var table = Table("NUMBER", "VEHICLE", "TYPE", "PRIORITY", "STATUS", "HOURS", "COST", "TITLE")
            for w in rows {
                table.add(
                    w.number, w.fleetNumber ?? w.vehicleID, w.type, w.priority, w.status,
                    String(format: "%.1f", w.bookedHours), w.cost.formatted, w.title)
            }
            say(table)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one work order with its history.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Work-order number or id.") var workOrder: String

        struct Detail: Encodable {
            let workOrder: WorkOrderRow
            let version: Int
            let tasks: [String]
            let partsBooked: [String: Int]
            let events: [EventView]
        }

        func run() throws {
            let store = try options.openStore(.readOnly)
            let id = try store.resolveWorkOrder(workOrder)
            guard let row = try store.workOrders().first(where: { $0.workOrderID == id }),
                case .workOrder(let state)? = try store.aggregate(AggregateRef(.workOrder, id))
            else { throw CLIError("no work order '\(workOrder)'") }
            let events = try store.events(EventFilter(aggregateID: id))
            let detail = Detail(
                workOrder: row, version: state.version, tasks: state.body.tasks.elements.sorted(),
                partsBooked: state.body.partsBooked,
                events: events.map(EventView.init))
            if options.json { return options.printJSON(detail) }
            say("\(row.number)  \(row.title)  [\(row.status)]  version \(state.version)")
            say(
                "vehicle \(row.fleetNumber ?? row.vehicleID)  type \(row.type)  priority \(row.priority)  exam \(row.examLevel ?? "-")"
            )
            say(
                "technicians \(row.technicians.joined(separator: ", "))  hours \(row.bookedHours)  cost \(row.cost.formatted)"
            )
            if let code = row.failureCode { say("failure code \(code)") }
            // What happened, as the terminal's histories say it, with names rather than ids.
            let names = try store.everydayNames()
            var table = Table("VALID TIME", "USER", "WHAT")
            for e in events {
                table.add(
                    UTC.format(ms: e.event.timestamp.physicalMs), e.event.user,
                    EventSummary.of(e.event.event, naming: { names[$0] }))
            }
            say(table)
        }
    }
}
