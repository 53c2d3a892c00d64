public import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `railfleet hub serve` process on loopback, on a port the system picks.
public final class HubProcess {
    public let process = Process()
    public let url: String

    /// Starts the hub of the `railfleet` binary at `binary` on the replica at `database`,
    /// with `options` (`--tls-cert`, …) added.
    public init(database: String, binary: URL, options: [String] = []) throws {
        process.executableURL = binary
        process.arguments = ["hub", "serve", "--db", database, "--listen", "127.0.0.1:0"] + options
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line says where it listens.
        var text = ""
        let deadline = Date().addingTimeInterval(20)
        while !text.contains("\n"), Date() < deadline, process.isRunning {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { usleep(20_000) } else { text += String(decoding: chunk, as: UTF8.self) }
        }
        guard let range = text.range(of: #"https?://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) else {
            process.terminate()
            throw FixtureError("the hub did not start: \(text)")
        }
        url = String(text[range])
    }

    /// The process's peak resident memory in MB (VmHWM), for the load test.
    public func peakResidentMB() -> Double {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return Double(line.split(separator: " ").dropFirst().first ?? "0").map { $0 / 1024 } ?? 0
    }

    /// The CPU time the process has used so far (user and system), in seconds: what share of
    /// the machine the hub took under the load test, beside the load generator's.
    public func cpuSeconds() -> Double {
        let stat = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8)) ?? ""
        // The fields after the command's name (which may hold spaces) in parentheses.
        let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Stops it as an operator would (SIGTERM) and waits for it to finish what is under way.
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// An unsigned GET, as a monitoring system sends one.
    public func get(_ path: String) throws -> String {
        guard let target = URL(string: url + path) else { throw FixtureError("bad path \(path)") }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        URLSession(configuration: .ephemeral).dataTask(with: target) { data, _, _ in
            box.text = data.map { String(decoding: $0, as: UTF8.self) }
            done.signal()
        }.resume()
        done.wait()
        guard let text = box.text else { throw FixtureError("no answer from \(target)") }
        return text
    }

    deinit { stop() }
}

private final class Box: @unchecked Sendable {
    var text: String?
}
