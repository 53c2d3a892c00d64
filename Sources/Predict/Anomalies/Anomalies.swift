import Foundation

/// What looks wrong in the fleet's history, by robust statistics (medians and median
/// absolute deviations, which a few wild values cannot drag along as they drag a mean).
public struct Anomaly: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// A reading below an earlier one: a typo, a swapped odometer, or a lying peer.
        case odometerBackwards = "odometer-backwards"
        /// More km a day between two readings than the fleet's usage explains.
        case odometerJump = "odometer-jump"
        /// A vehicle failing far more often than others of its class.
        case failureRate = "failure-rate"
        /// A vehicle running far more or far less over the last 30 days than over its year
        /// before, beyond how the fleet's usage shifts: parked unnoticed, or worked too hard.
        case usageShift = "usage-shift"
    }
    public var vehicle: String
    public var kind: Kind
    /// When it was seen (the later reading's time; the end of the window for rates).
    public var ms: Int64
    /// The value in question (km, km a day, failures a year) and how far out it lies (a
    /// modified z-score; for a reading backwards, the km lost).
    public var value: Double
    public var score: Double
}

public enum AnomalyDetector {
    /// Iglewicz and Hoaglin's modified z-scores: 0.6745 (x − median) / MAD; above 3.5 is an
    /// outlier. Where more than half the values are equal (MAD 0, as with counts of rare
    /// failures), the mean absolute deviation stands in: (x − median) / (1.2533 MeanAD).
    /// nil where the values do not vary at all.
    public static func modifiedZ(_ values: [Double]) -> [Double]? {
        Reference(values).map { r in values.map(r.z) }
    }

    /// A centre and a spread learnt from values, to score others against.
    public struct Reference: Sendable, Codable, Equatable {
        public var median: Double
        /// MAD / 0.6745, or 1.2533 MeanAD where the MAD is 0.
        public var scale: Double

        /// nil where the values do not vary at all.
        public init?(_ values: [Double]) {
            guard !values.isEmpty else { return nil }
            let median = AnomalyDetector.median(values)
            let deviations = values.map { abs($0 - median) }
            let mad = AnomalyDetector.median(deviations)
            let meanAD = deviations.reduce(0, +) / Double(values.count)
            guard mad > 0 || meanAD > 0 else { return nil }
            self.median = median
            self.scale = mad > 0 ? mad / 0.6745 : 1.253314 * meanAD
        }

        public func z(_ x: Double) -> Double { (x - median) / scale }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// Every km-a-day rate between two successive readings before `before`, and each reading
    /// below the one before it.
    static func readings(_ history: FleetHistory, before: Int64) -> (
        backwards: [Anomaly], rates: [(vehicle: String, ms: Int64, rate: Double)]
    ) {
        var backwards: [Anomaly] = []
        var rates: [(vehicle: String, ms: Int64, rate: Double)] = []
        for id in history.vehicles.keys.sorted() {
            guard let v = history.vehicles[id] else { continue }
            let readings = v.readings.filter { $0.ms < before }.sorted { ($0.ms, $0.km) < ($1.ms, $1.km) }
            for (previous, reading) in zip(readings, readings.dropFirst()) {
                if reading.km < previous.km {
                    backwards.append(
                        Anomaly(
                            vehicle: id, kind: .odometerBackwards, ms: reading.ms, value: Double(reading.km),
                            score: Double(previous.km - reading.km)))
                }
                let days = Double(reading.ms - previous.ms) / 86_400_000
                if days >= 0.5, reading.km >= previous.km {
                    rates.append((id, reading.ms, Double(reading.km - previous.km) / days))
                }
            }
        }
        return (backwards, rates)
    }

    /// Each vehicle's usage shift at `at`: the log of its km a day over the last 30 days
    /// (plus 1) over that of the 365 days before (plus 1); vehicles with readings in both.
    static func usageShifts(_ history: FleetHistory, at: Int64) -> [(vehicle: String, shift: Double, rate: Double)] {
        let day: Int64 = 86_400_000
        return history.vehicles.keys.sorted().compactMap { id in
            guard let v = history.vehicles[id], v.registeredMs < at - 395 * day else { return nil }
            func km(_ ms: Int64) -> Int? { v.readings.filter { $0.ms < ms }.map(\.km).max() }
            guard let now = km(at), let monthAgo = km(at - 30 * day), let yearBefore = km(at - 395 * day) else {
                return nil
            }
            let recent = Double(now - monthAgo) / 30
            let before = Double(monthAgo - yearBefore) / 365
            return (id, log((recent + 1) / (before + 1)), recent)
        }
    }

