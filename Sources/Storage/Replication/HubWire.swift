public import Domain
public import Foundation

/// What the hub and its clients say to each other, besides bundles.
public enum HubWire {
    public static let pushPath = "/api/v1/sync/crdt/push"
    public static let pullPath = "/api/v1/sync/crdt/pull"
    public static let statusPath = "/api/v1/sync/crdt/status"
    public static let compactPath = "/api/v1/sync/crdt/compact"
    /// Events per pulled or pushed batch.
    public static let batchEvents = 5_000
    /// The largest request body the hub reads (compressed).
    public static let maxBodyBytes = 64 << 20
    /// The most a compressed body may inflate to.
    public static let maxInflatedBytes = 1 << 30

    /// A pushed batch's answer.
    public struct PushReply: Codable, Sendable, Equatable {
        public var merged: Int
        public var holds: VersionVector
        public init(merged: Int, holds: VersionVector) {
            self.merged = merged
            self.holds = holds
        }
    }

    /// A pulled batch, and whether more waits.
    public struct PullReply: Sendable, Equatable {
        public var bundle: EventBundle
        public var more: Bool
        public init(bundle: EventBundle, more: Bool) {
            self.bundle = bundle
            self.more = more
        }

        /// One byte for `more`, then the bundle in `BundleCodec`'s form, deflated.
        public var packed: Data {
            get throws { try Deflate.compress(Data([more ? 1 : 0]) + BundleCodec.encode(bundle)) }
        }

        public init(packed: Data) throws {
            let raw = try Deflate.decompress(packed, limit: HubWire.maxInflatedBytes)
            guard let flag = raw.first, flag <= 1 else {
                throw StorageError(.rejectedBundle, "the hub's answer is not a pulled batch")
            }
            self.init(bundle: try BundleCodec.decode(raw.dropFirst()), more: flag == 1)
        }
    }

    /// A pushed bundle as sent: `BundleCodec`'s form, deflated.
    public static func pack(bundle: EventBundle) throws -> Data { try Deflate.compress(BundleCodec.encode(bundle)) }

    public static func unpackBundle(_ data: Data) throws -> EventBundle {
        try BundleCodec.decode(try Deflate.decompress(data, limit: maxInflatedBytes))
    }

    /// What the hub holds.
    public struct Status: Codable, Sendable, Equatable {
        public var fleet: String
        public var hub: String
        public var events: Int
        public var holds: VersionVector
        public init(fleet: String, hub: String, events: Int, holds: VersionVector) {
            self.fleet = fleet
            self.hub = hub
            self.events = events
            self.holds = holds
        }
    }

    /// A refusal: the message, and for a refused bundle its rule and event.
    public struct Failure: Codable, Sendable, Equatable {
        public var error: String
        public var rule: String?
        public var event: String?
        public init(error: String, rule: String? = nil, event: String? = nil) {
            self.error = error
            self.rule = rule
            self.event = event
        }
    }

    /// A version vector as a query value: base64url of its JSON.
    public static func query(_ vector: VersionVector) -> String {
        ((try? JSONEncoder.sorted(vector)) ?? Data("{}".utf8)).base64URL
    }

    public static func vector(fromQuery text: String) -> VersionVector? {
        Data(base64URL: text).flatMap { try? JSONDecoder().decode(VersionVector.self, from: $0) }
    }

    /// A body as sent: compressed JSON.
    public static func pack(_ value: some Encodable) throws -> Data {
        try Deflate.compress(try JSONEncoder.sorted(value))
    }

    public static func unpack<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try JSONDecoder().decode(type, from: try Deflate.decompress(data, limit: maxInflatedBytes))
    }
}

extension JSONEncoder {
    /// JSON with its keys sorted, so the same value always reads the same.
    static func sorted(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(value)
    }
}
