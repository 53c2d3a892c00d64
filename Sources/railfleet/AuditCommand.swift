import ArgumentParser
import Domain
import Foundation
import Storage

extension RailFleet {
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Time travel and audit: the fleet as it was, who changed what, and proof that nothing was altered.",
            discussion: """
                Valid time is when something happened (the event's clock stamp); recorded time is when this replica stored it. \
                Times are UTC: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z; a date alone means its first instant.
                """,
            subcommands: [
                Trail.self, State.self, Diff.self, Changes.self, UserActions.self, Fleet.self, Export.self, Verify.self,
                ReceiptCommand.self, Repair.self,
            ])
    }
}

/// One event as audit listings show it.
struct AuditLine {
    static func table(_ events: [StoredEvent]) -> Table {
        var table = Table("VALID TIME", "RECORDED AT", "USER", "ROLE", "DEVICE", "EVENT", "ENTITY", "ID")
        for e in events {
            let r = e.event
            table.add(
                UTC.format(ms: r.timestamp.physicalMs), UTC.format(ms: r.recordedAtMs), r.user, r.role.rawValue,
                r.id.device.rawValue,
                r.event.eventType, r.aggregate.description, r.id.description)
        }
        return table
    }
}

/// A point in history as typed: a time, or `vN` for a version.
struct PointArgument {
    static func parse(_ text: String, recorded: Bool, option: String) throws -> AuditPoint {
        if text.hasPrefix("v"), let n = Int(text.dropFirst()) {
            guard n >= 0 else { throw ValidationError("\(option) version must not be negative") }
            return .version(n)
        }
        let ms = try Parse.time(text, option)
        return recorded ? .recordedTime(ms) : .validTime(ms)
    }
}

