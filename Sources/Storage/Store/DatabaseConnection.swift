import Foundation
import GRDB

/// The replica's SQLite connection; every read and write passes here, so that an error of
/// SQLite reaches the user as a `StorageError` that says what happened and what to do,
/// with SQLite's own error kept beside it.
struct DatabaseConnection: Sendable {
    let queue: DatabaseQueue
    let path: String

    /// Reads in a deferred transaction, so that the reads see one state of the file. Not
    /// GRDB's `read`: it brackets each read with `PRAGMA query_only`, and SQLite expires every
    /// prepared statement of the connection on that pragma, so each cached statement was
    /// compiled again after every read (a quarter of the demo's time went to SQLite's parser).
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.writeWithoutTransaction { db in
                try db.cachedStatement(sql: "BEGIN DEFERRED").execute()
                do {
                    let value = try body(db)
                    try db.cachedStatement(sql: "COMMIT").execute()
                    return value
                } catch {
                    try? db.cachedStatement(sql: "ROLLBACK").execute()
                    throw error
                }
            }
        } catch let error as DatabaseError { throw Self.storageError(error, path) }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try queue.write(body) } catch let error as DatabaseError { throw Self.storageError(error, path) }
    }

    func writeWithoutTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try queue.writeWithoutTransaction(body) } catch let error as DatabaseError {
            throw Self.storageError(error, path)
        }
    }

    /// SQLite's error as the user meets it.
    static func storageError(_ error: DatabaseError, _ path: String) -> StorageError {
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode.primaryResultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StorageError(
                .busy,
                "\(path) is held by another process (a running railfleet, or sqlite3 with a transaction open) for more than 5 s; try again when it is done",
                underlying: error)
        case .SQLITE_READONLY:
            return StorageError(
                .readOnly, "\(path) may not be written (\(detail)); read commands still work on it", underlying: error)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return StorageError(.corruptDatabase, "\(path) is damaged or not a database: \(detail)", underlying: error)
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            return StorageError(.database, "cannot open \(path): \(detail)", underlying: error)
        default:
            return StorageError(.database, "database error on \(path): \(detail)", underlying: error)
        }
    }
}
