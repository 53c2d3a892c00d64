import ArgumentParser
import Domain
import Foundation
import Storage

extension RailFleet {
    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Exchange events with the fleet's other replicas.", subcommands: [Export.self, Import.self])

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
