import Foundation

/// The rules for what people type into text fields, in one place: every command checks its
/// text through here, and the front ends show the refusal it gives.
public enum Text {
    public static let maximumLength = 200

    /// Refuses empty (or blank) text and text longer than `maximumLength` characters.
    public static func require(_ text: String, _ what: String) throws(DomainError) {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw .invalid("\(what) must not be empty") }
        if text.count > maximumLength { throw .invalid("\(what) is longer than \(maximumLength) characters") }
    }

    /// A name people type to refer to something (a location, a tag): no spaces, no `/`.
    public static func requireName(_ text: String, _ what: String) throws(DomainError) {
        try require(text, what)
        if text.contains(where: { $0.isWhitespace || $0 == "/" }) {
            throw .invalid("\(what) '\(text)' must not contain spaces or '/'")
        }
    }
}
