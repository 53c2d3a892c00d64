import ArgumentParser
import DemoFleet
import Domain
import Foundation
import Storage
import TUI

extension RailFleet {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a demo fleet with years of history, then open the terminal interface on it.",
            discussion: """
                The history is generated through the same command path as a person's commands. It is deterministic for a given \
                --seed and --end date. An existing demo database at the path is replaced; any other file is left alone.
                """)

        @Option(
            help: ArgumentHelp(
                "Database to write.", discussion: "Default: $RAILFLEET_DB, else ~/.local/share/railfleet/demo.sqlite."))
        var db: String?
        @Option(help: "Open the interface as this user (admin, dana, piet, tomas, sven, audrey …).") var user: String =
            "admin"
        @Option(help: "Number of vehicles.") var vehicles: Int = 200
        @Option(help: "Years of history.") var years: Int = 3
        @Option(help: "Random seed.") var seed: UInt64 = 1
        @Option(
            help: ArgumentHelp(
                "Last simulated day, YYYY-MM-DD. Default: yesterday (UTC).",
                discussion:
                    "A simulated day runs into its evening: a history ending today would be stamped ahead of the clock."
            ))
        var end: String?
        @Flag(help: "Generate only; do not open the interface.") var noTui = false
        @Flag(help: "Print the summary as JSON.") var json = false
        @OptionGroup var look: ThemeOption

        func validate() throws {
            guard (1...100_000).contains(vehicles) else {
                throw ValidationError("--vehicles must be 1–100000, got \(vehicles)")
            }
            guard (1...30).contains(years) else { throw ValidationError("--years must be 1–30, got \(years)") }
            if let end {
                let day = try Parse.day(end, "--end")
                // A simulated day runs until its evening: ending today would stamp events ahead
                // of the clock, which every later command and every peer would have to follow.
                guard day < UTC.day(ofMs: RailFleetStore.systemMs()) else {
                    throw ValidationError(
                        "--end \(end) is not in the past; the demo's history ends yesterday at the latest, so that none of it is stamped ahead of the clock"
                    )
                }
            }
        }

        var path: String {
            if let db { return db }
            if let env = ProcessInfo.processInfo.environment["RAILFLEET_DB"], !env.isEmpty { return env }
            let base =
                ProcessInfo.processInfo.environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
                ?? (NSHomeDirectory() + "/.local/share")
            return base + "/railfleet/demo.sqlite"
        }

        func run() throws {
            let path = self.path
            let theme = try look.load()
            let fm = FileManager.default
            if fm.fileExists(atPath: path) {
                guard RailFleetStore.isDemo(at: path) else {
                    throw CLIError("\(path) exists and is not a demo database; refusing to replace it")
                }
            }
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            let endDay = try end.map { try Parse.day($0, "--end") } ?? UTC.day(ofMs: RailFleetStore.systemMs()) - 1
            if !json && !noTui {
                FileHandle.standardError.write(Data("Generating \(vehicles) vehicles × \(years) years …\n".utf8))
            }
            // Generated under another name and moved into place at the end: a demo stopped
            // halfway leaves the previous one whole, not a partial history that looks complete.
            let folder = directory.isEmpty ? "." : directory
            let prefix = ".\((path as NSString).lastPathComponent)."
            // What a demo killed midway (kill -9 runs no cleanup) left here is removed first.
            for stale in (try? fm.contentsOfDirectory(atPath: folder)) ?? []
            where stale.hasPrefix(prefix) && stale.contains(".generating") {
                try? fm.removeItem(atPath: "\(folder)/\(stale)")
            }
            let generating = "\(folder)/\(prefix)\(UUID().uuidString).generating"
            defer { for suffix in ["", "-wal", "-shm", ".key"] { try? fm.removeItem(atPath: generating + suffix) } }
            let started = Date()
            var lastLine = started
            let summary = try DemoGenerator.generate(
                at: generating, options: DemoOptions(vehicles: vehicles, years: years, seed: seed, endDay: endDay)
            ) { day, days, events in
                // A line every 5 s once it takes a while: a national fleet's ten years take minutes.
                guard !json, Date().timeIntervalSince(lastLine) >= 5 else { return }
                lastLine = Date()
                let rate = Double(events) / max(Date().timeIntervalSince(started), 0.001)
                let left = Double(days - day) / Double(max(day, 1)) * Date().timeIntervalSince(started)
                FileHandle.standardError.write(
                    Data(
                        "… day \(day) of \(days): \(events) events, \(Int(rate)) events/s, about \(Int(left)) s left\n"
                            .utf8))
            }
            // The audit pane opens on a window over the stored checkpoints (a short history is
            // loaded whole behind it; a long one stays a window): made now, not at its opening.
            try makeCheckpoints(at: generating, events: summary.events)
            for suffix in ["-wal", "-shm"] { try? fm.removeItem(atPath: path + suffix) }
            guard rename(generating + ".key", path + ".key") == 0, rename(generating, path) == 0 else {
                throw CLIError("cannot move the demo into place at \(path): \(String(cString: strerror(errno)))")
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                say(verbatim: String(decoding: try encoder.encode(summary), as: UTF8.self))
            } else {
                let line = String(
                    format: "Demo fleet at %@: %d vehicles, %d days, %d events, %d work orders, %d failures, in %.1f s",
                    path, summary.vehicles, summary.days, summary.events, summary.workOrders, summary.failures,
                    summary.seconds)
                if noTui { say("\(line)") } else { FileHandle.standardError.write(Data((line + "\n").utf8)) }
            }
            if !noTui { try TerminalApp.run(store: try RailFleetStore(path: path), user: user, theme: theme) }
        }

        /// Makes the valid-time checkpoints of a generated file, a line every 5 s; the store is
        /// closed on return, so that its writes are in the file before it moves into place.
        func makeCheckpoints(at file: String, events: Int) throws {
            let store = try RailFleetStore(path: file)
            let started = Date()
            var lastLine = started
            try store.extendCheckpoints(axis: .valid) { covered in
                guard !json, Date().timeIntervalSince(lastLine) >= 5 else { return }
                lastLine = Date()
                FileHandle.standardError.write(Data("… time-travel checkpoints: \(covered) of \(events) events\n".utf8))
            }
            if !json {
                let line = String(format: "Time-travel checkpoints made in %.1f s\n", Date().timeIntervalSince(started))
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
    }
}
