import ArgumentParser
import Domain
import Foundation
import Storage

extension RailFleet {
    struct Part: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register parts.", subcommands: [Add.self, List.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Register a part number.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Part number.") var partNumber: String
            @Option(help: "Description.") var name: String
            @Option(help: "consumable or rotable.") var kind: PartKind
            @Option(help: "Unit of issue.") var unit: String = "pc"
            @Option(help: "Minimum stock.") var min: Int = 0
            @Option(help: "Maximum stock.") var max: Int?
            @Option(help: "Reorder point.") var reorderPoint: Int = 0
            @Option(help: "Lead time in days.") var leadTimeDays: Int = 14
            @Option(help: "Unit cost, e.g. 12.50.") var unitCost: String = "0"
            @Option(help: "ISO currency code.") var currency: String = "EUR"
            func run() throws {
                let cost = try Parse.money(unitCost, "--unit-cost")
                try options.execute(
                    .registerPart(
                        PartRegistered(
                            partNumber: partNumber, name: name, kind: kind, unit: unit, minimum: min, maximum: max, reorderPoint: reorderPoint,
                            leadTimeDays: leadTimeDays, unitCost: Money(minorUnits: cost, currency: currency))))
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List parts (same as `stock list`).")
            @OptionGroup var options: GlobalOptions
            func run() throws { try Stock.List.print(options) }
        }
    }

    struct Stock: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move stock: receive, issue, transfer, adjust.", subcommands: [Receive.self, Issue.self, Transfer.self, Adjust.self, List.self])

        struct Receive: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Receive stock into a location.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Part number or id.") var part: String
            @Option(parsing: .unconditional, help: "Quantity.") var qty: Int
            @Option(help: "Location.") var location: String = "main"
            @Option(help: "Delivery note or remark.") var note: String?
            func validate() throws { guard qty > 0 else { throw ValidationError("--qty must be positive, got \(qty)") } }
            func run() throws {
                let store = try options.openStore()
                let id = try store.resolvePart(part)
                options.report(try store.execute(.receiveStock(partID: id, location: location, quantity: qty, note: note), as: options.userName))
            }
        }

        struct Issue: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Issue stock, optionally to a work order.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Part number or id.") var part: String
            @Option(parsing: .unconditional, help: "Quantity.") var qty: Int
            @Option(help: "Location.") var location: String = "main"
            @Option(help: "Work-order number or id.") var workOrder: String?
            @Option(help: "Remark.") var note: String?
            func validate() throws { guard qty > 0 else { throw ValidationError("--qty must be positive, got \(qty)") } }
            func run() throws {
                let store = try options.openStore()
                let id = try store.resolvePart(part)
                let wo = try workOrder.map { try store.resolveWorkOrder($0) }
                options.report(try store.execute(.issueStock(partID: id, location: location, quantity: qty, workOrderID: wo, note: note), as: options.userName))
            }
        }

        struct Transfer: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Move stock between locations.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Part number or id.") var part: String
            @Option(parsing: .unconditional, help: "Quantity.") var qty: Int
            @Option(help: "From location.") var from: String
            @Option(help: "To location.") var to: String
            func validate() throws { guard qty > 0 else { throw ValidationError("--qty must be positive, got \(qty)") } }
            func run() throws {
                let store = try options.openStore()
                let id = try store.resolvePart(part)
                options.report(try store.execute(.transferStock(partID: id, from: from, to: to, quantity: qty), as: options.userName))
            }
        }

        struct Adjust: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Correct stock after a count; a reason is required.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Part number or id.") var part: String
            @Option(parsing: .unconditional, help: "Signed change, e.g. -2.", transform: { text in
                guard let v = Int(text) else { throw ValidationError("--delta '\(text)' is not a whole number") }
                return v
            }) var delta: Int
            @Option(help: "Location.") var location: String = "main"
            @Option(help: "Why.") var reason: String
            func run() throws {
                let store = try options.openStore()
                let id = try store.resolvePart(part)
                options.report(try store.execute(.adjustStock(partID: id, location: location, delta: delta, reason: reason), as: options.userName))
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Stock per part: on hand, reserved, available, reorder point.")
            @OptionGroup var options: GlobalOptions
            func run() throws { try Self.print(options) }

            static func print(_ options: GlobalOptions) throws {
                let rows = try options.openStore().parts()
                if options.json { return options.printJSON(rows) }
                var table = Table("PART NO", "NAME", "KIND", "ON HAND", "RESERVED", "AVAILABLE", "REORDER AT", "")
                for p in rows {
                    table.add(p.partNumber, p.name, p.kind, "\(p.onHand)", "\(p.reserved)", "\(p.available)", "\(p.reorderPoint)", p.belowReorderPoint ? "REORDER" : "")
                }
                Swift.print(table.render())
            }
        }
    }
}
