import Domain
import Foundation
import GRDB

extension RailFleetStore {
    /// Creates a replica at `path` so that it either appears whole or not at all: the
    /// database and its key are made under temporary names and linked into place, the key
    /// first, each link refusing if the name is taken. Of several processes founding at one
    /// path, exactly one succeeds; the others remove only what they made.
    ///
    /// - Parameters:
    ///   - path: where the database goes; an empty (0-byte) file there may be replaced.
    ///   - deviceName: this terminal's name.
    ///   - beginning: founding a fleet (with its first admin) or joining one.
    /// - Returns: the new replica's identity.
    /// - Throws: `StorageError` when something is at the path or its key path already, or
    ///   the files cannot be written.
    public static func found(at path: String, deviceName: String, beginning: Beginning) throws -> ReplicaIdentity {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = "\(folder)/.\(url.lastPathComponent).\(UUID().uuidString).founding"
        let keyPath = DeviceKey.path(forDatabase: path)
        let temporaryKey = DeviceKey.path(forDatabase: temporary)
        defer { for file in [temporary, temporaryKey, temporary + "-wal", temporary + "-shm"] { unlink(file) } }
        try refuseTaken(path)
        let identity = try makeClosed(at: temporary, deviceName: deviceName, beginning: beginning)
        guard link(temporaryKey, keyPath) == 0 else {
            throw errno == EEXIST
                ? StorageError(
                    .alreadyInitialised,
                    "\(keyPath) already exists: another replica's key, or one being made now; move it away or choose another --db"
                )
                : StorageError(.keyFile, "cannot write \(keyPath): \(String(cString: strerror(errno)))")
        }
        // An empty file (made by `touch`, say) holds nothing to lose.
        if let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size == 0 { unlink(path) }
        guard link(temporary, path) == 0 else {
            let reason = errno
            unlink(keyPath)  // linked by this process a moment ago
            throw reason == EEXIST
                ? StorageError(.alreadyInitialised, "\(path) already exists; refusing to overwrite it")
                : StorageError(.database, "cannot write \(path): \(String(cString: strerror(reason)))")
        }
        return identity
    }

    /// Refuses early, with advice, what the links would refuse anyway.
    static func refuseTaken(_ path: String) throws {
        guard let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size > 0 else {
            return
        }
        // Looked at without opening it as a store, which refuses a replica of an older version.
        var config = Configuration()
        config.readonly = true
        let tables = (try? openReadOnly(path, config)).flatMap { try? refuseForeign($0, path) } ?? []
        let isReplica = tables.contains("identity")
        throw StorageError(
            isReplica ? .alreadyInitialised : .foreignDatabase,
            isReplica
                ? "\(path) already exists; refusing to overwrite it"
                : "\(path) exists and is not a RailFleet replica; RailFleet will not write into it: choose another --db"
        )
    }

    /// Makes a replica and closes it, so that its file is complete without its WAL.
    private static func makeClosed(at path: String, deviceName: String, beginning: Beginning) throws
        -> ReplicaIdentity
    {
        let store = try create(at: path, deviceName: deviceName, beginning: beginning)
        try store.writer.writeWithoutTransaction { db in
            try db.cachedStatement(sql: "PRAGMA wal_checkpoint(TRUNCATE)").execute()
        }
        guard let identity = store.identity else {
            throw StorageError(.notInitialised, "\(path) was made without an identity")
        }
        return identity
    }
}
