import ArgumentParser
import Domain
import Foundation
import Storage

extension RailFleet {
    struct User: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage users and their roles.", subcommands: [Add.self, Role.self, RestoreAdmin.self, List.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add a user (admins only).")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The new user's name.") var name: String
            @Option(help: "admin, dispatcher, planner, technician, storekeeper or auditor.") var role: Domain.Role
            func run() throws { try options.execute(.addUser(name: name, role: role)) }
        }

        struct Role: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "role", abstract: "Change a user's role (admins only).")
            @OptionGroup var options: GlobalOptions
            @Argument var name: String
            @Option(help: "The new role.") var role: Domain.Role
            func run() throws { try options.execute(.changeUserRole(name: name, role: role)) }
        }

        struct RestoreAdmin: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "restore-admin",
                abstract: "Make a user admin again in a fleet left without one.",
                discussion: """
                    Two admins on two offline terminals can demote each other; once their events meet, \
                    the fleet has no admin (`conflicts` says so). Only the terminal that founded the \
                    fleet may then restore one: the event is signed with its device key.
                    """)
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The user to make admin.") var name: String
            func run() throws { try options.execute(.restoreAdmin(name: name)) }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List users.")
            @OptionGroup var options: GlobalOptions
            func run() throws {
                let users = try options.openStore(.readOnly).users()
                if options.json { return options.printJSON(users) }
                var table = Table("USER", "ROLE")
                for u in users { table.add(u.name, u.role) }
                say(table)
            }
        }
    }

    struct Workshop: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage workshops.", subcommands: [Add.self, List.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Register a workshop (admins only).")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Workshop name.") var name: String
            @Option(help: "The depot it serves.") var depot: String
            @Option(help: "Number of workshop roads (tracks).") var roads: Int = 2
            @Option(help: "Comma-separated skills, e.g. electrical,bogies.") var skills: String = ""
            func run() throws {
                let list = skills.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                    !$0.isEmpty
                }
                try options.execute(
                    .registerWorkshop(WorkshopRegistered(name: name, depot: depot, roads: roads, skills: list)))
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List workshops.")
            @OptionGroup var options: GlobalOptions
            func run() throws {
                let rows = try options.openStore(.readOnly).workshops()
                if options.json { return options.printJSON(rows) }
                var table = Table("ID", "NAME", "DEPOT", "ROADS", "SKILLS")
                for w in rows {
                    table.add(w.workshopID, w.name, w.depot, "\(w.roads)", w.skills.joined(separator: ","))
                }
                say(table)
            }
        }
    }

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Maintenance plans: exam levels per vehicle class.", subcommands: [Set.self])

        struct Set: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Define an exam level of a class (admins only).",
                discussion: "An exam falls due at --km or --days after the last one, whichever comes first.")
            @OptionGroup var options: GlobalOptions
            @Option(name: .customLong("class"), help: "Vehicle class.") var vehicleClass: String
            @Option(help: "Exam level, e.g. A.") var level: String
            @Option(help: "Interval in km.") var km: Int
            @Option(help: "Interval in days.") var days: Int
            @Option(help: "Tolerance in percent of the interval.") var tolerance: Int = 10
            @Option(help: "Comma-separated lower levels this exam includes.") var includes: String = ""
            func run() throws {
                let lower = includes.split(separator: ",").map(String.init)
                try options.execute(
                    .defineExamLevel(
                        ExamLevelDefined(
                            vehicleClass: vehicleClass, level: level, intervalKm: km, intervalDays: days,
                            tolerancePercent: tolerance, includes: lower)))
            }
        }
    }
}
