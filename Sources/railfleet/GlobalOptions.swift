import ArgumentParser
import Domain
import Foundation
import Storage

/// Options every command takes: which database, as whom, and how to print.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The replica's database file.",
            discussion: "Default: $RAILFLEET_DB, else ~/.local/share/railfleet/railfleet.sqlite."))
    var db: String?

    @Option(name: .long, help: "Act as this user. Default: $RAILFLEET_USER.")
    var user: String?

    @Flag(name: .long, help: "Print JSON for scripts.")
    var json = false

    var databasePath: String {
        if let db { return db }
        let env = ProcessInfo.processInfo.environment
        if let path = env["RAILFLEET_DB"], !path.isEmpty { return path }
        let base = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.local/share")
        return base + "/railfleet/railfleet.sqlite"
    }

    var userName: String {
        get throws {
            if let user { return user }
            if let env = ProcessInfo.processInfo.environment["RAILFLEET_USER"], !env.isEmpty { return env }
            throw ValidationError("no user given: pass --user NAME or set RAILFLEET_USER")
        }
    }

    /// Opens an existing replica; refuses to create a database by accident. Commands that
    /// only read open it read-only: they never write to the file's contents. A file written
    /// by an older version is upgraded first where it may be written (its schema only).
    func openStore(_ access: RailFleetStore.Access = .readWrite) throws -> RailFleetStore {
        let path = databasePath
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError("no database at \(path); create one with `railfleet init` or `railfleet demo`")
        }
        let store: RailFleetStore
        do { store = try RailFleetStore(path: path, access: access) } catch let error as StorageError
            where error.kind == .needsUpgrade && FileManager.default.isWritableFile(atPath: path)
        {
            _ = try RailFleetStore(path: path, access: .readWrite)
            store = try RailFleetStore(path: path, access: access)
        }
        guard store.identity != nil else { throw CLIError("\(path) is not initialised; run `railfleet init`") }
        return store
    }

    /// Opens a replica for a read that keeps something beside the log (the verification's
    /// mark, time-travel checkpoints): read-write where the file may be written, read-only
    /// (and untouched) for an archived copy.
    func openStoreKeepingDerivedData() throws -> RailFleetStore {
        try openStore(FileManager.default.isWritableFile(atPath: databasePath) ? .readWrite : .readOnly)
    }

    /// Runs one command as the chosen user and prints what it appended.
    func execute(_ command: Command, expectedVersion: Int? = nil) throws {
        try execute(expectedVersion: expectedVersion) { _ in command }
    }

    /// Opens the store, builds the command with the store's help (to resolve what the user
    /// typed into ids), runs it and prints what it appended.
    func execute(expectedVersion: Int? = nil, _ make: (RailFleetStore) throws -> Command) throws {
        let store = try openStore()
        report(try store.execute(try make(store), as: try userName, expectedVersion: expectedVersion))
    }

    func report(_ events: [StoredEvent]) {
        if json {
            printJSON(events.map(EventView.init))
        } else {
            for e in events { say("\(e.event.event.eventType) \(e.event.aggregate) (\(e.event.id))") }
        }
    }

    func printJSON<T: Encodable>(_ value: T) { sayJSON(value) }
}

/// A CLI failure: one line on stderr, exit status 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
