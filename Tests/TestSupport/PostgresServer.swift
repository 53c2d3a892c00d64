public import Foundation
import Glibc

/// A throwaway PostgreSQL server on loopback for tests: `initdb` into a temporary folder
/// (as the `postgres` user when the tests run as root, which PostgreSQL refuses to run as),
/// a free port, stopped and removed at the end. Debian's `postgresql` package provides the
/// binaries; `scripts/bootstrap` installs it.
public final class PostgresServer {
    public let port: Int
    private let folder: URL
    private let bin: URL
    private let server: Process

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
        // A port the kernel says is free, tried again with a new process (a Process runs once)
        // should another program take it before PostgreSQL binds it, or the start be slow.
        let log = folder.appendingPathComponent("server.log")
        var started: (port: Int, process: Process)?
        for _ in 0..<3 where started == nil {
            let candidate = try Self.freePort()
            let process = Process()
            let (executable, prefix) = Self.asPostgres(bin.appendingPathComponent("postgres").path)
            process.executableURL = executable
            process.arguments =
                prefix + [
                    "-D", data, "-p", "\(candidate)", "-k", folder.path, "-c", "listen_addresses=127.0.0.1",
                    "-c", "fsync=off", "-c", "max_connections=200",
                ]
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let output = try FileHandle(forWritingTo: log)
            process.standardOutput = output
            process.standardError = output
            try process.run()
            try? output.close()
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, process.isRunning {
                if (try? Self.run(bin, "pg_isready", ["-h", "127.0.0.1", "-p", "\(candidate)"])) != nil {
                    started = (candidate, process)
                    break
                }
                usleep(100_000)
            }
            if started == nil, process.isRunning {
                _ = try? Self.run(bin, "pg_ctl", ["stop", "-D", data, "-m", "immediate"])
                process.waitUntilExit()
            }
        }
        guard let started else {
            let said = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw FixtureError("PostgreSQL did not start in \(folder.path): \(said.suffix(2_000))")
        }
        port = started.port
        server = started.process
    }

    /// A loopback port nobody listens on now: the kernel's choice for a socket bound to port 0.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw FixtureError("no socket: errno \(errno)") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else { throw FixtureError("no free loopback port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
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
