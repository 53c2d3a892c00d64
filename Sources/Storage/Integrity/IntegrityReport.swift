/// What a verification of the log found.
public struct IntegrityReport: Codable, Sendable {
    public enum ProblemKind: String, Codable, Sendable {
        /// An event's bytes no longer match its hash chained on its predecessor's: edited,
        /// moved to another counter, or re-chained.
        case altered
        /// A counter is missing from a device's chain.
        case missing
        /// A signed head does not verify, or names a hash the chain does not hold.
        case badSignature = "bad-signature"
        /// Events after the last signed head.
        case unsigned
        /// No enrolment (public key) for a device.
        case unknownDevice = "unknown-device"
    }

    public struct Problem: Codable, Sendable, Equatable {
        public let kind: ProblemKind
        public let device: String
        public let counter: Int64?
        public let message: String
    }

    public struct DeviceSummary: Codable, Sendable {
        public let device: String
        public let events: Int
        public let signedHeads: Int
        public let lastSignedCounter: Int64?
    }

    public var devices: [DeviceSummary] = []
    public var problems: [Problem] = []
    public var isIntact: Bool { problems.isEmpty }
}
