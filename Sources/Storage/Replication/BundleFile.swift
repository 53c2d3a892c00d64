import Crypto
public import Foundation

/// A bundle on a file, for depots without a network: a short text header (format version,
/// fleet, sender, event count, the body's length and SHA-256) and the bundle in
/// `BundleCodec`'s form, deflated. A damaged, truncated or foreign file is refused whole before anything is merged.
public enum BundleFile {
    static let magic = "RAILFLEET-BUNDLE"
    static let version = 1
    /// Far beyond any real bundle; a file claiming more is refused rather than inflated.
    static let inflatedLimit = 4 << 30

    public static func encode(_ bundle: EventBundle) throws -> Data {
        let body = try Deflate.compress(BundleCodec.encode(bundle))
        let header = """
            \(magic) \(version)
            fleet \(bundle.fleet)
            from \(bundle.sender ?? "-")
            events \(bundle.events.count)
            bytes \(body.count)
            sha256 \(Data(SHA256.hash(data: body)).hex)


            """
        return Data(header.utf8) + body
    }

    /// Reads a file `encode` wrote.
    ///
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - fleet: this replica's fleet, if it has one: a file of another is refused.
    /// - Returns: the bundle inside, checked against its header.
    /// - Throws: `StorageError` of kind `.rejectedBundle` saying what is wrong with the file.
    public static func decode(_ data: Data, fleet: String?) throws -> EventBundle {
        func refuse(_ why: String) -> StorageError {
            StorageError(.rejectedBundle, "not a usable RailFleet bundle: \(why); nothing was imported")
        }
        guard let end = data.prefix(1024).firstRange(of: Data("\n\n".utf8)),
            let header = String(data: data[data.startIndex..<end.lowerBound], encoding: .utf8)
        else {
            throw refuse("it does not begin with a bundle header")
        }
        var fields: [String: String] = [:]
        let lines = header.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.hasPrefix(magic + " ") else {
            throw refuse("it does not begin with \(magic)")
        }
        guard first == "\(magic) \(version)" else {
            throw refuse("it is format \(first.dropFirst(magic.count + 1)); this RailFleet reads format \(version)")
        }
        for line in lines.dropFirst() {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        guard let fileFleet = fields["fleet"], let count = fields["events"].flatMap(Int.init),
            let length = fields["bytes"].flatMap(Int.init), let digest = fields["sha256"]
        else { throw refuse("its header lacks the fleet, the event count, the length or the checksum") }
        if let fleet, fileFleet != fleet {
            throw refuse("it belongs to fleet \(fileFleet), this replica to fleet \(fleet)")
        }
        let body = data[end.upperBound...]
        guard body.count == length else {
            throw refuse("its body is \(body.count) bytes, its header says \(length): the file is cut short or padded")
        }
        guard Data(SHA256.hash(data: body)).hex == digest else {
            throw refuse("its checksum does not match: the file is damaged")
        }
        let bundle: EventBundle
        do {
            bundle = try BundleCodec.decode(try Deflate.decompress(Data(body), limit: inflatedLimit))
        } catch let error as StorageError {
            throw refuse(error.message)
        } catch {
            throw refuse("its contents do not decode")
        }
        guard bundle.fleet == fileFleet, bundle.events.count == count else {
            throw refuse("its contents disagree with its header")
        }
        return bundle
    }
}
