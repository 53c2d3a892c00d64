public import Domain

/// The open conflict notices, over the panes (`C`): what each means, and resolving the one
/// selected with the resolutions the role may choose.
public struct ConflictsView: Sendable, Equatable {
    public var notices: [ConflictNotice]
    public var selected = 0

    public init(_ notices: [ConflictNotice]) { self.notices = notices }

    var notice: ConflictNotice? { notices.indices.contains(selected) ? notices[selected] : nil }
}

extension Update {
    /// Keys while the conflicts are shown: move, resolve with Enter, close with Esc.
    static func conflictsKey(_ key: Key, _ state: inout AppState) {
        guard var view = state.conflictsView else { return }
        state.message = nil
        switch key {
        case .down, .character("j"): view.selected = min(view.selected + 1, max(0, view.notices.count - 1))
        case .up, .character("k"): view.selected = max(view.selected - 1, 0)
        case .escape, .character("q"), .character("C"):
            state.conflictsView = nil
            return
        case .enter:
            guard let notice = view.notice else { return }
            guard !notice.resolutions.isEmpty else {
                state.message = "Nothing to pick here: it is settled by the command the notice names"
                return
            }
            guard RoleMatrix.allows(state.role, .resolveConflict) else {
                state.message = DomainError.forbidden(state.role, .resolveConflict).message
                return
            }
            guard state.cursor == nil else {
                state.message = "Viewing the past: nothing can be written; . in the audit pane returns to now"
                return
            }
            state.conflictsView = nil
            state.form = resolveForm(notice)
            return
        default: break
        }
        state.conflictsView = view
    }

    static func resolveForm(_ notice: ConflictNotice) -> FormState {
        var form = FormBuilder()
        let resolution = form.choice("Resolution", notice.resolutions.map { ($0, $0) })
        let note = form.text("Note")
        return form.make(title: "Resolve: \(notice.message)") { fields throws(CommandFailure) in
            let chosen = try resolution.required(in: fields, "pick a resolution")
            return .init(
                .resolveConflict(
                    notice.aggregate, notice: notice.key, resolution: chosen, note: note.optional(in: fields)),
                success: "Resolved (\(chosen)): \(notice.message)")
        }
    }
}

extension Render {
    static func conflicts(_ view: ConflictsView, _ buffer: inout CellBuffer) {
        let width = max(20, buffer.width - 8)
        // A window of the list around the selection, so that the selected notice's
        // explanation below it stays on screen however many are open.
        let listed = max(3, buffer.height - 14)
        let first = min(max(0, view.selected - listed / 2), max(0, view.notices.count - listed))
        let shown = view.notices.indices.dropFirst(first).prefix(listed)
        var lines: [String] =
            view.notices.isEmpty
            ? ["No open conflict notices."]
            : shown.map { i in
                let n = view.notices[i]
                return (i == view.selected ? "› " : "  ")
                    + "\(n.aggregate.kind.rawValue) \(n.aggregate.id): \(n.message)"
            }
        if shown.count < view.notices.count {
            lines.append("  (\(shown.startIndex + 1)–\(shown.endIndex) of \(view.notices.count))")
        }
        if let notice = view.notice {
            lines += [""] + wrap(notice.message, width: width)
            lines.append(
                notice.resolutions.isEmpty
                    ? "Settled by the command it names."
                    : "Enter: resolve (\(notice.resolutions.joined(separator: " or ")))")
        }
        lines += ["", "j/k move · Enter resolve · Esc close"]
        Dialog.draw(title: "Conflicts (\(view.notices.count) open)", lines: lines, into: &buffer)
    }

    /// Splits text into lines of at most `width` columns, at spaces.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, DisplayWidth.of(line) + 1 + DisplayWidth.of(String(word)) > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
