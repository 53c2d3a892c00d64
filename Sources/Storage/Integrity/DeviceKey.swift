import Crypto
import Foundation

/// The device's Ed25519 signing key, kept in a file beside (never inside) the database,
/// readable only by its owner, so that a copied database cannot sign new events.
struct DeviceKey {
    let privateKey: Curve25519.Signing.PrivateKey

    var publicKeyHex: String { privateKey.publicKey.rawRepresentation.hex }

    static func path(forDatabase databasePath: String) -> String { databasePath + ".key" }

    static func create(at path: String) throws -> DeviceKey {
        let key = Curve25519.Signing.PrivateKey()
        let fm = FileManager.default
        guard !fm.fileExists(atPath: path) else {
            throw StorageError(.keyFile, "a device key already exists at \(path); refusing to overwrite it")
        }
        guard
            fm.createFile(
                atPath: path, contents: Data(key.rawRepresentation.hex.utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw StorageError(.keyFile, "cannot write the device key to \(path)")
        }
        return DeviceKey(privateKey: key)
    }

    static func load(from path: String) throws -> DeviceKey {
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
