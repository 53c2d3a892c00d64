public import Foundation

/// A throwaway PostgreSQL server on loopback for tests: `initdb` into a temporary folder
/// (as the `postgres` user when the tests run as root, which PostgreSQL refuses to run as),
/// a free port, stopped and removed at the end. Debian's `postgresql` package provides the
/// binaries; `scripts/bootstrap` installs it.
public final class PostgresServer {
    public let port: Int
    private let folder: URL
    private let bin: URL
    private let server = Process()

    /// Why PostgreSQL cannot run here, or nil when it can: the reason a skipped test gives.
    public static let unavailable: String? = {
        guard binaries() != nil else {
            return
                "PostgreSQL's server binaries were not found under /usr/lib/postgresql (scripts/bootstrap installs them)"
        }
        if getuid() == 0, getpwnam("postgres") == nil {
            return "the tests run as root and there is no postgres user to run PostgreSQL as"
        }
        return nil
    }()

    static func binaries() -> URL? {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return versions.compactMap(Int.init).sorted().last.map {
            root.appendingPathComponent("\($0)/bin")
        }.flatMap { FileManager.default.fileExists(atPath: $0.appendingPathComponent("initdb").path) ? $0 : nil }
    }

    /// Makes a cluster and starts it; waits until it takes connections.
    public init() throws {
        if let reason = Self.unavailable { throw FixtureError(reason) }
        guard let bin = Self.binaries() else { throw FixtureError("no PostgreSQL binaries") }
        self.bin = bin
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("railfleet-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if getuid() == 0 {
            try FileManager.default.setAttributes([.ownerAccountName: "postgres"], ofItemAtPath: folder.path)
        }
        let data = folder.appendingPathComponent("data").path
        try Self.run(bin, "initdb", ["-D", data, "-A", "trust", "-U", "railfleet", "-E", "UTF8", "--no-sync"])
        // A port from the ephemeral range's upper part, tried until one is free.
        var started: Int?
        for _ in 0..<5 where started == nil {
            let candidate = Int.random(in: 40_000..<60_000)
            server.executableURL = Self.asPostgres(bin.appendingPathComponent("postgres").path).0
            server.arguments =
                Self.asPostgres(bin.appendingPathComponent("postgres").path).1 + [
                    "-D", data, "-p", "\(candidate)", "-k", folder.path, "-c", "listen_addresses=127.0.0.1",
                    "-c", "fsync=off", "-c", "max_connections=200",
                ]
            server.standardOutput = FileHandle.nullDevice
            server.standardError = FileHandle.nullDevice
            try server.run()
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline, server.isRunning {
                if (try? Self.run(bin, "pg_isready", ["-h", "127.0.0.1", "-p", "\(candidate)"])) != nil {
                    started = candidate
                    break
                }
                usleep(100_000)
            }
            if started == nil, server.isRunning {
                _ = try? Self.run(bin, "pg_ctl", ["stop", "-D", data, "-m", "immediate"])
                server.waitUntilExit()
            }
        }
        guard let started else { throw FixtureError("PostgreSQL did not start in \(folder.path)") }
        port = started
    }

    /// A new, empty database; its URL.
    public func database(_ name: String = "railfleet_\(UInt32.random(in: 0...UInt32.max))") throws -> String {
        try Self.run(bin, "createdb", ["-h", "127.0.0.1", "-p", "\(port)", "-U", "railfleet", name])
        return url(name)
    }

    public func url(_ name: String) -> String { "postgres://railfleet@127.0.0.1:\(port)/\(name)" }

    /// Runs SQL through psql; returns what it printed (unaligned, tuples only).
    @discardableResult
    public func psql(_ database: String, _ sql: String) throws -> String {
        try Self.run(
            bin, "psql", ["-h", "127.0.0.1", "-p", "\(port)", "-U", "railfleet", "-d", database, "-At", "-c", sql])
    }

    /// Stops the server (a fast shutdown: runuser passes no signal on, so pg_ctl) and removes
    /// its folder.
    public func stop() {
        if server.isRunning {
            _ = try? Self.run(bin, "pg_ctl", ["stop", "-D", folder.appendingPathComponent("data").path, "-m", "fast"])
            server.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    deinit { stop() }

    /// A command as the postgres user when running as root.
    static func asPostgres(_ executable: String) -> (URL, [String]) {
        getuid() == 0
            ? (URL(fileURLWithPath: "/usr/sbin/runuser"), ["-u", "postgres", "--", executable])
            : (URL(fileURLWithPath: executable), [])
    }

    @discardableResult
    static func run(_ bin: URL, _ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        let (executable, prefix) = asPostgres(bin.appendingPathComponent(tool).path)
        process.executableURL = executable
        process.arguments = prefix + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let printed = out.fileHandleForReading.readDataToEndOfFile()
        let complaint = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError("\(tool) failed: \(String(decoding: complaint, as: UTF8.self))")
        }
        return String(decoding: printed, as: UTF8.self)
    }
}
