import Foundation
import Storage

/// Where a hub's acknowledged events are kept, behind one protocol so that every hub
/// validates pushes with the same code (its replica's `merge`) whatever keeps them:
/// `ReplicaFile` for one hub on its SQLite replica, `PostgresLog` for several hubs on one
/// PostgreSQL database.
protocol HubLog: AnyObject, CustomStringConvertible {
    /// Whether other hubs append to it: then reads catch up with it first.
    var isShared: Bool { get }

    /// Takes into the hub's replica what other hubs appended since it last looked.
    ///
    /// - Returns: how many events were taken in.
    @discardableResult func catchUp(_ store: RailFleetStore) throws -> Int

    /// Keeps events the replica accepted, inside the replica's transaction: when it throws,
    /// the merge is undone and nothing is acknowledged. `SharedLogRace` asks for another try.
    func append(_ entries: [LogEntry], heads: [SignedHead]) throws
}

/// One hub whose replica file is the log: nothing to catch up with, nothing more to write.
final class ReplicaFile: HubLog {
    var description: String { "its SQLite replica" }
    var isShared: Bool { false }
    func catchUp(_ store: RailFleetStore) throws -> Int { 0 }
    func append(_ entries: [LogEntry], heads: [SignedHead]) throws {}
}
