import Crypto
public import Domain
public import Foundation
import GRDB

/// A sync request signed with its device's key: no passwords exist. The signature covers
/// the fleet, the device, the method, the path with its query, the time and the SHA-256 of
/// the body, so nothing of a request can be changed, and a receiver that remembers the
/// signatures it saw within the time window refuses a replay.
public struct SignedRequest: Sendable, Equatable {
    public static let deviceHeader = "RailFleet-Device"
    public static let fleetHeader = "RailFleet-Fleet"
    public static let timeHeader = "RailFleet-Time"
    public static let signatureHeader = "RailFleet-Signature"
    /// How far a request's time may lie from the receiver's clock, either way.
    public static let windowMs: Int64 = 300_000

    public var fleet: String
    public var device: String
    public var timeMs: Int64
    public var signature: Data

    static func message(
        fleet: String, device: String, method: String, target: String, timeMs: Int64, body: Data
    ) -> Data {
        Data("railfleet-request|\(fleet)|\(device)|\(method)|\(target)|\(timeMs)|".utf8)
            + Data(SHA256.hash(data: body)).hex.utf8
    }

    /// Reads the four headers, or says which is missing or malformed.
    public init(headers: (String) -> String?) throws {
        func refuse(_ why: String) -> RequestRefusal { RequestRefusal(status: 401, why) }
        guard let device = headers(Self.deviceHeader), let fleet = headers(Self.fleetHeader),
            let time = headers(Self.timeHeader), let signature = headers(Self.signatureHeader)
        else {
            throw refuse(
                "the request is not signed: it needs the RailFleet-Device, -Fleet, -Time and -Signature headers")
        }
        guard (try? DeviceID.validate(device)) != nil, Fleet.isWellFormed(fleet) else {
            throw refuse("the request's device or fleet id is malformed")
        }
        guard let timeMs = Int64(time), let bytes = Data(hex: signature), bytes.count == 64 else {
            throw refuse("the request's time or signature is malformed")
        }
        self.fleet = fleet
        self.device = device
        self.timeMs = timeMs
        self.signature = bytes
    }

    public var headers: [String: String] {
        [
            Self.deviceHeader: device, Self.fleetHeader: fleet, Self.timeHeader: "\(timeMs)",
            Self.signatureHeader: signature.hex,
        ]
    }

    init(fleet: String, device: String, timeMs: Int64, signature: Data) {
        self.fleet = fleet
        self.device = device
        self.timeMs = timeMs
        self.signature = signature
    }
}

/// Why a request is refused, with the HTTP status that says so: 401 when the caller is not
/// proven, 403 when it is proven but may not.
public struct RequestRefusal: Error, Sendable, CustomStringConvertible {
    public let status: Int
    public let message: String
    /// Refused because the replica does not know the sender: a hub sharing its log with
    /// others may know it once caught up.
    public let senderUnknown: Bool
    public init(status: Int, _ message: String, senderUnknown: Bool = false) {
        self.status = status
        self.message = message
        self.senderUnknown = senderUnknown
    }
    public var description: String { message }
}

extension RailFleetStore {
    /// Signs a request from this replica.
    public func sign(method: String, target: String, body: Data, atMs: Int64? = nil) throws -> SignedRequest {
        let identity = try requireIdentity()
        guard let fleet = identity.fleet else {
            throw StorageError(
                .notInitialised,
                "this replica does not know its fleet yet: join with `railfleet init --join --fleet ID`, or import a bundle that enrols it"
            )
        }
        let time = atMs ?? Self.systemMs()
        let message = SignedRequest.message(
            fleet: fleet, device: identity.device.rawValue, method: method, target: target, timeMs: time, body: body)
        return SignedRequest(
            fleet: fleet, device: identity.device.rawValue, timeMs: time, signature: try signingKey().sign(message))
    }

    /// Checks a signed request against this replica's view of the fleet: of this fleet, in
    /// time, from an enrolled device that is not retired, signed with its key. Replays are
    /// the caller's to refuse (it remembers signatures for `SignedRequest.windowMs`).
    ///
    /// - Returns: the device that sent it.
    /// - Throws: `RequestRefusal` (401 or 403) saying why.
    public func authenticate(
        _ request: SignedRequest, method: String, target: String, body: Data, nowMs: Int64
    ) throws -> DeviceID {
        guard request.fleet == identity?.fleet else {
            throw RequestRefusal(
                status: 403, "device \(request.device) belongs to fleet \(request.fleet), not this hub's")
        }
        guard abs(request.timeMs - nowMs) <= SignedRequest.windowMs else {
            throw RequestRefusal(
                status: 401,
                "the request's time is more than 5 minutes from the hub's clock: check the terminal's clock")
        }
        let state = try writer.read { db in
            try AggregateCache.read(AggregateRef(.device, request.device), db, useSnapshot: true)?.aggregate
        }
        guard case .device(let device)? = state, let enrolment = device.body.enrolment.value else {
            throw RequestRefusal(
                status: 403,
                "device \(request.device) is not enrolled in this fleet as the hub knows it: an admin enrols it (`railfleet device enroll`) and syncs that enrolment to the hub first",
                senderUnknown: true)
        }
        let message = SignedRequest.message(
            fleet: request.fleet, device: request.device, method: method, target: target, timeMs: request.timeMs,
            body: body)
        guard DeviceKey.verify(signature: request.signature, of: message, publicKeyHex: enrolment.publicKey) else {
            throw RequestRefusal(
                status: 401, "the request's signature does not verify with device \(request.device)'s key")
        }
        if let retired = device.body.retirement {
            throw RequestRefusal(
                status: 403,
                "device \(request.device) was retired (\(retired.reason)); the fleet takes nothing more from it")
        }
        return DeviceID(request.device)
    }
}
