import ArgumentParser
import Domain
import Foundation
import Storage
import TUI

@main
struct RailFleet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "railfleet",
        abstract: "Keyboard-driven, offline-first maintenance for a railway fleet.",
        discussion: "With no subcommand, opens the terminal interface on --db.",
        version: "0.1.0",
        subcommands: [
            Open.self, Init.self, User.self, Workshop.self, Plan.self, Vehicle.self, Defect.self, WorkOrder.self,
            Part.self, Stock.self, Events.self,
            Conflicts.self, Projections.self, Audit.self, Device.self, Sync.self, HubGroup.self, ML.self, Report.self,
            Demo.self,
        ],
        defaultSubcommand: Open.self)

    /// Refusals print one line on stderr and exit non-zero; help and version go to stdout.
    static func main() {
        let words = CommandLineWords(Array(CommandLine.arguments.dropFirst()))
        do {
            if let repeated = words.repeatedOption {
                throw ValidationError("\(repeated) is given more than once; give it once")
            }
            var command = try parseAsRoot(words.words)
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                say(verbatim: fullMessage(for: error))
                exit(withError: nil)
            }
            var message = self.message(for: error)
            if code == .validationFailure, let stray = words.strayNegativeNumber {
                message =
                    "'\(stray)' is not accepted here: a negative number reads as an option, and this value must not be negative"
            }
            if let storage = error as? StorageError, storage.kind == .busy {
                FileHandle.standardError.write(Data("Error: \(Text.escaped(storage.message))\n".utf8))
                exit(withError: ExitCode(Self.busyExitCode))
            }
            // One line of a readable length, whatever the error quotes of what was typed or stored.
            message = Text.escaped(message.split(whereSeparator: \.isNewline).joined(separator: " "))
            if message.count > 1000 {
                message = "\(message.prefix(600))… (\(message.count - 800) characters left out) …\(message.suffix(200))"
            }
            if !message.isEmpty { FileHandle.standardError.write(Data("Error: \(message)\n".utf8)) }
            exit(withError: ExitCode(code.rawValue))
        }
    }

    /// The exit status when another process held the database too long: try again later
    /// (`EX_TEMPFAIL` of sysexits.h).
    static let busyExitCode: Int32 = 75
}

extension RailFleet {
    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open the terminal interface on --db (the default command).")

        @OptionGroup var options: GlobalOptions
        @OptionGroup var look: ThemeOption

        func run() throws {
            let theme = try look.load()
            let store = try options.openStore()
            try TerminalApp.run(store: store, user: try options.userName, theme: theme)
        }
    }
}

extension RailFleet {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a replica: found a fleet (--admin) or join one (--join).",
            discussion: """
                With --admin, this terminal founds a fleet: the fleet's id comes from its key, and the \
                named user is the first admin. With --join, it makes an empty replica with its own key \
                and prints a one-line enrolment request: an admin of the fleet runs \
                `railfleet device enroll REQUEST`, and once this replica receives that enrolment (through \
                `railfleet sync import` or the hub) it is a member. The device's Ed25519 key is written \
                beside the database as <db>.key, readable only by you.
                """)

        @OptionGroup var options: GlobalOptions
        @Option(help: "This terminal's name, e.g. depot-mannheim-bench-2.") var device: String
        @Option(help: "Found a fleet with this user as its first admin.") var admin: String?
        @Flag(help: "Join an existing fleet instead of founding one.") var join = false
        @Option(help: "The fleet to join (its 16-digit id), when known: bundles of any other are refused.")
        var fleet: String?

        func validate() throws {
            guard (admin != nil) != join else {
                throw ValidationError("give either --admin NAME (found a fleet) or --join")
            }
            if fleet != nil, !join { throw ValidationError("--fleet goes with --join") }
            if let fleet, !Fleet.isWellFormed(fleet) {
                throw ValidationError(
                    "--fleet must be a fleet id: 16 lowercase hex digits, as `railfleet device list` prints")
            }
        }

        func run() throws {
            let path = options.databasePath
            try Text.requireIdentifier(device, "device name")
            if let admin { try Text.requireName(admin, "user name") }
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent.isEmpty
                    ? "." : (path as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true)
            let identity = try RailFleetStore.found(
                at: path, deviceName: device, beginning: admin.map { .founding(admin: $0) } ?? .joining(fleet: fleet))
            let request = EnrolmentRequest(
                fleet: identity.fleet, device: identity.device, publicKey: identity.publicKeyHex, name: device)
            if options.json {
                var fields = ["database": path, "device": identity.device.rawValue, "fleet": identity.fleet ?? ""]
                if let admin { fields["admin"] = admin } else { fields["request"] = request.text }
                options.printJSON(fields)
            } else if let admin {
                say(
                    "Created \(path): fleet \(identity.fleet ?? "?"), device \(identity.device) (\(device)), admin \(admin)"
                )
            } else {
                say("Created \(path): device \(identity.device) (\(device)), waiting to be enrolled.")
                say("Hand this line to an admin of the fleet, who runs `railfleet device enroll LINE`:")
                say(verbatim: request.text)
            }
        }
    }
}
