/// A dialog form: fields the user fills with the keyboard, checked before anything is written.
public struct FormState: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable {
        case openWorkOrder
        case bookPart(workOrderID: String)
        case bookHours(workOrderID: String)
        case changeStatus(vehicleID: String, fleetNumber: String)
        case assign(workOrderID: String)
        case hold(workOrderID: String, number: String)
        case cancel(workOrderID: String, number: String)
        case failureCode(workOrderID: String)
        case receive(partID: String)
        case issue(partID: String)
        case transfer(partID: String)
        case adjust(partID: String)
        /// A time for the audit cursor: applied at once, nothing is written.
        case travel
        /// The command palette: runs the chosen key, nothing is written by the form itself.
        case palette
    }

    public struct Option: Sendable, Equatable {
        public var id: String
        public var label: String
        public init(id: String, label: String) {
            self.id = id
            self.label = label
        }
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

        /// Options matching what was typed.
        public var matches: [Option] {
            guard case .choice(let options) = kind else { return [] }
            let needle = text.lowercased()
            return options.filter { needle.isEmpty || $0.label.lowercased().contains(needle) }
        }

        public var chosen: Option? { matches.indices.contains(choice) ? matches[choice] : nil }
    }

    public var title: String
    public var purpose: Purpose
    public var fields: [Field]
    public var focus = 0
    /// Why the last submit was refused, shown in place; the input stays.
    public var error: String?
    /// Esc was pressed once with input typed: the next Esc discards it.
    public var isConfirmingDiscard = false
    /// What the fields held when the form opened, to tell typed input from what was filled in.
    private let opened: [String]

    public init(title: String, purpose: Purpose, fields: [Field]) {
        self.title = title
        self.purpose = purpose
        self.fields = fields
        opened = fields.map(\.text)
    }

    /// Whether the user typed anything that Esc would throw away.
    public var hasTypedInput: Bool { fields.map(\.text) != opened }

    subscript(label: String) -> Field { fields.first { $0.label == label }! }
}