    /// Each vehicle registered a year before `at`, by class, with its failures in that year.
    static func yearlyFailures(_ history: FleetHistory, at: Int64) -> [String: [(vehicle: String, failures: Double)]] {
        let yearAgo = at - 365 * 86_400_000
        var byClass: [String: [(vehicle: String, failures: Double)]] = [:]
        for id in history.vehicles.keys.sorted() {
            guard let v = history.vehicles[id], v.registeredMs < yearAgo else { continue }
            let failures = v.defects.filter { $0.isFailure && $0.ms >= yearAgo && $0.ms < at }.count
            byClass[v.vehicleClass, default: []].append((id, Double(failures)))
        }
        return byClass
    }

    /// Readings below the one before, and km-a-day jumps beyond the fleet's usual rates
    /// (a wrong reading shows as both: the jump to it and the fall back from it).
    ///
    /// - Parameters:
    ///   - history: the fleet.
    ///   - before: only what happened before this time is looked at (as-of).
    ///   - threshold: the modified z-score above which a rate is a jump.
    /// - Returns: the anomalies, by vehicle and time.
    public static func odometer(_ history: FleetHistory, before: Int64, threshold: Double = 3.5) -> [Anomaly] {
        AnomalyModel.train(history, at: before, threshold: threshold).odometer(history, before: before)
    }

    /// Vehicles whose failures over the year before `at` stand out within their class.
    public static func failureRates(_ history: FleetHistory, at: Int64, threshold: Double = 3.5) -> [Anomaly] {
        AnomalyModel.train(history, at: at, threshold: threshold).failureRates(history, at: at)
    }
}

/// The anomaly model as the registry keeps it: the fleet's usual km-a-day rate between
/// readings and each class's usual failures a year, learnt from a training window; later
/// values are scored against them (modified z-scores, above `threshold` is an anomaly).
public struct AnomalyModel: Sendable, Codable, Equatable {
    public var threshold: Double
    public var usage: AnomalyDetector.Reference?
    /// Per class with at least 5 vehicles a year old.
    public var failureRates: [String: AnomalyDetector.Reference]
    /// The fleet's usage shifts (`AnomalyDetector.usageShifts`); nil for older models.
    public var usageShift: AnomalyDetector.Reference?

    public static let algorithm = "modified-z"

    /// - Parameters:
    ///   - history: what is known; only events before `t` are read.
    ///   - t: the end of the training window.
    ///   - threshold: the score above which a value is an anomaly.
    /// - Returns: the references.
    public static func train(_ history: FleetHistory, at t: Int64, threshold: Double = 3.5) -> AnomalyModel {
        let rates = AnomalyDetector.readings(history, before: t).rates.map(\.rate)
        var byClass: [String: AnomalyDetector.Reference] = [:]
        for (cls, members) in AnomalyDetector.yearlyFailures(history, at: t) where members.count >= 5 {
            byClass[cls] = AnomalyDetector.Reference(members.map(\.failures))
        }
        return AnomalyModel(
            threshold: threshold, usage: AnomalyDetector.Reference(rates), failureRates: byClass,
            usageShift: AnomalyDetector.Reference(AnomalyDetector.usageShifts(history, at: t).map(\.shift)))
    }

    /// Everything that stands out as of `t`: odometer anomalies, failure rates, usage shifts.
    public func detect(_ history: FleetHistory, at t: Int64) -> [Anomaly] {
        odometer(history, before: t) + failureRates(history, at: t) + usageShifts(history, at: t)
    }

    /// Vehicles whose last 30 days' usage departs from their own year before, in either
    /// direction, beyond the fleet's usual shift; the value is the recent km a day.
    public func usageShifts(_ history: FleetHistory, at t: Int64) -> [Anomaly] {
        guard let usageShift else { return [] }
        return AnomalyDetector.usageShifts(history, at: t).compactMap { v in
            let z = usageShift.z(v.shift)
            return abs(z) > threshold
                ? Anomaly(vehicle: v.vehicle, kind: .usageShift, ms: t, value: v.rate, score: abs(z)) : nil
        }
    }

    public func odometer(_ history: FleetHistory, before: Int64) -> [Anomaly] {
        let (backwards, rates) = AnomalyDetector.readings(history, before: before)
        var found = backwards
        if let usage {
            for r in rates where usage.z(r.rate) > threshold {
                found.append(
                    Anomaly(vehicle: r.vehicle, kind: .odometerJump, ms: r.ms, value: r.rate, score: usage.z(r.rate)))
            }
        }
        return found.sorted { ($0.vehicle, $0.ms) < ($1.vehicle, $1.ms) }
    }

    public func failureRates(_ history: FleetHistory, at: Int64) -> [Anomaly] {
        var found: [Anomaly] = []
        for (cls, members) in AnomalyDetector.yearlyFailures(history, at: at) {
            guard let reference = failureRates[cls] else { continue }
            for m in members where reference.z(m.failures) > threshold {
                found.append(
                    Anomaly(
                        vehicle: m.vehicle, kind: .failureRate, ms: at, value: m.failures,
                        score: reference.z(m.failures)))
            }
        }
        return found.sorted { $0.vehicle < $1.vehicle }
    }
}
