import ArgumentParser
import Domain
import Foundation
import Storage

extension RailFleet {
    struct Defect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report and close defects found on vehicles.",
            discussion:
                "Open a corrective work order for a defect with `wo open --defect ID`; releasing that work closes the defect.",
            subcommands: [Report.self, Close.self, List.self])

        struct Report: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Report a defect on a vehicle.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Fleet number or vehicle id.") var vehicle: String
            @Option(help: "What is wrong.") var description: String
            @Option(help: "minor, major or critical.") var severity: DefectSeverity = .major
            @Option(help: "The system affected, e.g. brakes.") var system: String?
            func run() throws {
                try options.execute {
                    .reportDefect(
                        vehicleID: try $0.resolveVehicle(vehicle), description: description, severity: severity,
                        system: system)
                }
            }
        }

        struct Close: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Close a defect without a work order (no fault found, deferred elsewhere …).")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "Defect id.") var defect: String
            @Option(help: "Why it is closed.") var resolution: String
            func run() throws { try options.execute(.closeDefect(defectID: defect, resolution: resolution)) }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List defects, newest first.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Only this vehicle's (fleet number or id).") var vehicle: String?
            @Flag(help: "Only open defects.") var open = false
            func run() throws {
                let store = try options.openStore(.readOnly)
                let rows = try store.defects(
                    vehicleID: try vehicle.map { try store.resolveVehicle($0) }, openOnly: open)
                if options.json { return options.printJSON(rows) }
                var table = Table("DEFECT", "VEHICLE", "SEVERITY", "SYSTEM", "STATUS", "REPORTED", "DESCRIPTION")
                for d in rows {
                    table.add(
                        d.defectID, d.fleetNumber ?? d.vehicleID, d.severity, d.system ?? "-",
                        d.isOpen ? "open" : "closed", d.reportedAt, d.description)
                }
                say(table)
            }
        }
    }
}
