public import Domain
import GRDB

/// One terminal of the fleet as this replica knows it.
public struct DeviceRow: Encodable, Sendable, Equatable {
    public var deviceID: String
    public var name: String
    public var publicKey: String
    /// `user@device` of the admin who enrolled it (the founder enrolled itself).
    public var enrolledBy: String?
    public var enrolledAt: Instant?
    /// The highest of its counters this replica holds.
    public var holds: Int64
    /// When this replica stored its newest event.
    public var lastHeardFrom: Instant?
    public var retiredAfter: Int64?
    public var retiredBecause: String?
    public var isThisDevice: Bool
    public var isFounder: Bool
}

extension RailFleetStore {
    /// The fleet's terminals as this replica knows them, by name.
    public func deviceList() throws -> [DeviceRow] {
        let identity = try requireIdentity()
        return try writer.read { db in
            try String.fetchAll(db.cachedStatement(sql: "SELECT device_id FROM devices")).compactMap {
                id -> DeviceRow? in
                guard
                    case .device(let d)? = try AggregateCache.read(AggregateRef(.device, id), db, useSnapshot: true)?
                        .aggregate,
                    let enrolment = d.body.enrolment.value
                else { return nil }
                let newest = try Row.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT counter, recorded_ms FROM events WHERE device = ? ORDER BY counter DESC LIMIT 1"),
                    arguments: [id])
                let retired = d.body.retirement
                return DeviceRow(
                    deviceID: id, name: enrolment.name, publicKey: enrolment.publicKey,
                    enrolledBy: d.body.enrolledBy.value,
                    enrolledAt: d.body.enrolledBy.stamp.map { Instant(ms: $0.physicalMs) }, holds: newest?[0] ?? 0,
                    lastHeardFrom: (newest?[1] as Int64?).map { Instant(ms: $0) }, retiredAfter: retired?.lastCounter,
                    retiredBecause: retired?.reason, isThisDevice: id == identity.device.rawValue,
                    isFounder: id == identity.founder?.rawValue)
            }.sorted { ($0.name, $0.deviceID) < ($1.name, $1.deviceID) }
        }
    }

    /// The line a joined terminal hands an admin to be enrolled.
    public func enrolmentRequest() throws -> EnrolmentRequest {
        let identity = try requireIdentity()
        return EnrolmentRequest(
            fleet: identity.fleet, device: identity.device, publicKey: identity.publicKeyHex, name: identity.name)
    }

    /// Enrols a terminal from its request, as `user` (an admin).
    @discardableResult
    public func enrol(_ request: EnrolmentRequest, as user: String) throws -> [StoredEvent] {
        let identity = try requireIdentity()
        if let fleet = request.fleet, fleet != identity.fleet {
            throw StorageError(
                .domain(.invalidInput),
                "the request is for fleet \(fleet); this replica belongs to fleet \(identity.fleet ?? "none yet")")
        }
        return try execute(.enrolDevice(request.device, name: request.name, publicKey: request.publicKey), as: user)
    }
}
