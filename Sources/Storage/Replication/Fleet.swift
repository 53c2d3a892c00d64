import Crypto
import Foundation

/// A fleet is a trust domain: the replicas of one railway's terminals. Its id is derived
/// from the founding device's public key, so nobody can found a second fleet with the same
/// id, and every replica, bundle and request carries it.
public enum Fleet {
    /// The first 16 hex digits (64 bits) of the SHA-256 of the founder's raw public key.
    public static func id(founderKey hex: String) -> String? {
        guard let raw = Data(hex: hex), raw.count == 32 else { return nil }
        return String(Data(SHA256.hash(data: raw)).hex.prefix(16))
    }

    /// Fleet ids are 16 lowercase hex digits.
    public static func isWellFormed(_ id: String) -> Bool {
        id.count == 16 && id.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}
