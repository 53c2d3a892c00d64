import Domain
import Testing

@testable import TUI

/// `C`: the open notices, what each means, and resolving one as the role allows.
@Suite struct ConflictsViewTests {
    let notices = [
        ConflictNotice(
            key: "negative:main:13", aggregate: AggregateRef(.part, "P-1"),
            message: "stock at main is -5: issued concurrently beyond what was on hand, on terminals a and b",
            resolutions: ["acknowledge"]),
        ConflictNotice(
            key: "duplicate-part-number", aggregate: AggregateRef(.part, "P-1, P-2"),
            message: "part number flt-9 was registered concurrently", resolutions: []),
    ]

    @Test func aPlannerResolvesANoticeAndAnAuditorMayOnlyRead() throws {
        var state = AppState()
        state.role = .planner
        #expect(Update.apply(.keyPressed(.character("C")), to: &state, page: 10) == [.loadConflicts])
        _ = Update.apply(.conflictsLoaded(notices), to: &state, page: 10)
        let screen = Render.screen(state, width: 120, height: 30).text
        #expect(screen.contains("Conflicts (2 open)") && screen.contains("Enter: resolve (acknowledge)"))
        // The second notice is settled by a command, not picked here.
        _ = Update.apply(.keyPressed(.character("j")), to: &state, page: 10)
        _ = Update.apply(.keyPressed(.enter), to: &state, page: 10)
        #expect(state.message?.contains("settled by the command") == true && state.form == nil)
        _ = Update.apply(.keyPressed(.character("k")), to: &state, page: 10)
        _ = Update.apply(.keyPressed(.enter), to: &state, page: 10)
        let form = try #require(state.form)
        #expect(form.title.hasPrefix("Resolve: stock at main is -5") && state.conflictsView == nil)
        var auditor = AppState()
        auditor.role = .auditor
        _ = Update.apply(.conflictsLoaded(notices), to: &auditor, page: 10)
        _ = Update.apply(.keyPressed(.enter), to: &auditor, page: 10)
        #expect(auditor.form == nil && auditor.message?.contains("may not resolve conflicts") == true)
        _ = Update.apply(.keyPressed(.escape), to: &auditor, page: 10)
        #expect(auditor.conflictsView == nil)
    }

    @Test func withManyNoticesTheSelectedOneAndItsExplanationStayOnScreen() {
        var state = AppState()
        let many = (1...60).map { i in
            ConflictNotice(
                key: "negative:main:\(i)", aggregate: AggregateRef(.part, "P-\(i)"),
                message: "stock at main went below zero, occurrence \(i)", resolutions: ["acknowledge"])
        }
        _ = Update.apply(.conflictsLoaded(many), to: &state, page: 10)
        for _ in 0..<45 { _ = Update.apply(.keyPressed(.character("j")), to: &state, page: 10) }
        let screen = Render.screen(state, width: 120, height: 30).text
        #expect(screen.contains("› part P-46: stock at main went below zero, occurrence 46"))
        #expect(screen.contains("Enter: resolve (acknowledge)") && screen.contains("of 60)"))
        #expect(!screen.contains("P-1:"), "the top of the list scrolled away")
    }
}
