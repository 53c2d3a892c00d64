import Analytics
import Domain
import Testing

/// The trend test against pymannkendall 1.4.3 (Hussain and Mahmud, 2019), whose figures
/// were computed once for these series and are written down here.
@Suite struct TrendTests {
    func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test func aRisingSeriesIsARisingTrend() throws {
        let x = [5.1, 4.9, 5.6, 5.8, 6.0, 5.7, 6.3, 6.1, 6.8, 6.4, 7.0, 6.9]
        let test = try #require(MannKendall(x))
        #expect(test.s == 54 && close(test.variance, 212.66666666666666))
        #expect(close(test.z, 3.634345051015831) && close(test.p, 0.0002786876842340025, 1e-6))
        #expect(close(test.slope, 0.18125))
    }

    @Test func tiesReduceTheVariance() throws {
        let y: [Double] = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3]
        let test = try #require(MannKendall(y))
        #expect(test.s == 48 && close(test.variance, 481.3333333333333))
        #expect(close(test.z, 2.142273367256243) && close(test.p, 0.032171490663501334, 1e-6))
        #expect(close(test.slope, 0.4))
    }

    /// A seasonal series with a slow rise: the plain test sees no trend (the season hides
    /// it); the seasonal test finds it, and Sen's slope per month is the yearly one over 12.
    @Test func theSeasonalTestSeesThroughTheSeason() throws {
        let z = [
            10.3, 12.55, 14.430127, 15.15, 14.530127, 13.05, 10.3, 7.85, 6.069873, 5.45, 6.469873, 8.05, 10.6, 13.15,
            15.030127, 16.05, 15.130127, 13.35, 10.9, 8.45, 6.969873, 6.05, 6.769873, 8.65, 11.2, 14.05, 15.630127,
            16.35, 15.730127, 13.95, 11.8, 9.05, 7.269873, 6.65, 7.369873, 9.55,
        ]
        let plain = try #require(MannKendall(z))
        #expect(plain.s == -21 && close(plain.variance, 5389) && close(plain.p, 0.7852812928525512, 1e-6))
        let seasonal = try #require(MannKendall(z, season: 12))
        #expect(seasonal.seasonal && seasonal.s == 36 && close(seasonal.variance, 44))
        #expect(close(seasonal.z, 5.276448530110864) && seasonal.p < 1e-6)
        #expect(close(seasonal.slope * 12, 0.6))
        #expect(MannKendall(Array(z.prefix(12)), season: 12) == nil, "one value per month is no test")
        #expect(MannKendall([1, 2, 3]) == nil)
    }

    @Test func aTrendIsReadByTheFiguresGoodDirection() {
        let months = (0..<30).map { i in
            ReportPeriod(from: Int64(i) * 2_592_000_000, to: Int64(i + 1) * 2_592_000_000)
        }
        let rising = zip(months, (0..<30).map { Double($0) + Double($0 % 3) }).map { ($0, Optional($1)) }
        #expect(KPITrend(kpi: .mttrHours, group: "g", months: rising).direction == .declining)
        #expect(KPITrend(kpi: .availability, group: "g", months: rising).direction == .improving)
        #expect(KPITrend(kpi: .kmRun, group: "g", months: rising).direction == .rising)
        let flat = zip(months, (0..<30).map { Double($0 % 2) }).map { ($0, Optional($1)) }
        #expect(KPITrend(kpi: .availability, group: "g", months: flat).direction == .stable)
        // Undefined months are left out, not read as zero.
        let gappy = rising.enumerated().map { $0 % 4 == 0 ? ($1.0, nil) : $1 }
        #expect(KPITrend(kpi: .mttrHours, group: "g", months: gappy).test?.count == 22)
    }

    /// On the hand-built fleet: a year earlier, its own months, and peers.
    @Test func comparisonsAreWorkedOutByHand() throws {
        let f = HandBuiltFleet.standard()
        let end = HandBuiltFleet.ms("2026-03-01T00:00:00Z")
        let report = KPIReport(facts: FleetFacts(f.facts), asOf: end)
        let february = ReportPeriod(from: HandBuiltFleet.ms("2026-02-01T00:00:00Z"), to: end)
        #expect(
            february.shifted(years: -1)
                == ReportPeriod(
                    from: HandBuiltFleet.ms("2025-02-01T00:00:00Z"), to: HandBuiltFleet.ms("2025-03-01T00:00:00Z")))
        let leap = ReportPeriod(
            from: HandBuiltFleet.ms("2024-02-29T00:00:00Z"), to: HandBuiltFleet.ms("2024-03-01T00:00:00Z"))
        #expect(leap.shifted(years: 1).from == HandBuiltFleet.ms("2025-02-28T00:00:00Z"))
        let rows = report.compare([.availability, .failures], by: .vehicleClass, period: february)
        let a = try #require(rows.first { $0.group == "A" && $0.kpi == .availability })
        let b = try #require(rows.first { $0.group == "B" && $0.kpi == .availability })
        // B (V3, never down) ranks above A (V1, 12 hours down of V1's 672).
        #expect(b.value == 1 && b.rank == 1 && a.rank == 2 && a.peers == 2)
        #expect(abs((a.value ?? 0) - (1 - 12.0 / 672)) < 1e-12)
        #expect(a.peerMin == a.value && a.peerMax == 1)
        // A year earlier nothing was registered. A's own months before February: December
        // (V2 alone, never down) and January (60 of 1,104 hours down).
        #expect(a.yearEarlier == nil)
        #expect(abs((a.ownMean ?? 0) - (2 - 60.0 / 1104) / 2) < 1e-12)
        #expect(abs((a.ownSpread ?? 0) - 60.0 / 1104 / 2.0.squareRoot()) < 1e-12)
        // Failures: fewer is better, so A's one failure ranks below B's none.
        let failures = rows.filter { $0.kpi == .failures }.sorted { $0.group < $1.group }
        #expect(failures.map(\.rank) == [2, 1])
    }
}
