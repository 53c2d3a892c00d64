import Domain
import Storage

/// The stock pane's actions: every movement a storekeeper records.
extension ActionSpec {
    static let stockActions: [ActionSpec] = [
        onPart("r", "receive") { part, _ in
            var form = FormBuilder()
            let location = form.text("Location", prefill: part.locations.first?.location ?? "main")
            let quantity = form.number("Quantity")
            let note = form.text("Note")
            return form.make(title: "Receive \(part.partNumber) \(part.name)") { fields throws(CommandFailure) in
                let qty = try quantity.value(in: fields)
                let at = location.text(in: fields)
                return .init(
                    .receiveStock(partID: part.partID, location: at, quantity: qty, note: note.optional(in: fields)),
                    success: "Received \(qty) at \(at)")
            }
        },
        onPart("i", "issue") { part, state in
            var form = FormBuilder()
            let location = form.choice("Location", stockedLocations(part))
            let quantity = form.number("Quantity")
            let order = form.choice(
                "Work order",
                [(label: "(no work order)", value: String?.none)]
                    + state.workOrders.rows.filter(\.status.isOpen).map {
                        ("\($0.number) \($0.fleetNumber ?? "") \($0.title)", $0.workOrderID)
                    })
            let note = form.text("Note")
            return form.make(title: "Issue \(part.partNumber) \(part.name)") { fields throws(CommandFailure) in
                let from = try location.required(in: fields, "pick one with stock")
                let qty = try quantity.value(in: fields)
                return .init(
                    .issueStock(
                        partID: part.partID, location: from, quantity: qty, workOrderID: order.value(in: fields) ?? nil,
                        note: note.optional(in: fields)),
                    success: "Issued \(qty) from \(from)")
            }
        },
        onPart("t", "transfer") { part, _ in
            var form = FormBuilder()
            let from = form.choice("From", stockedLocations(part))
            let to = form.text("To")
            let quantity = form.number("Quantity")
            return form.make(title: "Transfer \(part.partNumber) \(part.name)") { fields throws(CommandFailure) in
                let source = try from.required(in: fields, "pick a location with stock")
                let qty = try quantity.value(in: fields)
                let destination = to.text(in: fields)
                return .init(
                    .transferStock(partID: part.partID, from: source, to: destination, quantity: qty),
                    success: "Moved \(qty) from \(source) to \(destination)")
            }
        },
        onPart("a", "adjust after a count") { part, _ in
            var form = FormBuilder()
            let location = form.choice(
                "Location", part.locations.map { ("\($0.location) (\($0.onHand) on hand)", $0.location) })
            let change = form.number("Change (+/-)")
            let reason = form.text("Reason")
            return form.make(title: "Adjust \(part.partNumber) \(part.name) after a count") {
                fields throws(CommandFailure) in
                let at = try location.required(in: fields, "pick one")
                let delta = try change.value(in: fields)
                return .init(
                    .adjustStock(partID: part.partID, location: at, delta: delta, reason: reason.text(in: fields)),
                    success: "Adjusted \(at) by \(delta)")
            }
        },
    ]

    /// A stock movement of the selected part, opened as a form.
    static func onPart(
        _ key: Character, _ description: String, _ form: @escaping @Sendable (PartRow, AppState) -> FormState
    ) -> ActionSpec {
        .init(key: key, pane: .stock, description: description, command: .moveStock) { state in
            guard let part = state.parts.selectedRow else { return .refuse("\(description): select a part first") }
            return .form(form(part, state))
        }
    }

    /// The locations holding some of a part, as choices.
    static func stockedLocations(_ part: PartRow) -> [(label: String, value: String)] {
        part.locations.filter { $0.onHand > 0 }.map {
            ("\($0.location) (\($0.onHand) on hand, \($0.available) available)", $0.location)
        }
    }
}
