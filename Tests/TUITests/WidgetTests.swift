import Domain
import Foundation
import Testing

@testable import TUI

/// Each widget on its own: what it draws where, from inputs small enough to check by eye.
@Suite struct WidgetTests {
    func lines(_ buffer: CellBuffer) -> [String] { buffer.text.components(separatedBy: "\n") }
    func column(_ buffer: CellBuffer, x: Int) -> String { String((0..<buffer.height).map { buffer[x, $0].character }) }

    @Test func aTableAlignsColumnsClipsCellsAndMarksTheSelection() {
        var buffer = CellBuffer(width: 30, height: 4)
        let table = TableWidget(columns: [
            .init(title: "NAME", width: 6), .init(title: "KM", width: 5, alignRight: true),
            .init(title: "NOTE", width: 4),
        ])
        table.draw(
            into: &buffer, top: 0, height: 4, rows: [["Lokomotive", "12", "a"], ["Wagen", "7", "long note here"]],
            selected: 1
        ) { _ in .warning }
        let text = lines(buffer)
        #expect(text[0] == "NAME      KM NOTE".padding(toLength: 30, withPad: " ", startingAt: 0))
        #expect(
            text[1] == "Lokomo    12 a".padding(toLength: 30, withPad: " ", startingAt: 0),
            "clipped to its width, numbers right-aligned")
        #expect(text[2].hasPrefix("Wagen      7 long note here"), "the last column takes the rest")
        #expect(
            buffer[0, 0].style == .header && buffer[0, 1].style == .warning && buffer[0, 2].style == .selected
                && buffer[29, 2].style == .selected)
    }

    @Test func barsReachTheTopForTheMaximumAndNothingForZero() {
        var buffer = CellBuffer(width: 20, height: 8)
        ChartWidget.bars(
            [("2026-01", 4), ("2026-02", 0), ("2026-03", 2)], title: "t", x: 0, y: 0, width: 20, height: 8,
            into: &buffer)
        let text = lines(buffer)
        // Title, 5 plot rows, baseline, month labels.
        #expect(text[1].hasPrefix("4│█"))
        #expect(text[5].hasPrefix("0│█   █"))
        #expect(
            column(buffer, x: 4).prefix(7).trimmingCharacters(in: .whitespaces) == "─",
            "a zero month draws no bar, only the baseline")
        // Half the maximum over five rows: two and a half rows, in eighths.
        #expect(column(buffer, x: 6).filter { "▁▂▃▄▅▆▇█".contains($0) } == "▄██")
        #expect(text[7].hasPrefix("  2026-01"))
    }

    @Test func aLinePutsOneDotPerMonthAtItsHeight() {
        var buffer = CellBuffer(width: 20, height: 8)
        ChartWidget.line(
            [("2026-01", 0), ("2026-02", 10), ("2026-03", 5)], title: "t", x: 0, y: 0, width: 20, height: 8,
            into: &buffer)
        // Plot rows 1...5: 10 on the top row, 0 on the bottom, 5 in the middle.
        let left = 3  // "10" and the axis
        #expect(buffer[left, 5].character == "●")
        #expect(buffer[left + 2, 1].character == "●")
        #expect(buffer[left + 4, 3].character == "●")
        #expect(buffer[left + 1, 5].character == "╯" && buffer[left + 1, 1].character == "╭", "the climb is joined")
        #expect(buffer[left + 3, 1].character == "╮" && buffer[left + 3, 3].character == "╰", "and so is the fall")
    }

    @Test func aHeatMapShadesEveryRowOnOneScale() {
        var buffer = CellBuffer(width: 40, height: 3)
        ChartWidget.heatMap(
            [("A", [0, 1, 4]), ("B", [2, 0, 0])], months: ["2026-01", "2026-02", "2026-03"], x: 0, y: 0, width: 40,
            into: &buffer)
        let text = lines(buffer)
        #expect(text[0].hasPrefix("A                5 ·░█"))
        #expect(text[1].hasPrefix("B                2 ▒··"), "2 of 4 is half the scale")
        #expect(buffer[19, 0].style == .dim && buffer[21, 0].style == .warning)
        #expect(text[2].hasPrefix("                   2026-01"))
    }

    @Test func aSparklineScalesToItsOwnMaximum() {
        #expect(ChartWidget.sparkline([0, 4, 8], width: 10) == " ▄█")
        #expect(ChartWidget.sparkline([1, 2, 3, 4], width: 2) == "▆█", "only the latest that fit")
    }

    @Test func aDialogIsABoxWithItsTitleAndClipsWhatDoesNotFit() {
        var buffer = CellBuffer(width: 20, height: 6)
        Dialog.draw(title: "Keys", lines: ["one", "two", "three", "four", "five"], into: &buffer)
        let text = lines(buffer)
        // A row of margin above and below; the rest holds two lines.
        #expect(text[1].contains("┌─ Keys ─┐") && text[4].contains("└────────┘"))
        #expect(
            text[2].contains("│one     │") && text[3].contains("│two     │"),
            "what does not fit is left out, not drawn over the border")
    }

    @Test func aFormShowsTheFocusTheChoicesAndTheRefusal() {
        var form = FormState(
            title: "Book",
            fields: [
                .init("Part", .choice([.init(label: "AIR", position: 0), .init(label: "BRK", position: 1)])),
                .init("Hours", .number, text: "0"),
            ], submit: .apply { _, _, _ in [] })
        form.error = "Hours must be more than 0"
        var buffer = CellBuffer(width: 60, height: 14)
        FormWidget.draw(form, into: &buffer)
        let text = buffer.text
        #expect(text.contains("▸ Part") && text.contains("● AIR") && text.contains("○ BRK"))
        #expect(text.contains("Hours must be more than 0"))
    }

    @Test func aListFiltersByTextAnyCaseAndForgetsOldTextsOnLoad() {
        var list = ListState<String>()
        list.load(["Köln Hbf", "Mannheim", "KÖLN-Deutz", "Ulm"], matching: { $0 })
        list.filter = "köln"
        list.applyFilter { $0 }
        #expect(list.visible == [0, 2], "case does not matter, also beyond ASCII")
        list.filter = "m"
        list.applyFilter { $0 }
        #expect(list.visible == [1, 3], "a match at the very end counts")
        list.filter = "ulm hbf"
        list.applyFilter { $0 }
        #expect(list.visible.isEmpty)
        // New rows: the texts made for the old ones are not reused.
        list.filter = "bonn"
        list.load(["Bonn", "Köln"], matching: { $0 })
        #expect(list.visible == [0])
        #expect(ListState<String>.contains(Array("ab".utf8), Array("abc".utf8)) == false)
    }

    /// Typing narrows the search to what a text within the new one showed; whatever the keys,
    /// each result equals filtering all rows afresh.
    @Test func typingIntoAFilterShowsWhatFilteringAfreshShows() {
        var rng = SeededGenerator(seed: 11)
        let alphabet = Array("ab-1é")
        let rows = (0..<400).map { _ in String((0..<8).map { _ in alphabet[Int(rng.next() % 5)] }) }
        let odd: (String) -> Bool = { $0.utf8.count % 2 == 1 }
        var typed = ListState<String>()
        typed.load(rows, matching: { $0 }, where: odd)
        for step in 0..<300 {
            switch rng.next() % 5 {
            case 0: if !typed.filter.isEmpty { typed.filter.removeLast() }
            case 1: typed.filter = ""
            default: typed.filter.append(alphabet[Int(rng.next() % 5)])
            }
            typed.applyFilter({ $0 }, where: odd, typing: true)
            var fresh = ListState<String>()
            fresh.filter = typed.filter
            fresh.load(rows, matching: { $0 }, where: odd)
            #expect(typed.visible == fresh.visible, "step \(step), filter '\(typed.filter)'")
        }
        // Another filter changing forgets what was typed: all rows again, not the old subset.
        typed.filter = "a"
        typed.applyFilter({ $0 }, where: odd, typing: true)
        typed.applyFilter({ $0 }, where: { _ in true })
        #expect(typed.visible == rows.indices.filter { rows[$0].contains("a") })
    }

    /// A number wider than its column is abbreviated visibly, never cut to other digits.
    @Test func numbersThatDoNotFitAreAbbreviatedNotCut() {
        #expect(TableWidget.fitting("1000000000", 8) == "1.0G")
        #expect(TableWidget.fitting("4610687018427387964", 7) == "4.6E")
        #expect(TableWidget.fitting("-4610687018427387964", 4) == "-4E")
        #expect(TableWidget.fitting("99999999", 8) == "99999999", "what fits is shown whole")
        #expect(
            TableWidget.fitting("123456", 3) == "###", "123k does not fit three columns; 0M would be a wrong number")
        #expect(TableWidget.fitting("123456", 4) == "123k")
        var buffer = CellBuffer(width: 30, height: 3)
        TableWidget(columns: [.init(title: "PART", width: 6), .init(title: "KM", width: 8, alignRight: true)])
            .draw(into: &buffer, top: 0, height: 3, rows: [["a", "1000000000"]], selected: nil) { _ in .normal }
        #expect(buffer.text.contains("1.0G") && !buffer.text.contains("10000000"))
    }
}
