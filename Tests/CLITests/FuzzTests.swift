import Domain
import Foundation
import TestSupport
import Testing

/// Every text option of every writing command gets hostile text, every numeric option its
/// extremes, one option at a time: each run must succeed or be refused with one `Error:`
/// line (never a crash or a hang), and the log must verify afterwards.
@Suite(.serialized) struct FuzzTests {
    /// `{T}` is a text slot, `{N}` a number slot; `WO` is the floor's work order.
    static let templates = [
        "user add {T} --role auditor",
        "user role {T} --role planner",
        "workshop add --name {T} --depot {T} --roads {N}",
        "plan set --class {T} --level {T} --km {N} --days {N} --tolerance {N} --includes {T}",
        "vehicle add --fleet-number {T} --evn {T} --class {T} --kind locomotive --depot {T} --keeper {T} --odometer-km {N} --commissioned {T}",
        "vehicle odometer 186-001 {N} --source {T}",
        "vehicle status 186-001 restricted --reason {T}",
        "vehicle tag 186-001 {T}",
        "defect report --vehicle 186-001 --description {T} --system {T}",
        "wo open --vehicle 186-001 --title {T} --type corrective --priority high",
        "wo task WO --text {T}",
        "wo hold WO --reason {T}",
        "wo book-hours WO --hours {N}",
        "wo book-part WO --part BRK-1 --qty {N} --location {T}",
        "wo failure-code WO --system {T} --mode {T} --cause {T} --remedy {T}",
        "wo plan WO --date {T}",
        "part add --part-number {T} --name {T} --kind consumable --unit {T} --min {N} --max {N} --reorder-point {N} --lead-time-days {N} --unit-cost {T} --currency {T}",
        "stock receive --part BRK-1 --qty {N} --location {T} --note {T}",
        "stock issue --part BRK-1 --qty {N} --location {T} --note {T}",
        "stock transfer --part BRK-1 --qty {N} --from main --to {T}",
        "stock adjust --part BRK-1 --delta {N} --location main --reason {T}",
        "audit state {T} --at {T}",
        "events --limit {N} --by {T}",
    ]

    static let hostileTexts = [
        "\u{1B}[31mRED\u{1B}[2J\u{1B}]0;PWNED\u{7}", "txt\u{202E}exe.pdf", "two\nlines\r",
        String(repeating: "é", count: 60_000),
        "💥🚆東京\u{301}", "", "   ", "'; DROP TABLE events; --", "%s%n%x", "\u{2066}iso\u{2069}", "\u{7F}\u{9B}c1",
    ]
    static let extremeNumbers = [
        "9223372036854775807", "-9223372036854775808", "0", "-1", "99999999999999999999999", "1e308", "nan",
        "4611686018427387904",
    ]

    /// Each slot of each template in turn, the others benign.
    static func runs(workOrder: String) -> [[String]] {
        var runs: [[String]] = []
        var rng = SeededGenerator(seed: 7)
        for template in templates {
            let words = template.replacingOccurrences(of: "WO", with: workOrder).split(separator: " ").map(String.init)
            let slots = words.indices.filter { words[$0] == "{T}" || words[$0] == "{N}" }
            for slot in slots {
                let pool = words[slot] == "{T}" ? hostileTexts : extremeNumbers
                // Every hostile value for the first slot of a template, a seeded sample for the rest.
                let values =
                    slot == slots.first ? pool : (0..<3).map { _ in pool[Int(rng.next() % UInt64(pool.count))] }
                for value in values {
                    runs.append(
                        words.enumerated().map { i, word in
                            if i == slot { return value }
                            return word == "{T}" ? "ok\(i)" : (word == "{N}" ? "1" : word)
                        })
                }
            }
        }
        return runs
    }

    @Test func everyOptionOfEveryCommandSurvivesHostileValues() throws {
        let cli = try CLIProcess()
        defer { cli.remove() }
        try cli.ok("init", "--device", "bench-1", "--admin", WorkshopFloor.admin)
        let floor = try WorkshopFloor.build(with: cli)
        var refused = 0
        var accepted = 0
        for arguments in Self.runs(workOrder: floor.workOrder) {
            let result = try cli.run(arguments)
            let shown = arguments.map { $0.count > 40 ? String($0.prefix(40)) + "…" : $0 }.joined(separator: " ")
            #expect([0, 1, 64].contains(result.status), "\(shown): exit \(result.status) (a crash?)")
            #expect(!result.hung, "\(shown) hung (killed after \(Int(CLIProcess.hangLimit)) s)")
            if result.status == 0 {
                accepted += 1
            } else {
                refused += 1
                let lines = result.stderr.split(separator: "\n").filter { !$0.isEmpty }
                #expect(lines.count == 1 && lines.first?.hasPrefix("Error: ") == true, "\(shown): \(result.stderr)")
            }
            #expect(
                !result.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 },
                "\(shown) echoed raw control bytes")
        }
        #expect(refused > 100 && accepted > 20, "\(refused) refused, \(accepted) accepted")
        #expect(try cli.ok("audit", "verify").contains("Verified"))
    }
}
