import Domain
import Testing

@testable import Predict

@Suite struct AnomalyTests {
    static let day: Int64 = 86_400_000

    /// Twenty vehicles reading about 500 km a day; one reads backwards once, one jumps.
    static func fleet() -> FleetHistory {
        var history = FleetHistory()
        for i in 0..<20 {
            var v = FleetHistory.Vehicle(id: "V\(i)")
            v.vehicleClass = "Class 1"
            v.registeredMs = 0
            v.readings = (0..<30).map { d in FleetHistory.Reading(ms: Int64(d) * day, km: d * (480 + 2 * i)) }
            if i == 3 { v.readings[10].km -= 1_000 }  // a typo below the day before
            if i == 7 { v.readings[20].km += 9_000 }  // a jump, then back to normal
            if i == 9 {
                v.defects = (0..<12).map { .init(ms: Int64(400 + $0) * day, system: "doors", severity: .major) }
            }
            if i % 4 == 0 { v.defects = [.init(ms: 420 * day, system: "brakes", severity: .major)] }
            history.insertForTests(v)
        }
        return history
    }

    @Test func robustScoresFindTheOddReadingsAndTheBadActor() {
        #expect(AnomalyDetector.modifiedZ([1, 1, 1]) == nil, "no spread, no scores")
        let z = AnomalyDetector.modifiedZ([10, 11, 9, 10, 100]) ?? []
        #expect(z.last ?? 0 > 3.5 && z.dropLast().allSatisfy { abs($0) < 3.5 })
        let found = AnomalyDetector.odometer(Self.fleet(), before: 40 * Self.day)
        // The typo falls 514 km below the day before (9 × 486), then the next day jumps back;
        // the jump rises 9,000 km too far, then falls back.
        let backwards = found.filter { $0.kind == .odometerBackwards }
        #expect(backwards.map(\.vehicle) == ["V3", "V7"] && backwards.first?.score == 514, "\(backwards)")
        let jumps = found.filter { $0.kind == .odometerJump }
        #expect(jumps.map(\.vehicle) == ["V3", "V7"] && jumps.map(\.ms) == [11 * Self.day, 20 * Self.day], "\(jumps)")
        // As of before the jump, nothing about it is known.
        #expect(!AnomalyDetector.odometer(Self.fleet(), before: 20 * Self.day).contains { $0.vehicle == "V7" })
        let rates = AnomalyDetector.failureRates(Self.fleet(), at: 500 * Self.day)
        #expect(rates.map(\.vehicle) == ["V9"] && rates.first?.value == 12, "\(rates)")
        // Zero-inflated counts: the mean absolute deviation stands in for a MAD of 0.
        let counts = AnomalyDetector.modifiedZ([0, 0, 0, 1, 12]) ?? []
        #expect(abs(counts[4] - 12 / (1.253314 * 13 / 5)) < 1e-9)
    }

    /// Vehicles reading every day for 450 days at their own steady rate, one parked for the
    /// last 30 days and one worked at three times its rate: both stand out, nobody else.
    @Test func aVehicleParkedOrOverworkedStandsOutAgainstItsOwnYear() {
        var history = FleetHistory()
        for i in 0..<20 {
            var v = FleetHistory.Vehicle(id: "U\(i)")
            v.vehicleClass = "Class 1"
            v.registeredMs = 0
            var km = 0
            v.readings = (0..<450).map { d in
                let rate = 300 + 20 * i
                km += d >= 420 && i == 4 ? 0 : (d >= 420 && i == 11 ? 3 * rate : rate + (d % 3) * 10)
                return FleetHistory.Reading(ms: Int64(d) * Self.day, km: km)
            }
            history.insertForTests(v)
        }
        let at = 450 * Self.day
        let model = AnomalyModel.train(history, at: at)
        let found = model.usageShifts(history, at: at)
        #expect(found.map(\.vehicle).sorted() == ["U11", "U4"], "\(found)")
        #expect(found.first { $0.vehicle == "U4" }?.value == 0, "the parked one's recent rate")
        #expect(model.detect(history, at: at).filter { $0.kind == .usageShift }.count == 2)
        // A month earlier, before either began, nothing stands out.
        #expect(model.usageShifts(history, at: 420 * Self.day).isEmpty)
    }
}
