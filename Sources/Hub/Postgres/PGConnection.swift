import CLibPQ
import Foundation
import Storage

/// One connection to PostgreSQL through libpq, used from one actor at a time. Statements
/// take their parameters as text (bytea as `\x…` hex), so nothing a client sends is ever
/// spliced into SQL.
final class PGConnection {
    private let connection: OpaquePointer

    /// - Parameter url: `postgres://USER[:PASSWORD]@HOST:PORT/DB` (libpq's connection URI).
    /// - Throws: `StorageError` `.database` naming the server's reason, with the password left out.
    init(url: String) throws {
        guard let connection = PQconnectdb(url) else {
            throw StorageError(.database, "cannot reach PostgreSQL: out of memory")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(connection)
            throw StorageError(.database, "cannot reach PostgreSQL at \(Self.redacted(url)): \(reason)")
        }
        self.connection = connection
        // Notices (a table that already exists, say) are for a person at psql, not the hub's output.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
    }

    deinit { PQfinish(connection) }

    /// A URL with its password replaced, for messages and logs.
    static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url), parts.password != nil else { return url }
        // ASCII: a URL percent-encodes anything else, and "…" read as %E2%80%A6.
        parts.password = "redacted"
        return parts.string ?? "postgres://…"
    }

    /// Runs one statement and returns its rows, each column as text (nil for NULL).
    ///
    /// - Throws: `PGError` with the server's SQLSTATE, so that callers can tell a lost race
    ///   (unique violation, serialization failure) from a fault.
    @discardableResult
    func query(_ sql: String, _ parameters: [String?] = []) throws -> [[String?]] {
        let result = withParameters(parameters) { values in
            PQexecParams(connection, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        guard let result else { throw PGError(state: "", message: "no result: the connection is lost") }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            var rows: [[String?]] = []
            let columns = PQnfields(result)
            rows.reserveCapacity(Int(PQntuples(result)))
            for r in 0..<PQntuples(result) {
                rows.append(
                    (0..<columns).map { c in
                        PQgetisnull(result, r, c) == 1 ? nil : String(cString: PQgetvalue(result, r, c))
                    })
            }
            return rows
        default:
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
            let message = String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
            throw PGError(state: state, message: message)
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ isolation: String = "READ COMMITTED", _ body: () throws -> T) throws -> T {
        try query("BEGIN ISOLATION LEVEL \(isolation)")
        do {
            let value = try body()
            try query("COMMIT")
            return value
        } catch {
            _ = try? query("ROLLBACK")
            throw error
        }
    }

    private func withParameters<R>(_ parameters: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        var copies: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { for copy in copies { free(copy) } }
        return copies.withUnsafeMutableBufferPointer { buffer in
            body(buffer.map { $0.map { UnsafePointer($0) } })
        }
    }

    /// Bytes as a bytea parameter.
    static func bytea(_ data: Data) -> String {
        // Every event's hash goes through here on a push: no formatter per byte.
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = [92, 120]  // \x
        text.reserveCapacity(2 + data.count * 2)
        for byte in data {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A bytea column read as text (`\x…`) back into bytes.
    static func bytes(_ text: String?) -> Data {
        guard let text, text.hasPrefix("\\x") else { return Data() }
        var data = Data(capacity: (text.utf8.count - 2) / 2)
        var high: UInt8?
        for c in text.utf8.dropFirst(2) {
            let v: UInt8 =
                switch c {
                case 48...57: c - 48
                case 97...102: c - 87
                case 65...70: c - 55
                default: 0
                }
            if let h = high {
                data.append(h << 4 | v)
                high = nil
            } else {
                high = v
            }
        }
        return data
    }
}

/// An error of the PostgreSQL server, with its SQLSTATE.
struct PGError: Error, CustomStringConvertible {
    var state: String
    var message: String
    var description: String { message }
    /// Another transaction got there first: a unique key taken, a serialization failure or a deadlock.
    var isLostRace: Bool { ["23505", "40001", "40P01"].contains(state) }
}
