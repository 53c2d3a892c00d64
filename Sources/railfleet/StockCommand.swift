import ArgumentParser
import Domain
import Foundation
import Storage

extension RailFleet {
    struct Part: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register parts.", subcommands: [Add.self, List.self])

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
                            partNumber: partNumber, name: name, kind: kind, unit: unit, minimum: min, maximum: max,
                            reorderPoint: reorderPoint,
                            leadTimeDays: leadTimeDays, unitCost: Money(minorUnits: cost, currency: currency))))
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List parts (same as `stock list`).")
            @OptionGroup var options: GlobalOptions
            func run() throws { try Stock.List.show(options) }
        }
    }

    struct Stock: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move stock: receive, issue, transfer, adjust.",
            subcommands: [Receive.self, Issue.self, Transfer.self, Adjust.self, List.self])

        struct Receive: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Receive stock into a location.")
            @OptionGroup var options: GlobalOptions
            @OptionGroup var item: PartQuantity
            @Option(help: "Location.") var location: String = "main"
            @Option(help: "Delivery note or remark.") var note: String?
            func run() throws {
                try options.execute {
                    .receiveStock(
                        partID: try $0.resolvePart(item.part), location: location, quantity: item.qty, note: note)
                }
            }
        }

        struct Issue: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Issue stock, optionally to a work order.")
            @OptionGroup var options: GlobalOptions
            @OptionGroup var item: PartQuantity
            @Option(help: "Location.") var location: String = "main"
            @Option(help: "Work-order number or id.") var workOrder: String?
            @Option(help: "Remark.") var note: String?
            func run() throws {
                try options.execute { store in
                    let wo = try workOrder.map { try store.resolveWorkOrder($0) }
                    return .issueStock(
                        partID: try store.resolvePart(item.part), location: location, quantity: item.qty,
                        workOrderID: wo, note: note)
                }
            }
        }

        struct Transfer: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Move stock between locations.")
            @OptionGroup var options: GlobalOptions
            @OptionGroup var item: PartQuantity
            @Option(help: "From location.") var from: String
            @Option(help: "To location.") var to: String
            func run() throws {
                try options.execute {
                    .transferStock(partID: try $0.resolvePart(item.part), from: from, to: to, quantity: item.qty)
                }
            }
        }

        struct Adjust: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Correct stock after a count; a reason is required.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Part number or id.") var part: String
            @Option(
                parsing: .unconditional, help: "Signed change, e.g. -2.",
                transform: { text in
                    guard let v = Int(text) else { throw ValidationError("--delta '\(text)' is not a whole number") }
                    return v
                }) var delta: Int
            @Option(help: "Location.") var location: String = "main"
            @Option(help: "Why.") var reason: String
            func run() throws {
                try options.execute {
                    .adjustStock(partID: try $0.resolvePart(part), location: location, delta: delta, reason: reason)
                }
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Stock per part: on hand, reserved, available, reorder point.")
            @OptionGroup var options: GlobalOptions
            func run() throws { try Self.show(options) }

            static func show(_ options: GlobalOptions) throws {
                let rows = try options.openStore(.readOnly).parts()
                if options.json { return options.printJSON(rows) }
                var table = Table("PART NO", "NAME", "KIND", "ON HAND", "RESERVED", "AVAILABLE", "REORDER AT", "")
                for p in rows {
                    table.add(
                        p.partNumber, p.name, p.kind, "\(p.onHand)", "\(p.reserved)", "\(p.available)",
                        "\(p.reorderPoint)", p.belowReorderPoint ? "REORDER" : "")
                }
                say(table)
            }
        }
    }
}
