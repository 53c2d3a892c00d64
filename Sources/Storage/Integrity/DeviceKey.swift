import Crypto
import Foundation

/// The device's Ed25519 signing key, kept in a file beside (never inside) the database,
/// readable only by its owner, so that a copied database cannot sign new events.
struct DeviceKey {
    let privateKey: Curve25519.Signing.PrivateKey

    var publicKeyHex: String { privateKey.publicKey.rawRepresentation.hex }

    static func path(forDatabase databasePath: String) -> String { databasePath + ".key" }

    /// Writes a new key to a file that did not exist, readable and writable by its owner only
    /// from the first byte (no moment in which another user could read it).
    static func create(at path: String) throws -> DeviceKey {
        let key = Curve25519.Signing.PrivateKey()
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST {
                throw StorageError(.keyFile, "a device key already exists at \(path); refusing to overwrite it")
            }
            throw StorageError(.keyFile, "cannot write the device key to \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let bytes = Array(key.rawRepresentation.hex.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count, fsync(fd) == 0 else {
            unlink(path)
            throw StorageError(.keyFile, "cannot write the device key to \(path): \(String(cString: strerror(errno)))")
        }
        return DeviceKey(privateKey: key)
    }

    /// Reads the key; like ssh with a private key, refuses one that others may read.
    static func load(from path: String) throws -> DeviceKey {
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & 0o077 != 0 {
            throw StorageError(
                .keyFile,
                "the device key \(path) may be read by others (mode \(String(info.st_mode & 0o777, radix: 8))); run `chmod 600 \(path)` and try again"
            )
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8),
            let raw = Data(hex: text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else {
            throw StorageError(.keyFile, "cannot read the device key at \(path): this database cannot sign new events")
        }
        return DeviceKey(privateKey: key)
    }

    func sign(_ message: Data) throws -> Data { try privateKey.signature(for: message) }

    static func verify(signature: Data, of message: Data, publicKeyHex: String) -> Bool {
        guard let raw = Data(hex: publicKeyHex), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
        else {
            return false
        }
        return key.isValidSignature(signature, for: message)
    }
}

extension Data {
    var hex: String { map { String(format: "%02x", $0) }.joined() }

    /// Base64 with `-` and `_` for `+` and `/` and no padding: safe in a URL and a shell word.
    var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init?(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }

    init?(hex: String) {
        guard hex.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(hex.count / 2)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }
}
