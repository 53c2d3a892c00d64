import Crypto
public import Domain
import Foundation
import GRDB

/// An API token as listed: never its secret, which is shown once, when it is made.
public struct APIToken: Sendable, Equatable, Encodable {
    public var id: String
    public var user: String
    public var createdMs: Int64
    public var expiresMs: Int64?
    public var revokedMs: Int64?

    public func isValid(at ms: Int64) -> Bool { revokedMs == nil && (expiresMs.map { ms < $0 } ?? true) }
}

/// API tokens for callers that are not devices (a timetable planner, a BI tool): issued by
/// an admin per user, kept on this replica only, stored as a SHA-256 hash of the secret, and
/// worth the user's role as the fleet's log says it is at each request.
extension RailFleetStore {
    /// What every token starts with, so that one pasted into a log or a chat is recognised.
    public static let tokenPrefix = "rft_"

    /// Issues a token for `user`, who must be a user of the fleet.
    ///
    /// - Returns: the token's id, and the secret to hand over (it is not kept).
    /// - Throws: `unknownUser` when no such user exists; `invalidInput` for an expiry not in the future.
    public func createToken(for user: String, expiresMs: Int64?, nowMs: Int64 = systemMs()) throws -> (
        id: String, secret: String
    ) {
        guard try role(of: user) != nil else { throw Self.unknownUser(user) }
        if let expiresMs, expiresMs <= nowMs {
            throw StorageError(.domain(.invalidInput), "the token would expire before it is issued")
        }
        var random = SystemRandomNumberGenerator()
        let id = String(format: "%08llx", random.next() & 0xFFFF_FFFF)
        let key = (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
        let secret =
            Self.tokenPrefix + id + "_"
            + Data(key).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        try writer.write { db in
            try db.execute(
                sql: "INSERT INTO api_tokens (id, user, hash, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, user, Self.tokenHash(secret), nowMs, expiresMs])
        }
        return (id, secret)
    }

    /// Revokes a token: it is refused from then on.
    ///
    /// - Throws: `invalidInput` when there is no such token, or it was revoked already.
    public func revokeToken(_ id: String, nowMs: Int64 = systemMs()) throws {
        let changed = try writer.write { db in
            try db.execute(
                sql: "UPDATE api_tokens SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL", arguments: [nowMs, id])
            return db.changesCount
        }
        guard changed == 1 else {
            throw StorageError(.domain(.invalidInput), "no token \(Text.escaped(id)) that is not revoked already")
        }
    }

    public func tokens() throws -> [APIToken] {
        try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, user, created_ms, expires_ms, revoked_ms FROM api_tokens ORDER BY created_ms, id"
            ).map { APIToken(id: $0[0], user: $0[1], createdMs: $0[2], expiresMs: $0[3], revokedMs: $0[4]) }
        }
    }

    /// Who a token speaks for, and with which role now.
    ///
    /// - Returns: nil for a secret that is not a valid token (unknown, altered, expired,
    ///   revoked) or whose user has no role any more.
    public func authenticateToken(_ secret: String, nowMs: Int64 = systemMs()) throws -> Actor? {
        let parts = secret.split(separator: "_", maxSplits: 2)
        guard secret.hasPrefix(Self.tokenPrefix), parts.count == 3, parts[1].count == 8 else { return nil }
        let row = try writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT id, user, hash, created_ms, expires_ms, revoked_ms FROM api_tokens WHERE id = ?",
                arguments: [String(parts[1])])
        }
        guard let row else { return nil }
        let token = APIToken(id: row[0], user: row[1], createdMs: row[3], expiresMs: row[4], revokedMs: row[5])
        let stored: Data = row[2]
        // Compared in constant time: how far two hashes agree says nothing of the secret.
        let given = Self.tokenHash(secret)
        guard stored.count == given.count, zip(stored, given).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0,
            token.isValid(at: nowMs), let role = try role(of: token.user), let identity = identity
        else { return nil }
        return Actor(user: token.user, role: role, device: identity.device)
    }

    /// A user's role as the log says it is now (from the user's state, so that a hub, which
    /// keeps no read models, knows it too); nil for no such user.
    public func role(of user: String) throws -> Role? {
        guard case .user(let u)? = try state(of: AggregateRef(.user, user), at: .validTime(.max)),
            u.body.name.value != nil
        else { return nil }
        return u.body.role.value
    }

    static func tokenHash(_ secret: String) -> Data { Data(SHA256.hash(data: Data(secret.utf8))) }
}
