/// Keys while a form is open: moving between fields, typing, choosing, submitting and
/// cancelling. A refusal keeps the input and says why, in place.
extension Update {
    static func formKey(_ key: Key, _ state: inout AppState, page: Int) -> [Effect] {
        guard var form = state.form, form.fields.indices.contains(form.focus) else { return [] }
        if key != .escape, form.isConfirmingDiscard {
            form.isConfirmingDiscard = false
            form.error = nil
        }
        let index = form.focus
        let count = form.fields.count
        let isChoice = form.fields[index].isChoice
        switch key {
        case .escape where form.asksBeforeDiscarding && form.hasTypedInput && !form.isConfirmingDiscard:
            // Typed input is not thrown away by one stray key.
            form.isConfirmingDiscard = true
            form.error = "Esc again discards what you typed; Enter submits it"
            state.form = form
            return []
        case .escape:
            state.form = nil
            state.message = form.asksBeforeDiscarding ? "Cancelled; nothing was written." : nil
            return []
        case .enter:
            switch form.submit {
            case .apply(let apply):
                return apply(form.fields, &state, page)
            case .command(let submit):
                do {
                    let submission = try submit(form.fields)
                    form.error = nil
                    state.form = form
                    return [.execute(submission.command, success: submission.success)]
                } catch {
                    form.error = error.message
                }
            }
        case .tab: form.focus = (index + 1) % count
        case .backTab: form.focus = (index + count - 1) % count
        case .down:
            if isChoice {
                form.fields[index].choice = min(
                    form.fields[index].choice + 1, max(0, form.fields[index].matches.count - 1))
            } else {
                form.focus = (index + 1) % count
            }
        case .up:
            if isChoice {
                form.fields[index].choice = max(0, form.fields[index].choice - 1)
            } else {
                form.focus = (index + count - 1) % count
            }
        case .backspace:
            if !form.fields[index].text.isEmpty { form.fields[index].text.removeLast() }
            form.fields[index].choice = 0
        case .character(let c):
            form.fields[index].text.append(c)
            form.fields[index].choice = 0
        default: break
        }
        state.form = form
        return []
    }
}
