import Domain
import Foundation
import Testing

@testable import Storage
@testable import TUI

@Suite struct UpdateAndRenderTests {
    static let day = Day(parsing: "2026-12-01") ?? Day(0)

    func makeRow(_ n: Int, depot: String = "Koeln", status: VehicleStatus = .inService) -> FleetRow {
        FleetRow(
            vehicleID: "V-\(n)", fleetNumber: "186-\(n)", evn: "918061860014", vehicleClass: "Class 186",
            kind: .locomotive, keeper: nil,
            depot: depot, status: status, statusReason: nil, odometerKm: 1000 * n,
            tags: [],
            nextExam: .init(level: "A", dueKm: 2000, dueDate: Self.day, expectedDate: Self.day, urgency: .ok),
            openWorkOrders: n % 2, openDefects: 0)
    }

    func makePart() -> PartRow {
        PartRow(
            partID: "P-1", partNumber: "BRK-1", name: "Brake pad set", kind: .consumable, unit: "pc", minimum: 0,
            maximum: nil, reorderPoint: 2,
            leadTimeDays: 3, unitCost: Money(minorUnits: 1000), onHand: 5, reserved: 0, available: 5,
            belowReorderPoint: false,
            locations: [.init(location: "main", onHand: 5, reserved: 0, available: 5)])
    }

    func makeWorkOrder() -> WorkOrderRow {
        WorkOrderRow(
            workOrderID: "W-1", number: "WO-ABC-00001", vehicleID: "V-1", fleetNumber: "186-1", title: "Brakes drag",
            type: .corrective, priority: .high, status: .inProgress, examLevel: nil, defect: nil, workshopID: nil,
            technicians: [], plannedDate: nil, bookedMinutes: 0, cost: Money(minorUnits: 0), failureCode: nil,
            openedAt: Instant(parsing: "2026-11-01T06:00:00Z") ?? Instant(ms: 0))
    }

    func makeState(rows: Int, role: Role = .dispatcher) -> AppState {
        var state = AppState()
        state.user = "dana"
        state.role = role
        state.device = "desk-1"
        state.database = "demo.sqlite"
        _ = Update.apply(
            .dataLoaded(
                ScreenData(fleet: (1...rows).map { makeRow($0) }, workOrders: [makeWorkOrder()], parts: [makePart()])),
            to: &state, page: 20)
        return state
    }

    func press(_ state: inout AppState, _ keys: Key...) -> [Effect] {
        keys.flatMap { Update.apply(.keyPressed($0), to: &state, page: 20) }
    }

    func type(_ state: inout AppState, _ text: String) {
        for c in text { _ = Update.apply(.keyPressed(.character(c)), to: &state, page: 20) }
    }

    @Test func theSelectionMovesScrollsAndFilters() {
        var state = makeState(rows: 50)
        for _ in 0..<30 { _ = press(&state, .character("j")) }
        #expect(state.fleet.selected == 30 && state.fleet.scroll == 11)
        _ = press(&state, .character("g"))
        #expect(state.fleet.selected == 0 && state.fleet.scroll == 0)
        _ = press(&state, .character("/"))
        type(&state, "186-4")
        _ = press(&state, .enter)
        #expect(state.fleet.visible.count == 11)  // 186-4 and 186-40 … 186-49
        _ = press(&state, .character("/"), .escape)
        #expect(state.fleet.visible.count == 50)
        _ = press(&state, .character("q"))
        #expect(!state.isRunning)
    }

