import Foundation

/// Runs the real `railfleet` binary, built beside this test bundle, against a database in
/// a temporary folder.
struct CLIProcess {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        /// The watchdog killed it: a hang, told apart from a slow machine by a generous limit.
        var hung = false
    }

    /// Far beyond any command's run time even on a loaded machine; only a hang reaches it.
    static let hangLimit: TimeInterval = 120

    let folder: URL
    var database: String { folder.appendingPathComponent("cli.sqlite").path }

    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["RAILFLEET_BIN"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("railfleet")
    }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("railfleet-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// Reads or edits a database file behind the program's back, with the sqlite3 shell;
    /// returns what it printed.
    @discardableResult
    static func sqlite(_ path: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path, sql]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: printed, as: UTF8.self)
    }

    /// Starts a command on this database as alice without waiting for it, its output
    /// discarded: for a process to kill midway or to run beside others.
    func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments + ["--db", database]
        process.environment = ["RAILFLEET_USER": "alice", "PATH": "/usr/bin:/bin"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @discardableResult
    func run(_ arguments: [String], user: String? = "alice", executable: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? Self.binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["RAILFLEET_DB"] = database
        environment["RAILFLEET_USER"] = user
        if user == nil { environment.removeValue(forKey: "RAILFLEET_USER") }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let watchdog = DispatchWorkItem { [pid = process.processIdentifier] in kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.hangLimit, execute: watchdog)
        // Both pipes are drained at once: a child filling one while the other is read would wait forever.
        let errors = ErrorOutput()
        let reader = Thread { errors.data = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        while !errors.isDone { usleep(1000) }
        let stderr = errors.data
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self),
            hung: process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
    }

    /// Runs a command that must succeed, returning its stdout.
    @discardableResult
    func ok(_ arguments: String..., user: String = "alice") throws -> String { try ok(arguments, user: user) }

    @discardableResult
    func ok(_ arguments: [String], user: String = "alice") throws -> String {
        let result = try run(arguments, user: user)
        guard result.status == 0 else {
            throw Failure("\(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)")
        }
        return result.stdout
    }

    func json(_ arguments: String..., user: String = "alice") throws -> Any { try json(arguments, user: user) }

    func json(_ arguments: [String], user: String = "alice") throws -> Any {
        let result = try run(arguments + ["--json"], user: user)
        guard result.status == 0 else { throw Failure("\(arguments.joined(separator: " ")) failed: \(result.stderr)") }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }
}

/// What the thread reading a child's stderr hands back.
private final class ErrorOutput: @unchecked Sendable {
    // Written once by the reading thread, read after `isDone` says it has finished.
    private let lock = NSLock()
    private var stored: Data?
    var data: Data {
        get { lock.withLock { stored ?? Data() } }
        set { lock.withLock { stored = newValue } }
    }
    var isDone: Bool { lock.withLock { stored != nil } }
}
