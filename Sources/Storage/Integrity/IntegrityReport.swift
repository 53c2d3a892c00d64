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
        /// This replica's receipt of an event (its order or recorded time) was changed, or a
        /// received event removed: "what this terminal knew when" no longer holds.
        case receiptAltered = "receipt-altered"
        /// The receipt chain runs past its last valid signature.
        case receiptUnsigned = "receipt-unsigned"
        /// The log contradicts a receipt kept outside it (`audit verify --against`).
        case contradictsReceipt = "contradicts-receipt"
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
    /// How far this replica's own receipt chain was checked (its last seq) and signed.
    public var receiptsChecked: Int64?
    public var receiptsSigned: Int64?
    public var problems: [Problem] = []
    public var isIntact: Bool { problems.isEmpty }
    /// Whether only what is new since the last intact verification was read.
    public var incremental = false
    /// Why an incremental verification read everything after all.
    public var fullBecause: String?
    /// Events whose hashes were recomputed.
    public var eventsChecked = 0
}
