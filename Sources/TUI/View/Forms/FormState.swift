public import Domain

/// A dialog form: fields the user fills with the keyboard, checked before anything is
/// written. What Enter does is given by whoever opened it (an action spec, the palette, the
/// audit pane's go-to-time), so the update knows no form by name.
public struct FormState: Sendable {
    /// One line of a choice field; `position` indexes the typed values the opener kept
    /// (a `ChoiceInput`), so a choice never travels as packed text.
    public struct Option: Sendable, Equatable {
        public var label: String
        public var position: Int
    }

    public struct Field: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            case text
            case number
            /// One of these; typing filters them, ↑/↓ picks.
            case choice([Option])
        }
        public var label: String
        public var kind: Kind
        public var text = ""
        public var choice = 0

        public init(_ label: String, _ kind: Kind, text: String = "") {
            self.label = label
            self.kind = kind
            self.text = text
        }

        public var isChoice: Bool { if case .choice = kind { true } else { false } }

        /// Options matching what was typed.
        public var matches: [Option] {
            guard case .choice(let options) = kind else { return [] }
            let needle = text.lowercased()
            return options.filter { needle.isEmpty || $0.label.lowercased().contains(needle) }
        }

        public var chosen: Option? { matches.indices.contains(choice) ? matches[choice] : nil }
    }

    /// What Enter does with the fields.
    public enum Submit: Sendable {
        /// Checks the input and builds the command to run; a refusal is shown in place and
        /// keeps the input.
        case command(@Sendable ([Field]) throws(CommandFailure) -> Submission)
        /// Acts on the screen itself and writes nothing (go to a time, the palette).
        case apply(@Sendable ([Field], inout AppState, _ page: Int) -> [Effect])
    }

    /// A command ready to run and what to say when it succeeds.
    public struct Submission: Sendable, Equatable {
        public var command: Command
        public var success: String
        public init(_ command: Command, success: String) {
            self.command = command
            self.success = success
        }
    }

    public var title: String
    public var fields: [Field]
    public var focus = 0
    /// Why the last submit was refused, shown in place; the input stays.
    public var error: String?
    /// Esc was pressed once with input typed: the next Esc discards it.
    public var isConfirmingDiscard = false
    /// Whether Esc asks before throwing typed input away (not for the palette: it writes nothing).
    public var asksBeforeDiscarding = true
    public let submit: Submit
    /// What the fields held when the form opened, to tell typed input from what was filled in.
    private let opened: [String]

    public init(title: String, fields: [Field], submit: Submit) {
        self.title = title
        self.fields = fields
        self.submit = submit
        opened = fields.map(\.text)
    }

    /// Whether the user typed anything that Esc would throw away.
    public var hasTypedInput: Bool { fields.map(\.text) != opened }
}
