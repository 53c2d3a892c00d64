import Foundation
import Testing

@testable import Predict

/// The forecasters on series whose future is known.
@Suite struct ForecastTests {
    static let pattern: [Double] = [5, 7, 9, 14, 20, 26, 30, 28, 21, 15, 9, 6]

    @Test func aPureSeasonalSeriesIsForecastExactly() {
        let series = Array((0..<4).map { _ in Self.pattern }.joined())
        for method in [Forecaster.seasonalNaive, .ets] {
            let f = method.forecast(series, horizon: 18, season: 12)
            let expected = (0..<18).map { Self.pattern[$0 % 12] }
            #expect(zip(f.values, expected).allSatisfy { abs($0 - $1) < 1e-9 }, "\(method): \(f.values)")
            #expect(zip(f.lower95, f.upper95).allSatisfy { $0 <= $1 })
        }
        let chosen = ForecastSelection(series, horizon: 12, season: 12)
        #expect(chosen.errors[chosen.chosen.rawValue] ?? 1 < 1e-9, "a method without error is chosen: \(chosen.errors)")
    }

    /// Theta as in the M3 competition: a seasonal series is adjusted by classical
    /// decomposition first; without it the season is smoothed away.
    @Test func thetaAdjustsASeasonalSeriesFirst() {
        let season = [0.8, 0.9, 1.0, 1.2, 1.3, 1.1, 1.0, 0.9, 0.85, 0.95, 1.0, 1.0]
        let y = (0..<84).map { (100 + Double($0)) * season[$0 % 12] }
        let (training, actual) = (Array(y.prefix(72)), Array(y.suffix(12)))
        let adjusted = Forecaster.theta.forecast(training, horizon: 12, season: 12)
        let plain = Theta.forecast(training, horizon: 12, nonNegative: true)
        #expect(ForecastError.smape(actual: actual, forecast: adjusted.values) < 2)
        #expect(ForecastError.smape(actual: actual, forecast: plain.values) > 5)
        #expect(Theta.seasonalIndices(y, season: 12, multiplicative: true, tested: true) != nil)
        let flat = (0..<60).map { 50 + Double($0 % 7) }
        #expect(Theta.seasonalIndices(flat, season: 12, multiplicative: true, tested: true) == nil, "no season at 12")
    }

    @Test func crostonMatchesAHandComputedSeries() {
        // First demand 3 after 2 periods; then 5 after 3: size 3 + 0.1 (5 - 3) = 3.2, interval
        // 2 + 0.1 (3 - 2) = 2.1, so 3.2 / 2.1 a period.
        let (rate, errors) = Intermittent.run([0, 3, 0, 0, 5], alpha: 0.1, tsb: false)
        #expect(abs(rate - 3.2 / 2.1) < 1e-12)
        #expect(errors.count == 3 && abs(errors[0] + 1.5) < 1e-12, "one-step errors after the first demand")
        // TSB: the demand's probability decays in periods without demand.
        let (tsb, _) = Intermittent.run([0, 3, 0, 0, 0], alpha: 0.5, tsb: true)
        let expected: Double = 0.5 * 0.5 * 0.5 * 0.5 * 3
        #expect(abs(tsb - expected) < 1e-12)
    }

    @Test func anIntermittentSeriesIsForecastAsARateNotASpike() {
        var state: UInt64 = 5
        let series = (0..<48).map { _ -> Double in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let draw = state >> 58
            return draw < 8 ? Double(2 + draw % 3) : 0
        }
        let selection = ForecastSelection(series, horizon: 6, season: 12)
        let mean = series.reduce(0, +) / Double(series.count)
        #expect(selection.forecast.values.allSatisfy { $0 >= 0 && $0 < 3 * mean + 1 })
        #expect(selection.forecast.lower80.allSatisfy { $0 >= 0 }, "counts never go below zero")
    }

    @Test func aTrendIsFollowedAndTheErrorsAreScaled() {
        let series = (0..<36).map { 100 + 3 * Double($0) }
        for method in [Forecaster.ets, .theta] {
            let f = method.forecast(series, horizon: 6, season: 12)
            #expect(abs(f.values[0] - 208) < 3 && f.values[5] > f.values[0], "\(method): \(f.values)")
        }
        #expect(ForecastError.mase(actual: [10, 12], forecast: [10, 12], training: [1, 2, 3, 4], season: 1) == 0)
        #expect(ForecastError.mase(actual: [5], forecast: [4], training: [1, 2, 3, 4], season: 1) == 1)
        let halfOff: Double = 200.0 * 50 / 150 / 2  // one term of 66.7 %, one of 0
        #expect(abs(ForecastError.smape(actual: [100, 0], forecast: [50, 0]) - halfOff) < 1e-12)
    }
}
