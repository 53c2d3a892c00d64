import Foundation
import Testing

@testable import Predict

@Suite struct SurvivalTests {
    /// Spans drawn from a Weibull of shape 2 and scale 1,000, cut short at random like exams
    /// cut spans short: the fit finds both within a few per cent.
    @Test func aKnownWeibullIsRecoveredFromCensoredSpans() throws {
        var state: UInt64 = 17
        func unit() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        var durations: [Double] = []
        var failed: [Bool] = []
        for _ in 0..<20_000 {
            let life = 1_000 * pow(-log(unit()), 1 / 2.0)
            let cut = 2_000 * unit()
            durations.append(min(life, cut))
            failed.append(life <= cut)
        }
        let fit = try WeibullSurvival(durations: durations, failed: failed)
        #expect(abs(fit.shape - 2) < 0.08 && abs(fit.scale - 1_000) < 30, "\(fit)")
        // Rising risk: the next 100 km are riskier after 1,000 than after 100.
        #expect(fit.failureProbability(after: 1_000, within: 100) > 3 * fit.failureProbability(after: 100, within: 100))
        let exact = 1 - exp(pow(0.1, 2) - pow(0.2, 2))
        let fixed = try WeibullSurvival(durations: durations, failed: failed)
        #expect(fixed == fit, "deterministic")
        // 1 − exp((100/1000)² − (200/1000)²)
        #expect(
            abs(WeibullSurvival(shape: 2, scale: 1_000).failureProbability(after: 100, within: 100) - exact) < 1e-12)
        #expect(throws: PredictError.self) { try WeibullSurvival(durations: [1, 2], failed: [false, false]) }
        #expect(throws: PredictError.self) { try WeibullSurvival(durations: [0, 2], failed: [true, false]) }
    }
}
