import Domain

/// How a read model keeps a list of names (tags, technicians, skills, a defect's work
/// orders) in one column: a JSON array, so that any value a user may type, commas and
/// quotes included, reads back exactly as it was written.
enum StoredList {
    static func text(_ values: [String]) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (i, value) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            CanonicalJSON.appendString(value, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    /// The values of a stored list; a column that does not hold one reads as empty (it is a
    /// read model: `projections rebuild` writes it again from the log).
    static func values(_ text: String) -> [String] {
        if text == "[]" { return [] }
        return (try? CanonicalJSON.decode([String].self, from: Array(text.utf8))) ?? []
    }
}

extension StoredList {
    /// A failure code's four parts as a stored list, so that a part holding a `/` (written
    /// before the rule against it) still reads back as the same code.
    static func text(_ code: FailureCode) -> String { text(code.parts.map(\.value)) }

    static func failureCode(_ text: String?) -> FailureCode? {
        guard let text else { return nil }
        let parts = values(text)
        guard parts.count == 4 else { return nil }
        return FailureCode(system: parts[0], mode: parts[1], cause: parts[2], remedy: parts[3])
    }
}
