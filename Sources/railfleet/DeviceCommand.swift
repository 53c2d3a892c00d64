import ArgumentParser
import Domain
import Foundation
import Storage

extension RailFleet {
    struct Device: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The fleet's terminals: enrol, list, retire.",
            subcommands: [Enroll.self, Request.self, List.self, Retire.self])

        struct Enroll: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Enrol a terminal from the request `railfleet init --join` printed on it (admins only).",
                discussion: """
                    The enrolment is an event: once the new terminal receives it (through a bundle \\
                    file or the hub), it is a member and its events are accepted everywhere.
                    """)
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The enrolment request line, rfjoin1:….") var request: String
            func run() throws {
                let parsed = try EnrolmentRequest(parsing: request)
                let store = try options.openStore()
                options.report(try store.enrol(parsed, as: try options.userName))
            }
        }

        struct Request: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print this terminal's enrolment request again, for an admin to enrol it.")
            @OptionGroup var options: GlobalOptions
            func run() throws {
                let request = try options.openStore(.readOnly).enrolmentRequest()
                if options.json { return options.printJSON(["request": request.text]) }
                say(verbatim: request.text)
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List the fleet's terminals: who enrolled each, what this replica holds of it, retirements.")
            @OptionGroup var options: GlobalOptions
            func run() throws {
                let store = try options.openStore(.readOnly)
                let rows = try store.deviceList()
                if options.json { return options.printJSON(rows) }
                say(
                    "Fleet \(store.identity?.fleet ?? "not joined yet"); this terminal is \(store.identity?.device.rawValue ?? "?")"
                )
                var table = Table("DEVICE", "NAME", "ENROLLED BY", "ENROLLED", "HOLDS", "LAST HEARD", "RETIRED")
                for d in rows {
                    table.add(
                        d.deviceID + (d.isThisDevice ? " *" : ""), d.name, d.isFounder ? "founder" : d.enrolledBy ?? "",
                        d.enrolledAt?.description ?? "", "\(d.holds)", d.lastHeardFrom?.description ?? "",
                        d.retiredAfter.map { "after \($0): \(d.retiredBecause ?? "")" } ?? "")
                }
                say(table)
            }
        }

        struct Retire: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Cut a lost or stolen terminal off (admins only).",
                discussion: """
                    Its events up to --last (by default: all this replica holds of it) still count; \\
                    every later one is refused by every replica. Nothing expires by itself: a terminal \\
                    is only ever cut off by this command.
                    """)
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The device id, as `railfleet device list` prints it.") var id: String
            @Option(help: "Why (lost, stolen, replaced …).") var reason: String
            @Option(help: "The last of its event counters that still counts.") var last: Int64?
            func run() throws {
                try options.execute { store in
                    let held = try store.deviceList().first { $0.deviceID == id }
                    return .retireDevice(DeviceID(id), lastCounter: last ?? held?.holds ?? 0, reason: reason)
                }
            }
        }
    }
}