extension RailFleet.Audit {
    struct Trail: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every event of one entity, in valid-time order, with both times.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "vehicle, work-order, part, defect, user, workshop, device or exam-plan.") var type:
            AggregateKind
        @Argument(help: "Its id, or the fleet, work-order or part number.") var id: String
        func run() throws {
            let store = try options.openStore(.readOnly)
            let events = try store.trail(of: try store.resolveAggregate(id, kind: type))
            if options.json { return options.printJSON(events.map(EventView.init)) }
            say(AuditLine.table(events))
        }
    }

    struct State: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One entity as it was at a time or version.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Id, fleet number, work-order or part number.") var id: String
        @Option(help: "A UTC time.") var at: String?
        // Not `--version`: that is the program's own flag.
        @Option(name: .customLong("at-version"), help: "The version: the first N events this replica stored for it.")
        var version: Int?
        @Flag(help: "Use recorded time (what this replica knew then) instead of valid time.") var recorded = false

        func validate() throws {
            guard (at == nil) != (version == nil) else {
                throw ValidationError("give exactly one of --at and --at-version")
            }
            if let at { _ = try Parse.time(at, "--at") }
            if let version, version < 1 { throw ValidationError("--at-version must be 1 or more, got \(version)") }
        }

        func run() throws {
            let store = try options.openStore(.readOnly)
            let ref = try store.resolveAggregate(id)
            let point: AuditPoint
            if let version {
                point = .version(version)
            } else if let at {
                point = try PointArgument.parse(at, recorded: recorded, option: "--at")
            } else {
                throw ValidationError("give --at TIME or --at-version N")
            }
            if case .version(let n) = point, let latest = try store.aggregate(ref), n > latest.version {
                throw CLIError("\(ref) has \(latest.version) version(s); --at-version \(n) is beyond the last")
            }
            guard let state = try store.state(of: ref, at: point) else {
                throw CLIError("\(ref) had no events yet at \(point)")
            }
            // People read names; scripts keep the ids.
            let names = options.json ? [:] : try store.everydayNames()
            let fields = AggregateFields(state, naming: { names[$0] })
            let view = AuditedState(
                aggregate: ref.description, asOf: point.description, version: state.version,
                lastValidTime: state.lastStamp.map { UTC.format(ms: $0.physicalMs) }, fields: fields.fields)
            if options.json { return options.printJSON(view) }
            say("\(ref) as of \(point): version \(state.version), last change \(view.lastValidTime ?? "-")")
            var table = Table("FIELD", "VALUE")
            for f in fields.fields { table.add(f.name, f.value) }
            say(table)
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What changed in one entity between two times or versions (vN), field by field.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Id, fleet number, work-order or part number.") var id: String
        @Option(help: "From: a UTC time or vN.") var from: String
        @Option(help: "To: a UTC time or vN.") var to: String
        @Flag(help: "Times are recorded time instead of valid time.") var recorded = false

        func validate() throws {
            let start = try PointArgument.parse(from, recorded: recorded, option: "--from")
            let end = try PointArgument.parse(to, recorded: recorded, option: "--to")
            // As `audit changes` does: from before to, where the two can be compared.
            let isBackwards =
                switch (start, end) {
                case (.version(let a), .version(let b)): a > b
                case (.validTime(let a), .validTime(let b)), (.recordedTime(let a), .recordedTime(let b)): a > b
                default: false
                }
            if isBackwards { throw ValidationError("--from must not be after --to") }
        }

        func run() throws {
            let store = try options.openStore(.readOnly)
            let ref = try store.resolveAggregate(id)
            // People read names; scripts keep the ids.
            let changes = try store.diff(
                of: ref, from: try PointArgument.parse(from, recorded: recorded, option: "--from"),
                to: try PointArgument.parse(to, recorded: recorded, option: "--to"),
                names: options.json ? [:] : try store.everydayNames())
            if options.json { return options.printJSON(changes) }
            if changes.isEmpty { return say("No change in \(ref) between \(from) and \(to).") }
            var table = Table("FIELD", "BEFORE", "AFTER")
            for c in changes { table.add(c.field, c.before ?? "-", c.after ?? "-") }
            say(table)
        }
    }

    struct Changes: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Everything that changed in a window of valid time, entity by entity.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Window start (exclusive), UTC.") var from: String
        @Option(help: "Window end (inclusive), UTC.") var to: String
        @Option(help: "Only entities of this type.") var type: AggregateKind?

        struct View: Encodable {
            let aggregate: String
            let events: [EventView]
            let changes: [FieldChange]
        }

        func validate() throws {
            let (a, b) = (try Parse.time(from, "--from"), try Parse.time(to, "--to"))
            guard a <= b else { throw ValidationError("--from must not be after --to") }
        }

        func run() throws {
            let store = try options.openStore(.readOnly)
            // People read names; scripts keep the ids.
            let changes = try store.changes(
                fromMs: try Parse.time(from, "--from"), toMs: try Parse.time(to, "--to"), kind: type,
                names: options.json ? [:] : try store.everydayNames())
            if options.json {
                return options.printJSON(
                    changes.map {
                        View(
                            aggregate: $0.aggregate.description, events: $0.events.map(EventView.init),
                            changes: $0.changes)
                    })
            }
            if changes.isEmpty { return say("Nothing changed between \(from) and \(to).") }
            for change in changes {
                say(
                    "\(change.aggregate): \(change.events.count) event(s) by \(Set(change.events.map(\.event.user)).sorted().joined(separator: ", "))"
                )
                for c in change.changes { say("  \(c.field): \(c.before ?? "-") → \(c.after ?? "-")") }
            }
        }
    }

    struct UserActions: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "user", abstract: "Every action of one user, in valid-time order.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The user's name.") var name: String
        @Option(help: "From this UTC time.") var from: String?
        @Option(help: "Until this UTC time.") var to: String?

        func validate() throws {
            if let from { _ = try Parse.time(from, "--from") }
            if let to { _ = try Parse.time(to, "--to") }
        }

        func run() throws {
            let store = try options.openStore(.readOnly)
            let events = try store.actions(
                of: name, fromMs: try from.map { try Parse.time($0, "--from") },
                toMs: try to.map { try Parse.time($0, "--to") })
            if options.json { return options.printJSON(events.map(EventView.init)) }
            if events.isEmpty, try !store.users().contains(where: { $0.name == name }) {
                throw CLIError("no user '\(name)'")
            }
            say(AuditLine.table(events))
        }
    }

    struct Fleet: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The whole fleet as it was at a time of valid time, or as this replica knew it (--recorded).")
        @OptionGroup var options: GlobalOptions
        @Option(help: "A UTC time.") var at: String
        @Flag(help: "Use recorded time: what this replica had stored by then.") var recorded = false
        func validate() throws { _ = try Parse.time(at, "--at") }
        func run() throws {
            let rows = try options.openStoreKeepingDerivedData().fleet(
                at: try Parse.time(at, "--at"), axis: recorded ? .recorded : .valid)
            if options.json { return options.printJSON(rows) }
            say("Fleet as of \(at) (\(recorded ? "recorded" : "valid") time):")
            say(Table.fleet(rows))
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every device's hash chain, counters and signatures; exits 1 if anything is broken.",
            discussion: """
                Reads what is new since the last intact verification, from a mark signed with this \
                replica's key; everything when there is no mark, when a row of the log was changed \
                or removed since, or with --full. A read-only file is verified in full.
                """)
        @OptionGroup var options: GlobalOptions
        @Option(help: "A receipt taken earlier (`audit receipt --out FILE`): the log must still hold what it saw.")
        var against: String?
        @Flag(help: "Read every event again, not only what is new since the last verification.") var full = false

        func run() throws {
            // Written only to move the verification's mark on; an archived copy stays untouched.
            let store = try options.openStoreKeepingDerivedData()
            let writable = store.access == .readWrite
            let started = Date()
            var lastLine = Date.distantPast
            let progress: (Int, Int) -> Void = { done, total in
                // A line a second, once it takes more than 2 s.
                guard !options.json, Date().timeIntervalSince(started) > 2, Date().timeIntervalSince(lastLine) >= 1
                else { return }
                lastLine = Date()
                FileHandle.standardError.write(
                    Data("… \(done * 100 / max(total, 1)) % (\(done) of \(total) events)\n".utf8))
            }
            let report: IntegrityReport
            if let against {
                guard let data = FileManager.default.contents(atPath: against) else {
                    throw CLIError("cannot read the receipt \(against)")
                }
                guard let receipt = try? JSONDecoder().decode(Receipt.self, from: data),
                    receipt.format == Receipt.format
                else { throw CLIError("\(against) is not a RailFleet receipt (\(Receipt.format))") }
                report = try store.verifyIntegrity(against: receipt)
            } else if full || !writable {
                report = try store.verifyIntegrity(progress: progress)
            } else {
                report = try store.verifyIncrementally(progress: progress)
            }
            if options.json {
                options.printJSON(report)
            } else {
                for d in report.devices {
                    say(
                        "device \(d.device): \(d.events) events, \(d.signedHeads) signed heads, last signed at \(d.lastSignedCounter.map(String.init) ?? "-")"
                    )
                }
                if let checked = report.receiptsChecked {
                    say("receipts of this replica: \(checked) stored, signed through seq \(report.receiptsSigned ?? 0)")
                }
                say(
                    report.incremental
                        ? "checked \(report.eventsChecked) event(s) new since the last verification"
                        : "checked all \(report.eventsChecked) event(s)\(report.fullBecause.map { ": \($0)" } ?? "")")
                for p in report.problems { say("BROKEN \(p.kind.rawValue): \(p.message)") }
                say(
                    report.isIntact
                        ? "Verified: every chain and signature holds." : "FAILED: \(report.problems.count) problem(s).")
            }
            if !report.isIntact { throw ExitCode(1) }
        }
    }

    struct ReceiptCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "receipt",
            abstract: "Print the signed heads an auditor keeps outside the database, for `audit verify --against`.",
            discussion: """
                Without a receipt (or a peer), a log cut back with its signed heads removed looks \
                like a shorter history. Keep the receipt somewhere the database's owner cannot change.
                """)
        @OptionGroup var options: GlobalOptions
        @Option(help: "Write the receipt to this file instead of standard output.") var out: String?

        func run() throws {
            let receipt = try options.openStore(.readOnly).receipt()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(receipt)
            guard let out else { return say(verbatim: String(decoding: data, as: UTF8.self)) }
            guard FileManager.default.createFile(atPath: out, contents: data) else {
                throw CLIError("cannot write the receipt to \(out)")
            }
            if !options.json { say("Receipt of \(receipt.heads.count) device(s) written to \(out)") }
        }
    }

    struct Repair: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take damaged events again from another replica of the fleet (its database file).",
            discussion: """
                An event whose payload no longer decodes quarantines its entity. A copy is taken only \
                if it hashes to what this replica stored: exactly what its device signed.
                """)
        @OptionGroup var options: GlobalOptions
        @Option(help: "Another replica's database file (a peer's, or a bundle's), read only.") var from: String

        func run() throws {
            let store = try options.openStore()
            guard FileManager.default.fileExists(atPath: from) else { throw CLIError("no database at \(from)") }
            let (repaired, remaining) = try store.repairDamagedEvents(
                from: try RailFleetStore(path: from, access: .readOnly))
            for event in repaired { say("repaired \(event)") }
            for event in remaining { say("still damaged \(event): \(from) holds no copy that matches its hash") }
            say("\(repaired.count) repaired, \(remaining.count) still damaged.")
            if !remaining.isEmpty { throw ExitCode(1) }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "An audit report of the events in a window: as-of time, range, verification result, and every event.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "csv or json.") var format: String = "json"
        @Option(help: "From this UTC time (valid time).") var from: String?
        @Option(help: "Until this UTC time (valid time).") var to: String?

        struct Report: Encodable {
            let asOf: String
            let from: String?
            let to: String?
            let device: String
            let verified: Bool
            let problems: [IntegrityReport.Problem]
            /// Events that no longer decode: not among `events`, named here.
            let damaged: [String]
            let events: [EventView]
        }

        func validate() throws {
            guard ["csv", "json"].contains(format) else {
                throw ValidationError("--format must be csv or json, got '\(format)'")
            }
            if let from { _ = try Parse.time(from, "--from") }
            if let to { _ = try Parse.time(to, "--to") }
        }

        func run() throws {
            let store = try options.openStore(.readOnly)
            let fromMs = try from.map { try Parse.time($0, "--from") }
            let toMs = try to.map { try Parse.time($0, "--to") }
            let events = try store.events(EventFilter(sinceMs: fromMs, untilMs: toMs))
            let integrity = try store.verifyIntegrity()
            let damaged = try store.damagedEvents().map(\.description)
            let report = Report(
                asOf: UTC.format(ms: RailFleetStore.systemMs()), from: fromMs.map { UTC.format(ms: $0) },
                to: toMs.map { UTC.format(ms: $0) },
                device: store.identity?.device.rawValue ?? "", verified: integrity.isIntact,
                problems: integrity.problems, damaged: damaged, events: events.map(EventView.init))
            if format == "json" { return options.printJSON(report) }
            say("# RailFleet audit export")
            say("# as of: \(report.asOf) (replica \(report.device))")
            say("# range (valid time): \(report.from ?? "start") to \(report.to ?? "now"), \(events.count) events")
            let verdict =
                integrity.isIntact
                ? "every chain and signature holds" : "FAILED, \(integrity.problems.count) problem(s)"
            say("# verification: \(verdict)")
            for p in integrity.problems { say("# broken: \(p.kind.rawValue): \(p.message)") }
            for d in damaged { say("# damaged, left out below: \(d)") }
            say("valid_time,recorded_at,device,counter,user,role,event_type,aggregate,correlation_id,hash")
            for e in report.events {
                let fields = [
                    e.validTime, e.recordedAt, e.device, e.id.split(separator: ":").last.map(String.init) ?? "", e.user,
                    e.role, e.type, e.aggregate, e.correlationID, e.hash,
                ]
                say(verbatim: fields.map(Self.csv).joined(separator: ","))
            }
            if !integrity.isIntact { throw ExitCode(1) }
        }

        /// Quotes a CSV field when it needs it.
        /// One CSV field: control characters escaped, and quoted when it holds a separator
        /// or a quote, or begins like a spreadsheet formula (`=`, `+`, `-`, `@`), which is then
        /// also prefixed with `'` so that no spreadsheet runs it.
        static func csv(_ field: String) -> String {
            let text = Text.escaped(field)
            let isFormula = text.first.map { "=+-@".contains($0) } ?? false
            guard isFormula || text.contains(where: { $0 == "," || $0 == "\"" }) else { return text }
            return "\"" + (isFormula ? "'" : "") + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }
}
