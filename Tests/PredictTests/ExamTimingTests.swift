import Domain
import Testing

@testable import Predict

@Suite struct ExamTimingTests {
    static let day: Int64 = 86_400_000

    /// Plan A: 10,000 km or 30 days, 10 % overrun. Examined 20 days ago; 300 km a day since.
    static func vehicle() -> (FleetHistory.Vehicle, FleetHistory) {
        var history = FleetHistory()
        history.insertPlanForTests(
            "Class 1", FleetHistory.PlanLevel(level: "A", km: 10_000, days: 30, tolerancePercent: 10, includes: []))
        var v = FleetHistory.Vehicle(id: "V1")
        v.vehicleClass = "Class 1"
        v.registeredMs = 0
        v.readings = (0...100).map { FleetHistory.Reading(ms: Int64($0) * day, km: 300 * $0) }
        v.exams = [FleetHistory.Exam(ms: 80 * day, level: "A", km: 24_000)]
        history.insertForTests(v)
        return (v, history)
    }

    @Test func theRecommendationNeverPassesThePlansLimit() throws {
        let (v, history) = Self.vehicle()
        let t = 100 * Self.day + 1
        let wear = WeibullSurvival(shape: 2, scale: 12_000)
        // The limit: 33 days after the exam (13 from now) before 11,000 km (16 days at 300 a day).
        let never = try #require(ExamTiming.recommend(v, in: history, at: t, survival: wear, threshold: 1.01))
        #expect(never.reason == "plan" && never.day == 100 + 13 && never.limitDay == 100 + 13)
        let now = try #require(ExamTiming.recommend(v, in: history, at: t, survival: wear, threshold: 0))
        #expect(now.reason == "risk" && now.day == 100)
        // In between: the first day whose next 30 days' risk reaches 30 %.
        let risky = try #require(ExamTiming.recommend(v, in: history, at: t, survival: wear, threshold: 0.3))
        let expected = (0...13).first { wear.failureProbability(after: 6_000 + 300 * Double($0), within: 9_000) >= 0.3 }
        #expect(risky.day == 100 + (expected ?? 13) && risky.day <= risky.limitDay)
    }

    @Test func spansEndAtTheFirstFailureOrAreCutShortByTheNextExam() {
        var (v, history) = Self.vehicle()
        v.exams = [
            FleetHistory.Exam(ms: 10 * Self.day, level: "A", km: 3_000),
            FleetHistory.Exam(ms: 40 * Self.day, level: "A", km: 12_000),
            FleetHistory.Exam(ms: 70 * Self.day, level: "A", km: 21_000),
        ]
        v.defects = [FleetHistory.Defect(ms: 50 * Self.day + 1, system: "doors", severity: .critical)]
        history.insertForTests(v)
        let spans = ExamTiming.spans(history)
        #expect(spans.durations == [9_000, 3_000] && spans.failed == [false, true])
    }
}
