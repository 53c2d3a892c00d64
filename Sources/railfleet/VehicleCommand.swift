import ArgumentParser
import Domain
import Foundation
import Storage

extension RailFleet {
    struct Vehicle: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register vehicles, record mileage and change their status.",
            subcommands: [Add.self, List.self, Show.self, Odometer.self, Status.self, Tag.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Register a vehicle.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Fleet number, as painted on the vehicle.") var fleetNumber: String
            @Option(help: "12-digit European Vehicle Number; spaces and the dash are optional.") var evn: String
            @Option(name: .customLong("class"), help: "Vehicle class, e.g. 'Class 186'.") var vehicleClass: String
            @Option(help: "locomotive, multiple-unit-car, coach or wagon.") var kind: VehicleKind
            @Option(help: "Home depot.") var depot: String?
            @Option(help: "Entity in charge of maintenance / keeper.") var keeper: String?
            @Option(help: "Commissioning date, YYYY-MM-DD.") var commissioned: String?
            @Option(parsing: .unconditional, help: "Odometer at registration, km.") var odometerKm: Int = 0

            func validate() throws {
                if odometerKm < 0 { throw ValidationError("--odometer-km must not be negative") }
                if let commissioned { _ = try Parse.day(commissioned, "--commissioned") }
            }

            func run() throws {
                let registered = VehicleRegistered(
                    fleetNumber: fleetNumber, evn: evn, vehicleClass: vehicleClass, kind: kind, keeper: keeper,
                    depot: depot,
                    commissionedOn: try commissioned.map { try Parse.day($0, "--commissioned") }, odometerKm: odometerKm
                )
                try options.execute(.registerVehicle(registered))
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List the fleet with status, mileage and next exam.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Only vehicles with this status.") var status: VehicleStatus?
            @Option(help: "Only vehicles of this depot.") var depot: String?

            func run() throws {
                let rows = try options.openStore(.readOnly).fleet().filter {
                    (status == nil || $0.status == status) && (depot == nil || $0.depot == depot)
                }
                if options.json { return options.printJSON(rows) }
                say(Table.fleet(rows))
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show one vehicle with its exams and work orders.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "Fleet number or vehicle id.") var vehicle: String

            struct Detail: Encodable {
                let vehicle: FleetRow
                let defects: [DefectRow]
                let workOrders: [WorkOrderRow]
            }

            func run() throws {
                let store = try options.openStore(.readOnly)
                let id = try store.resolveVehicle(vehicle)
                guard let row = try store.fleet().first(where: { $0.vehicleID == id }) else {
                    throw CLIError("no vehicle '\(vehicle)'")
                }
                let orders = try store.workOrders(vehicleID: id)
                let defects = try store.defects(vehicleID: id, openOnly: true)
                if options.json { return options.printJSON(Detail(vehicle: row, defects: defects, workOrders: orders)) }
                say(
                    "\(row.fleetNumber)  \(row.vehicleClass) (\(row.kind?.rawValue ?? "-"))  EVN \((try? EVN(row.evn).description) ?? row.evn)"
                )
                say("id \(row.vehicleID)  depot \(row.depot ?? "-")  keeper \(row.keeper ?? "-")")
                say(
                    "status \(row.status)\(row.statusReason.map { " (\($0))" } ?? "")  odometer \(row.odometerKm) km  tags \(row.tags.joined(separator: ","))"
                )
                if let e = row.nextExam {
                    say(
                        "next exam \(e.level): due at \(e.dueKm) km or \(e.dueDate), expected \(e.expectedDate) [\(e.urgency)]"
                    )
                }
                for d in defects { say("open defect \(d.defectID) [\(d.severity)] \(d.description)") }
                var table = Table("WORK ORDER", "TYPE", "STATUS", "TITLE")
                for w in orders { table.add(w.number, w.type, w.status, w.title) }
                say(table)
            }
        }

        struct Odometer: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record an odometer reading, or correct a wrong one.",
                discussion: """
                    A reading more than 3000 km a day above the last is refused as a likely typo; \
                    --force --reason records a real jump. --correct --reason withdraws the readings \
                    above KM (a typo, say) so that the odometer is the largest reading still standing.
                    """)
            @OptionGroup var options: GlobalOptions
            @Argument(help: "Fleet number or vehicle id.") var vehicle: String
            @Argument(help: "Reading in km.") var km: Int
            @Option(help: "Where the reading comes from.") var source: String = "manual"
            @Flag(help: "Record a reading implausibly far above the last (needs --reason).") var force = false
            @Flag(help: "Withdraw the readings above KM: the odometer becomes KM (needs --reason).") var correct = false
            @Option(help: "Why the jump is real, or why the readings were wrong.") var reason: String?

            func validate() throws {
                if force && correct { throw ValidationError("give --force or --correct, not both") }
                if (force || correct) && reason == nil { throw ValidationError("--force and --correct need --reason") }
                if reason != nil && !(force || correct) {
                    throw ValidationError("--reason goes with --force or --correct")
                }
            }

            func run() throws {
                try options.execute { store in
                    let id = try store.resolveVehicle(vehicle)
                    if correct, let reason { return .correctOdometer(vehicleID: id, km: km, reason: reason) }
                    return .recordOdometer(vehicleID: id, km: km, source: source, forcedBecause: force ? reason : nil)
                }
            }
        }

        struct Status: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Change a vehicle's status (legal transitions only).")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "Fleet number or vehicle id.") var vehicle: String
            @Argument(help: "in-service, restricted, out-of-service, in-workshop, released or withdrawn.") var status:
                VehicleStatus
            @Option(help: "Why; required for restricted, out-of-service and withdrawn.") var reason: String?
            func run() throws {
                try options.execute {
                    .changeVehicleStatus(vehicleID: try $0.resolveVehicle(vehicle), status: status, reason: reason)
                }
            }
        }

        struct Tag: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add or remove a tag.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "Fleet number or vehicle id.") var vehicle: String
            @Argument var tag: String
            @Flag(help: "Remove the tag instead.") var remove = false
            func run() throws {
                try options.execute { .tagVehicle(vehicleID: try $0.resolveVehicle(vehicle), tag: tag, remove: remove) }
            }
        }
    }
}
