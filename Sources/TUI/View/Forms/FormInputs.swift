public import Domain
import Foundation

/// Builds a form's fields and hands back a typed handle for each, so that reading a field
/// needs neither its label nor its position.
///
/// ```swift
/// var form = FormBuilder()
/// let reason = form.text("Reason")
/// let status = form.choice("Status", vehicle.status.legalNext.map { ($0.rawValue, $0) })
/// return form.make(title: "Status") { fields in … status.value(in: fields) … }
/// ```
public struct FormBuilder {
    public private(set) var fields: [FormState.Field] = []

    public init() {}

    public mutating func text(_ label: String, prefill: String = "") -> TextInput {
        fields.append(.init(label, .text, text: prefill))
        return TextInput(index: fields.count - 1, label: label)
    }

    public mutating func number(_ label: String) -> NumberInput {
        fields.append(.init(label, .number))
        return NumberInput(index: fields.count - 1, label: label)
    }

    /// A choice among typed values; `selected` is the one picked at first.
    public mutating func choice<Value: Sendable>(
        _ label: String, _ options: [(label: String, value: Value)], selected: Int = 0
    ) -> ChoiceInput<Value> {
        var field = FormState.Field(
            label, .choice(options.indices.map { .init(label: options[$0].label, position: $0) }))
        field.choice = selected
        fields.append(field)
        return ChoiceInput(index: fields.count - 1, label: label, values: options.map(\.value))
    }

    /// A form whose Enter reads the fields into a command; the domain's rules for the
    /// command's own values are checked in place before anything is sent.
    public func make(
        title: String,
        submit: @escaping @Sendable ([FormState.Field]) throws(CommandFailure) -> FormState.Submission
    ) -> FormState {
        FormState(
            title: title, fields: fields,
            submit: .command { fields throws(CommandFailure) in
                let submission = try submit(fields)
                try CommandFailure.checking { () throws(DomainError) in try submission.command.validateInput() }
                return submission
            })
    }
}

/// A free-text field; its text is read trimmed.
public struct TextInput: Sendable {
    let index: Int
    public let label: String

    public func text(in fields: [FormState.Field]) -> String {
        fields[index].text.trimmingCharacters(in: .whitespaces)
    }

    /// Nil when left empty: for optional notes and reasons.
    public func optional(in fields: [FormState.Field]) -> String? {
        let text = text(in: fields)
        return text.isEmpty ? nil : text
    }
}

/// A whole-number field (a signed one for counts that may go down).
public struct NumberInput: Sendable {
    let index: Int
    public let label: String

    /// The number typed, or the refusal to show; its range is the domain's to judge.
    public func value(in fields: [FormState.Field]) throws(CommandFailure) -> Int {
        let text = fields[index].text.trimmingCharacters(in: .whitespaces)
        guard let value = Int(text.hasPrefix("+") ? String(text.dropFirst()) : text) else {
            throw CommandFailure("\(label) must be a whole number, such as 4")
        }
        return value
    }
}

/// A choice field over typed values.
public struct ChoiceInput<Value: Sendable>: Sendable {
    let index: Int
    public let label: String
    let values: [Value]

    public func value(in fields: [FormState.Field]) -> Value? { fields[index].chosen.map { values[$0.position] } }

    /// The chosen value, or the refusal to show.
    public func required(in fields: [FormState.Field], _ hint: String = "pick one from the list") throws(CommandFailure)
        -> Value
    {
        guard let value = value(in: fields) else { throw CommandFailure("\(label): \(hint)") }
        return value
    }

    /// The label the user saw for the chosen value.
    public func label(in fields: [FormState.Field]) -> String? { fields[index].chosen?.label }
}
