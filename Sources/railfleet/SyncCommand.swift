import ArgumentParser
import Domain
import Foundation
import Storage
import SyncClient

extension RailFleet {
    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Exchange events with the fleet's other replicas, through the hub or bundle files.",
            subcommands: [
                Now.self, Push.self, Pull.self, Status.self, Compact.self, Auto.self, ClockAhead.self, Export.self,
                Import.self,
            ],
            defaultSubcommand: Now.self)

        /// Options of the commands that talk to the hub.
        struct HubOptions: ParsableArguments {
            @OptionGroup var options: GlobalOptions
            @Option(help: "The hub's address, http://HOST:PORT or https://HOST:PORT; remembered for later syncs.")
            var hub: String?
            @Option(help: "Events per batch (100 to 50000); each batch is merged on its own.") var batch: Int?
            @Option(
                help: ArgumentHelp(
                    "A PEM file of the authority that signed the hub's certificate, when the system does not trust it; remembered.",
                    valueName: "file")) var ca: String?

            func validate() throws {
                if let batch, !(100...50_000).contains(batch) { throw ValidationError("--batch must be 100 to 50000") }
            }

            /// The store and a client of its hub: the one given (then remembered) or the one before.
            func client() throws -> (RailFleetStore, HubClient) {
                let store = try options.openStore()
                guard let client = try client(of: store) else {
                    throw CLIError("no hub known yet: give --hub http://HOST:PORT once; it is remembered")
                }
                return (store, client)
            }

            /// A client of the hub given or remembered; nil when there is none.
            func client(of store: RailFleetStore) throws -> HubClient? {
                guard let address = try hub ?? store.hubAddress() else { return nil }
                let client = try HubClient(store: store, hub: address, trusting: try authority())
                if let batch { client.batchEvents = batch }
                let started = Date()
                var lastLine = Date.distantPast
                client.onProgress = { progress in
                    // Progress lines only for transfers that take a while, at most one a second.
                    guard !options.json, Date().timeIntervalSince(started) > 2, Date().timeIntervalSince(lastLine) >= 1
                    else { return }
                    lastLine = Date()
                    let rate = Double(progress.events) / max(progress.seconds, 0.001)
                    say(
                        "… \(progress.direction) \(progress.events) events, \(progress.bytes / 1024) KiB, \(Int(rate)) events/s"
                    )
                }
                return client
            }

            /// The --ca file as an absolute path, checked to be readable.
            func authority() throws -> String? {
                guard let ca else { return nil }
                let path = URL(fileURLWithPath: ca).standardizedFileURL.path
                guard FileManager.default.isReadableFile(atPath: path) else {
                    throw ValidationError("cannot read the certificate authority file \(ca)")
                }
                return path
            }

            /// Remembers --hub and --ca once the hub answered with them.
            func remember(in store: RailFleetStore) throws {
                if let hub { try store.setHubAddress(hub) }
                if let path = try authority() { try store.setHubAuthority(path) }
            }

            /// Runs one exchange; a hub given with --hub is remembered once it answered.
            func exchange(_ work: (HubClient) throws -> HubClient.Outcome) throws {
                let (store, client) = try client()
                let outcome = try work(client)
                try remember(in: store)
                report(outcome)
            }

            func report(_ outcome: HubClient.Outcome) {
                if options.json { return options.printJSON(outcome) }
                say(
                    "Sent \(outcome.pushed) events (\(outcome.bytesSent) bytes), received \(outcome.pulled) (\(outcome.bytesReceived) bytes)"
                )
            }
        }

        struct Now: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "now", abstract: "Push what the hub lacks, then pull what this replica lacks.")
            @OptionGroup var hub: HubOptions
            func run() throws { try hub.exchange { try $0.sync() } }
        }

        struct Push: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Send the hub what it lacks.")
            @OptionGroup var hub: HubOptions
            func run() throws { try hub.exchange { try $0.push() } }
        }

        struct Pull: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Take from the hub what this replica lacks.")
            @OptionGroup var hub: HubOptions
            func run() throws { try hub.exchange { try $0.pull() } }
        }

        struct Compact: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Drop from aggregate state and snapshots what every member of the fleet holds.",
                discussion: """
                    Tombstones of removed values, superseded writes and withdrawn readings are \
                    forgotten once every enrolled, non-retired device has acknowledged the events \
                    they name, and snapshots beyond the newest few per aggregate are dropped. With \
                    a hub, the hub compacts first and its acknowledgements bound this replica's; \
                    --local uses only what this replica knows. The log is never shortened, and no \
                    value changes.
                    """)
            @OptionGroup var hub: HubOptions
            @Flag(help: "Compact this replica by its own knowledge only, without asking the hub.") var local = false

            func run() throws {
                var reports: [String: CompactionReport] = [:]
                let store = try hub.options.openStore()
                var bound: StableVector?
                if !local, let client = try hub.client(of: store) {
                    let report = try client.compact()
                    try hub.remember(in: store)
                    reports["hub"] = report
                    bound = report.stable
                }
                reports["replica"] = try store.compact(within: bound)
                if hub.options.json { return hub.options.printJSON(reports) }
                for name in ["hub", "replica"] {
                    guard let r = reports[name] else { continue }
                    let held = r.stable.vector.counters.values.reduce(0, +)
                    say(
                        "\(name == "hub" ? "Hub" : "This replica"): \(held) events held by all \(r.stable.members.count) members; forgot \(r.forgotten) entries, rewrote \(r.snapshotsRewritten) snapshots, pruned \(r.snapshotsPruned)"
                    )
                    if !r.stable.silent.isEmpty {
                        say(
                            "  Waiting on \(r.stable.silent.joined(separator: ", ")): never acknowledged; nothing is stable until each syncs or is retired (`railfleet device retire`)"
                        )
                    }
                }
            }
        }

        struct Auto: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Let the terminal interface sync with the hub in the background every SECONDS (0: off).")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "Seconds between syncs, 10 to 86400; 0 turns it off (the default).") var seconds: Int
            func run() throws {
                try options.openStore().setSyncInterval(seconds: seconds)
                say(seconds == 0 ? "Background sync is off; S syncs by hand" : "The interface syncs every \(seconds) s")
            }
        }

        struct ClockAhead: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "clock-ahead",
                abstract: "How far ahead of this replica's clock a received event may be stamped (default 300 s).")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "Seconds, 1 to 86400.") var seconds: Int64
            func run() throws {
                guard (1...86_400).contains(seconds) else {
                    throw ValidationError("the clock allowance must be from 1 to 86400 seconds")
                }
                try options.openStore().setMaxClockAhead(ms: seconds * 1000)
                say("Events stamped more than \(seconds) s ahead of this replica's clock are refused")
            }
        }

        struct Status: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "What this replica holds of each device, and how exchanges with each peer went.")
            @OptionGroup var options: GlobalOptions
            func run() throws {
                let store = try options.openStore(.readOnly)
                let peers = try store.peerStatuses()
                let devices = try store.deviceList()
                if options.json {
                    struct Report: Encodable {
                        var hub: String?
                        var peers: [PeerStatus]
                        var devices: [DeviceRow]
                    }
                    return options.printJSON(Report(hub: try store.hubAddress(), peers: peers, devices: devices))
                }
                say(
                    "Hub: \(try store.hubAddress() ?? "none yet (give --hub to `railfleet sync`)")\(try store.hubAuthority().map { ", trusting the authority in \($0)" } ?? "")"
                )
                var table = Table("PEER", "ADDRESS", "LAST SUCCESS", "TO SEND", "TO RECEIVE", "LAST ERROR")
                for p in peers {
                    table.add(
                        p.peer, p.address ?? "", p.lastSuccess?.description ?? "never", "\(p.toSend)", "\(p.toReceive)",
                        p.lastError.map { "\($0) (\(p.lastErrorAt?.description ?? ""))" } ?? "")
                }
                say(table)
                var held = Table("DEVICE", "NAME", "HOLDS", "LAST HEARD")
                for d in devices {
                    held.add(d.deviceID, d.name, "\(d.holds)", d.lastHeardFrom?.description ?? "")
                }
                say(held)
            }
        }

        struct Export: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write a bundle file for a depot without a network.",
                discussion: """
                    With --for, the file holds only what that terminal lacks, when this replica knows \\
                    what it holds (from a bundle it sent here); otherwise everything. The file is \\
                    compressed and self-checking, and carries the fleet's id.
                    """)
            @OptionGroup var options: GlobalOptions
            @Option(help: "Where to write the bundle.") var out: String
            @Option(name: .customLong("for"), help: "The device id of the terminal it is for.") var peer: String?
            func run() throws {
                if let peer { try DeviceID.validate(peer) }
                let store = try options.openStore(.readOnly)
                let (bundle, tailored) = try store.exportBundle(for: peer)
                let data = try BundleFile.encode(bundle)
                guard FileManager.default.createFile(atPath: out, contents: data) else {
                    throw CLIError("cannot write \(out): \(String(cString: strerror(errno)))")
                }
                if options.json {
                    return options.printJSON([
                        "file": out, "events": "\(bundle.events.count)", "bytes": "\(data.count)",
                    ])
                }
                let scope =
                    peer.map {
                        tailored ? "what \($0) lacks" : "everything (this replica does not know what \($0) holds)"
                    }
                    ?? "everything"
                say("Wrote \(out): \(bundle.events.count) events, \(data.count) bytes: \(scope)")
            }
        }

        struct Import: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Merge a bundle file: all of it, or nothing.",
                discussion: "Importing a file twice changes nothing.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The bundle file.") var file: String
            func run() throws {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw CLIError("cannot read \(file): \(String(cString: strerror(errno)))")
                }
                let store = try options.openStore()
                let received = try store.importBundle(data)
                if options.json { return options.printJSON(["file": file, "merged": "\(received.count)"]) }
                say(
                    received.isEmpty
                        ? "Nothing new in \(file): this replica held all of it"
                        : "Merged \(received.count) events from \(file)")
            }
        }
    }
}
