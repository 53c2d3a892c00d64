import Foundation

/// The rules for what people type into text fields, in one place: every command checks its
/// text through here, and the front ends show the refusal it gives.
public enum Text {
    /// Names, numbers, titles: what fits on one line of a list.
    public static let maximumLength = 200
    /// Notes, reasons, descriptions, resolutions: a few sentences.
    public static let maximumNoteLength = 1000

    /// Refuses empty (or blank) text, text longer than `limit` characters, and characters
    /// that are not text (see `requirePrintable`).
    public static func require(_ text: String, _ what: String, limit: Int = maximumLength) throws(DomainError) {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw .invalid("\(what) must not be empty") }
        try requirePrintable(text, what, limit: limit)
    }

    /// Optional text: nil passes; given, it follows the rules of `requirePrintable`.
    public static func allow(_ text: String?, _ what: String, limit: Int = maximumLength) throws(DomainError) {
        if let text { try requirePrintable(text, what, limit: limit) }
    }

    /// Refuses control characters (C0, DEL, C1: escape sequences, bells, carriage returns,
    /// line feeds, backspaces), line and paragraph separators, and the bidirectional
    /// controls that make text display in another order than it is stored: any of them
    /// could repaint a terminal, forge a row of a list or hide what a field says.
    public static func requirePrintable(_ text: String, _ what: String, limit: Int = maximumLength) throws(DomainError)
    {
        if text.count > limit { throw .invalid("\(what) is longer than \(limit) characters") }
        if let bad = text.unicodeScalars.first(where: isForbidden) {
            throw .invalid("\(what) contains \(describe(bad)); text fields take printable characters only")
        }
    }

    /// A name people type to refer to something (a location, a tag): no spaces, no `/`.
    public static func requireName(_ text: String, _ what: String) throws(DomainError) {
        try require(text, what)
        if text.contains(where: { $0.isWhitespace || $0 == "/" }) {
            throw .invalid("\(what) '\(text)' must not contain spaces or '/'")
        }
    }

    /// An identifier a person types and others look up (a fleet number, a part number, a
    /// workshop's name): no blanks at either end, which would make two look alike.
    public static func requireIdentifier(_ text: String, _ what: String) throws(DomainError) {
        try require(text, what)
        if text != text.trimmingCharacters(in: .whitespacesAndNewlines) {
            throw .invalid("\(what) '\(text)' must not start or end with a space")
        }
    }

    /// Whether a scalar may not appear in stored text.
    public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true  // C0, DEL, C1
        case 0x2028, 0x2029: true  // line and paragraph separators
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional controls
        default: false
        }
    }

    /// The text with every forbidden scalar written as `\u{HEX}`: how any text reaches a
    /// terminal or a table. Commands refuse these characters, but events written by older
    /// versions or received from other replicas may carry them.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isForbidden) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isForbidden(scalar) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    static func describe(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "the control character U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex)"
    }
}
