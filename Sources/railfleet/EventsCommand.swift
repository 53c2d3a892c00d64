import ArgumentParser
import Domain
import Foundation
import Storage

extension RailFleet {
    struct Events: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the event log, newest last.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Only events of this aggregate (id, fleet number, work-order or part number).") var aggregate:
            String?
        @Option(help: "Only this event type, e.g. WorkOrderOpened.") var type: String?
        @Option(name: .customLong("by"), help: "Only events of this user.") var byUser: String?
        @Option(help: "From this UTC time (valid time).") var since: String?
        @Option(help: "Until this UTC time (valid time).") var until: String?
        @Option(help: "At most this many (the newest).") var limit: Int?
        @Option(help: "Only this event: DEVICE:COUNTER, as `report explain` and the audit name events.") var id: String?

        func validate() throws {
            if let id, EventID(parsing: id) == nil {
                throw ValidationError("--id \(Text.escaped(id)) is not an event id; write DEVICE:COUNTER")
            }
            if let since { _ = try Parse.time(since, "--since") }
            if let until { _ = try Parse.time(until, "--until") }
            if let limit, limit <= 0 { throw ValidationError("--limit must be positive") }
        }

        func run() throws {
            let store = try options.openStore(.readOnly)
            let aggregateID = aggregate.map { (try? store.resolveAggregate($0))?.id ?? $0 }
            let events = try store.events(
                EventFilter(
                    aggregateID: aggregateID, eventType: type, user: byUser,
                    sinceMs: try since.map { try Parse.time($0, "--since") },
                    untilMs: try until.map { try Parse.time($0, "--until") }, limit: limit,
                    id: id.flatMap(EventID.init(parsing:))))
            if options.json { return options.printJSON(events.map(EventView.init)) }
            var table = Table("VALID TIME", "USER", "ROLE", "EVENT", "AGGREGATE", "ID")
            for e in events {
                let r = e.event
                table.add(
                    UTC.format(ms: r.timestamp.physicalMs), r.user, r.role.rawValue, r.event.eventType,
                    r.aggregate.description, r.id.description)
            }
            say(table)
        }
    }

    struct Conflicts: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Conflict notices from concurrent changes.", subcommands: [List.self, Resolve.self],
            defaultSubcommand: List.self)

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List open conflict notices.")
            @OptionGroup var options: GlobalOptions
            func run() throws {
                let notices = try options.openStore(.readOnly).conflicts()
                if options.json { return options.printJSON(notices) }
                if notices.isEmpty { return say("No open conflicts.") }
                for n in notices {
                    say("\(n.aggregate)  \(n.key)  \(n.message)  [\(n.resolutions.joined(separator: "|"))]")
                }
            }
        }

        struct Resolve: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Resolve a conflict notice.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "Aggregate as kind/id, e.g. work-order/W-….") var aggregate: String
            @Argument(help: "The notice key.") var notice: String
            @Argument(help: "One of the notice's resolutions.") var resolution: String
            @Option(help: "A remark for the audit trail.") var note: String?
            func run() throws {
                let parts = aggregate.split(separator: "/", maxSplits: 1).map(String.init)
                guard parts.count == 2, let kind = AggregateKind(rawValue: parts[0]) else {
                    throw ValidationError("aggregate '\(aggregate)' must be kind/id, e.g. work-order/W-abc-1")
                }
                try options.execute(
                    .resolveConflict(AggregateRef(kind, parts[1]), notice: notice, resolution: resolution, note: note))
            }
        }
    }

    struct Projections: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read models derived from the log.", subcommands: [Rebuild.self])

        struct Rebuild: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Rebuild every read model and snapshot from the log.")
            @OptionGroup var options: GlobalOptions
            func run() throws {
                let store = try options.openStore()
                let count = try store.rebuildProjections()
                if options.json { return options.printJSON(["events": count]) }
                say("Rebuilt read models from \(count) events.")
            }
        }
    }
}
