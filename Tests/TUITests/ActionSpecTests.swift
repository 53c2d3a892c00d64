import Domain
import Storage
import Testing

@testable import TUI

/// Adding an action is adding one spec: the help, the status-bar hints, the palette and the
/// key table all read the specs, so a spec made here, in the test target, shows up in each
/// without another file changing.
@Suite struct ActionSpecTests {
    let page = Render.page(height: 30)

    /// A throwaway action: tags the selected vehicle "seen" through a one-field form.
    static let markSeen = ActionSpec(key: "z", pane: .fleet, description: "mark as seen", command: .tagVehicle) {
        state in
        guard let vehicle = state.fleet.selectedRow else { return .refuse("mark as seen: select a vehicle first") }
        var form = FormBuilder()
        let tag = form.text("Tag", prefill: "seen")
        return .form(
            form.make(title: "Mark \(vehicle.fleetNumber)") { fields in
                .init(
                    .tagVehicle(vehicleID: vehicle.vehicleID, tag: tag.text(in: fields), remove: false),
                    success: "Tagged \(vehicle.fleetNumber)")
            })
    }

    func makeState(_ role: Role) -> AppState {
        var state = AppState()
        state.user = "dana"
        state.role = role
        state.actions.append(Self.markSeen)
        let demo = DemoFixture.shared
        _ = Update.apply(.dataLoaded(demo.screen), to: &state, page: page)
        return state
    }

    func press(_ state: inout AppState, _ keys: Key...) -> [Effect] {
        keys.flatMap { Update.apply(.keyPressed($0), to: &state, page: page) }
    }

    @Test func aNewSpecIsInTheHelpTheHintsThePaletteAndTheKeyTable() throws {
        var state = makeState(.dispatcher)
        #expect(Render.screen(state, width: 200, height: 30).text.contains("z mark as seen"), "status-bar hint")
        _ = press(&state, .character("?"))
        #expect(Render.screen(state, width: 120, height: 40).text.contains("z                    mark as seen"))
        _ = press(&state, .escape, .character(":"))
        for c in "seen" { _ = press(&state, .character(c)) }
        #expect(state.form?.fields[0].matches.map(\.label) == ["Fleet: mark as seen  [z]"])
        _ = press(&state, .enter)
        #expect(state.form?.title.hasPrefix("Mark ") == true, "the palette pressed its key")
        let vehicle = try #require(state.fleet.selectedRow)
        #expect(
            press(&state, .enter) == [
                .execute(
                    .tagVehicle(vehicleID: vehicle.vehicleID, tag: "seen", remove: false),
                    success: "Tagged \(vehicle.fleetNumber)")
            ])
    }

    @Test func theRoleMatrixAndTheDomainsRulesApplyToANewSpecToo() {
        // An auditor may not tag vehicles: not offered, not in the palette, refused by key.
        var auditor = makeState(.auditor)
        #expect(!Render.screen(auditor, width: 200, height: 30).text.contains("mark as seen"))
        _ = press(&auditor, .character(":"))
        for c in "seen" { _ = press(&auditor, .character(c)) }
        #expect(auditor.form?.fields[0].matches.isEmpty == true)
        auditor.form = nil
        _ = press(&auditor, .character("z"))
        #expect(auditor.form == nil && auditor.message?.contains("may not tag vehicles") == true)
        // The form checks the domain's rule for a tag in place: no spaces.
        var dispatcher = makeState(.dispatcher)
        _ = press(&dispatcher, .character("z"), .character(" "), .character("x"))
        #expect(press(&dispatcher, .enter).isEmpty)
        #expect(dispatcher.form?.error == "tag 'seen x' must not contain spaces or '/'")
    }
}