    @Test func actionsARoleMayNotTakeAreNotOfferedAndSayWhy() {
        var state = makeState(rows: 3, role: .auditor)
        _ = press(&state, .character("2"))
        #expect(state.pane == .workOrders)
        #expect(press(&state, .character("s")).isEmpty)
        #expect(state.message == "start work: role 'auditor' may not start or complete work orders")
        let bar = Render.screen(state, width: 100, height: 24).text.components(separatedBy: "\n").last!
        #expect(!bar.contains("s start work"))
        var tech = makeState(rows: 3, role: .technician)
        _ = press(&tech, .character("2"))
        #expect(
            Render.screen(tech, width: 160, height: 24).text.components(separatedBy: "\n").last!.contains(
                "s start work"))
    }

    @Test func escAsksBeforeDiscardingTypedInput() {
        var state = makeState(rows: 3, role: .technician)
        _ = press(&state, .character("2"), .character("h"), .escape)
        #expect(state.form == nil, "nothing typed: Esc closes at once")
        _ = press(&state, .character("h"), .character("2"), .escape)
        #expect(state.form?.error == "Esc again discards what you typed; Enter submits it")
        _ = press(&state, .character("5"))
        #expect(state.form?.fields[0].text == "25" && state.form?.error == nil, "typing on keeps the input")
        _ = press(&state, .escape, .escape)
        #expect(state.form == nil && state.message == "Cancelled; nothing was written.")
    }

    @Test func anInvalidQuantityIsRefusedInPlaceAndKeepsTheInput() {
        var state = makeState(rows: 3, role: .technician)
        _ = press(&state, .character("2"), .character("b"))
        #expect(state.form?.title == "Book a part on WO-ABC-00001")
        _ = press(&state, .tab)
        type(&state, "-3")
        #expect(press(&state, .enter).isEmpty, "nothing is written")
        #expect(state.form?.error == "quantity must be positive, got -3", "the domain's own words")
        #expect(state.form?.fields[1].text == "-3")
        let screen = Render.screen(state, width: 80, height: 24).text
        #expect(screen.contains("✗ quantity must be positive, got -3"))
        _ = press(&state, .backspace, .backspace)
        type(&state, "3")
        let effects = press(&state, .enter)
        #expect(
            effects == [
                .execute(
                    .bookPart(workOrderID: "W-1", partID: "P-1", quantity: 3, location: "main"),
                    success: "Booked 3 × BRK-1")
            ])
        _ = Update.apply(
            .commandFinished(.failure(CommandFailure("only 2 of BRK-1 available at main, asked for 3"))), to: &state,
            page: 20)
        #expect(
            state.form?.error == "only 2 of BRK-1 available at main, asked for 3",
            "a refusal from the store shows in the form too")
        _ = Update.apply(.commandFinished(.success("Booked")), to: &state, page: 20)
        #expect(state.form == nil && state.message == "Booked")
    }

    @Test func theVehiclePickerSearchesAsYouType() {
        var state = makeState(rows: 12, role: .technician)
        _ = press(&state, .character("2"), .character("n"))
        type(&state, "186-1")
        #expect(
            state.form?.fields[0].matches.map(\.label)
                == ["186-1", "186-10", "186-11", "186-12"].map { "\($0) Class 186 Koeln" })
        _ = press(&state, .down, .tab)
        type(&state, "Door fault")
        _ = press(&state, .tab, .down)  // corrective
        let effects = press(&state, .enter)
        #expect(
            effects == [
                .execute(
                    .openWorkOrder(
                        vehicleID: "V-10", title: "Door fault", type: .corrective, priority: .normal, examLevel: nil,
                        defectID: nil), success: "Opened a work order on 186-10")
            ])
    }

    @Test func aDispatcherChangesAStatusAmongTheLegalOnes() {
        var state = makeState(rows: 3)
        _ = press(&state, .character("t"))
        #expect(
            state.form?.fields[0].matches.map(\.label) == ["restricted", "out-of-service", "in-workshop", "withdrawn"])
        _ = press(&state, .down, .tab)
        type(&state, "cracked axle")
        #expect(
            press(&state, .enter) == [
                .execute(
                    .changeVehicleStatus(vehicleID: "V-1", status: .outOfService, reason: "cracked axle"),
                    success: "186-1 → out-of-service")
            ])
        var technician = makeState(rows: 3, role: .technician)
        #expect(press(&technician, .character("t")).isEmpty && technician.form == nil)
        #expect(technician.message?.contains("may not change vehicle status") == true)
    }

    @Test func aTechnicianSeesOnlyTheirOwnWorkOrdersOnRequest() {
        var state = makeState(rows: 3, role: .technician)
        state.user = "tara"
        var theirs = makeWorkOrder()
        theirs.workOrderID = "W-2"
        theirs.technicians = ["tara"]
        _ = Update.apply(
            .dataLoaded(ScreenData(fleet: [], workOrders: [makeWorkOrder(), theirs], parts: [])), to: &state, page: 20)
        _ = press(&state, .character("2"), .character("m"))
        #expect(state.workOrders.visible.map { state.workOrders.rows[$0].workOrderID } == ["W-2"])
        _ = Update.apply(
            .dataLoaded(ScreenData(fleet: [], workOrders: [makeWorkOrder(), theirs], parts: [])), to: &state, page: 20)
        #expect(state.workOrders.visible.count == 1, "a reload keeps the choice")
        _ = press(&state, .character("m"))
        #expect(state.workOrders.visible.count == 2)
    }

    @Test func enterOpensTheSelectedVehicleAndEscGoesBack() {
        var state = makeState(rows: 3)
        _ = press(&state, .character("j"))
        #expect(press(&state, .enter) == [.loadDetail(AggregateRef(.vehicle, "V-2"))])
        _ = Update.apply(
            .detailLoaded(
                .vehicle(VehicleDetail(vehicle: makeRow(2), defects: [], workOrders: [makeWorkOrder()], events: []))),
            to: &state, page: 20)
        #expect(Render.screen(state, width: 100, height: 30).text.contains("Work orders (1, newest first)"))
        _ = press(&state, .escape)
        #expect(state.detail == nil && state.isRunning)
    }

    @Test func theFleetCanBeOrderedAndGroupedByDepotOrClass() {
        var state = AppState()
        let rows = [
            makeRow(1, depot: "Mannheim"), makeRow(2, depot: "Koeln", status: .outOfService),
            makeRow(3, depot: "Hamburg"),
        ]
        _ = Update.apply(.dataLoaded(ScreenData(fleet: rows, workOrders: [], parts: [])), to: &state, page: 20)
        _ = press(&state, .character("o"))
        #expect(state.fleetOrder == .depot && state.fleet.rows.map(\.depot) == ["Hamburg", "Koeln", "Mannheim"])
        _ = press(&state, .character("o"), .character("o"))
        #expect(
            state.fleetOrder == .status && state.fleet.rows.first?.status == .outOfService,
            "the most restrictive status first")
        _ = Update.apply(.dataLoaded(ScreenData(fleet: rows, workOrders: [], parts: [])), to: &state, page: 20)
        #expect(state.fleet.rows.first?.status == .outOfService, "a reload keeps the order")
    }

    static func predictions(asOf ms: Int64) -> Predictions {
        let band = Predictions.Band(
            months: ["2026-12", "2027-01"], values: [4, 6], lower80: [2, 3], upper80: [6, 9], lower95: [1, 2],
            upper95: [8, 12], method: "ets")
        return Predictions(
            asOfMs: ms, model: "failure model 0123456789ab, backtest at 30 days: ROC-AUC 0.800",
            risks: [
                .init(
                    vehicleID: "V-2", probabilities: [0.42, 0.5, 0.6], reasons: ["days since a failure 3"],
                    examLevel: "A", examDay: 20_800, examReason: "risk"),
                .init(
                    vehicleID: "V-1", probabilities: [0.05, 0.1, 0.2], reasons: [], examLevel: "B", examDay: 20_900,
                    examReason: "plan"),
            ],
            oddities: [.init(vehicleID: "V-1", kind: "odometer-backwards", ms: 0, value: 900, score: 100)],
            parts: ["P-1": band], cost: band)
    }

    /// The risk view ranks from the loaded predictions, Enter opens the selected vehicle, e
    /// opens its exam as a preventive order; predictions for another time than the cursor's
    /// are not shown.
    @Test func theRiskViewRanksOpensAndPlans() {
        var state = makeState(rows: 3, role: .planner)
        _ = press(&state, .character("5"))
        _ = Update.apply(.predictionsLoaded(Self.predictions(asOf: 1_000)), to: &state, page: 20)
        _ = press(&state, .character("r"))
        let screen = Render.screen(state, width: 100, height: 24).text
        #expect(screen.contains("186-2") && screen.contains("42 %") && screen.contains("A 2026-12-13"), "\(screen)")
        #expect(screen.contains("B 2027-03-23 L"), "the plan's limit is marked")
        #expect(press(&state, .enter) == [.loadDetail(AggregateRef(.vehicle, "V-2"))])
        _ = press(&state, .character("j"))
        #expect(state.risk.selectedRow?.vehicleID == "V-1")
        _ = press(&state, .character("k"))
        #expect(press(&state, .character("e")).isEmpty && state.form != nil)
        guard
            case .execute(.openWorkOrder(let vehicle, _, let type, let priority, let exam, _), _)? =
                press(&state, .enter).first
        else {
            Issue.record("Enter did not open a work order")
            return
        }
        #expect(vehicle == "V-2" && type == .preventive && priority == .high && exam == "A")

        // A technician may not open orders from here; the anomalies view lists what stands out.
        var technician = makeState(rows: 3, role: .technician)
        _ = press(&technician, .character("5"))
        _ = Update.apply(.predictionsLoaded(Self.predictions(asOf: 1_000)), to: &technician, page: 20)
        _ = press(&technician, .character("a"))
        let anomalies = Render.screen(technician, width: 100, height: 24).text
        #expect(anomalies.contains("odometer-backwards") && anomalies.contains("a reading below the one before"))

        // With the cursor in the past, predictions for now are dropped.
        var past = state
        past.form = nil
        past.predictions = nil
        past.cursor = TimeCursor(index: 0, ms: 5_000)
        _ = Update.apply(.predictionsLoaded(Self.predictions(asOf: 1_000)), to: &past, page: 20)
        #expect(past.predictions == nil)
        _ = Update.apply(.predictionsLoaded(Self.predictions(asOf: 5_000)), to: &past, page: 20)
        #expect(past.predictions?.asOfMs == 5_000)
    }

    /// Until the models answer the views say so, and a failure says why.
    @Test func theViewsSayWhileTheModelsLoadAndWhyTheyFailed() {
        var state = makeState(rows: 3, role: .planner)
        _ = press(&state, .character("5"), .character("r"))
        #expect(Render.screen(state, width: 80, height: 24).text.contains("Loading the models' predictions…"))
        _ = Update.apply(.predictionsFailed("the history before then is too short"), to: &state, page: 20)
        _ = press(&state, .character("a"))
        let screen = Render.screen(state, width: 100, height: 24).text
        #expect(screen.contains("The models could not run: the history before then is too short"), "\(screen)")
        _ = Update.apply(.predictionsLoaded(Self.predictions(asOf: 1_000)), to: &state, page: 20)
        #expect(Render.screen(state, width: 100, height: 24).text.contains("odometer-backwards"))
    }

    /// The parts chart draws the forecast months after the history, with their intervals.
    @Test func theForecastBandFollowsTheHistory() {
        var state = makeState(rows: 1)
        _ = Update.apply(.dataLoaded(ScreenData(fleet: [], workOrders: [], parts: [makePart()])), to: &state, page: 20)
        _ = press(&state, .character("5"))
        _ = Update.apply(
            .forecastLoaded(
                ForecastData(
                    failures: [], costs: nil,
                    consumption: ["P-1": MonthlySeries(name: "issued", points: [("2026-10", 3), ("2026-11", 5)])])),
            to: &state, page: 20)
        _ = press(&state, .character("p"))
        let bare = Render.screen(state, width: 80, height: 24).text
        _ = Update.apply(.predictionsLoaded(Self.predictions(asOf: 1_000)), to: &state, page: 20)
        let screen = Render.screen(state, width: 80, height: 24).text
        #expect(screen.contains("forecast by ets") && !bare.contains("forecast by"), "\(screen)")
        // The y axis and the summary's legend draw both glyphs too: the intervals add to them.
        for glyph: Character in ["│", "┊"] {
            #expect(screen.filter { $0 == glyph }.count > bare.filter { $0 == glyph }.count, "\(glyph) drawn")
        }
    }

    @Test func theChartsLoadWhenTheirPaneOpens() {
        var state = makeState(rows: 3)
        #expect(press(&state, .character("5")) == [.loadForecast])
        #expect(press(&state, .character("p")).isEmpty && state.chart == .consumption)
        #expect(press(&state, .character("1")).isEmpty)
        let kpis = press(&state, .backTab)
        #expect(state.pane == .kpis, "Shift-Tab from the fleet wraps round to the KPIs")
        guard case .loadDashboard? = kpis.first else {
            Issue.record("the KPIs do not load: \(kpis)")
            return
        }
        #expect(press(&state, .backTab) == [.loadForecast])
    }

    @Test func wideCharactersKeepColumnsAligned() {
        var state = makeState(rows: 2)
        var rows = state.fleet.rows
        rows[0].depot = "東京駅"
        state.fleet.load(rows, matching: Update.fleetText)
        let lines = Render.screen(state, width: 80, height: 24).text.components(separatedBy: "\n")
        let wide = lines[3]
        let plain = lines[4]
        #expect(DisplayWidth.of(wide) == 80)
        func column(of text: String, in line: String) -> Int {
            DisplayWidth.of(String(line[..<line.range(of: text)!.lowerBound]))
        }
        #expect(column(of: "in-service", in: wide) == column(of: "in-service", in: plain))
    }

    @Test func aTooSmallTerminalSaysSo() {
        let text = Render.screen(makeState(rows: 3), width: 40, height: 8).text
        #expect(text.hasPrefix("Terminal too small (40×8): need 60×12"))
    }

    /// Text read back from the log may carry control characters (older versions, other
    /// replicas): the screen shows them escaped, and no cell holds one.
    @Test func controlCharactersInStoredTextAreShownEscaped() {
        var state = makeState(rows: 2)
        var rows = state.fleet.rows
        rows[0].depot = "K\u{1B}[2J\u{7}"
        state.fleet.load(rows, matching: Update.fleetText)
        let buffer = Render.screen(state, width: 120, height: 24)
        #expect(buffer.text.contains("K\\u{1B}"), "escaped, then cut to the column")
        #expect(
            !buffer.cells.contains { $0.character.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 } })
    }

    @Test func stylesMarkWhatNeedsAttention() {
        var state = makeState(rows: 3)
        var rows = state.fleet.rows
        rows[1].status = .outOfService
        state.fleet.load(rows, matching: Update.fleetText)
        let buffer = Render.screen(state, width: 80, height: 24)
        #expect(buffer[0, 3].style == .selected)
        #expect(buffer[0, 4].style == .alert)
        #expect(buffer[0, 5].style == .normal)
        #expect(buffer[0, 23].style == .statusBar)
    }
}
