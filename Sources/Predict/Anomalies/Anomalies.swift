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
        guard !values.isEmpty else { return nil }
        let median = Self.median(values)
        let deviations = values.map { abs($0 - median) }
        let mad = Self.median(deviations)
        if mad > 0 { return values.map { 0.6745 * ($0 - median) / mad } }
        let meanAD = deviations.reduce(0, +) / Double(values.count)
        guard meanAD > 0 else { return nil }
        return values.map { ($0 - median) / (1.253314 * meanAD) }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
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
        var found: [Anomaly] = []
        var rates: [(vehicle: String, ms: Int64, rate: Double)] = []
        for id in history.vehicles.keys.sorted() {
            guard let v = history.vehicles[id] else { continue }
            let readings = v.readings.filter { $0.ms < before }.sorted { ($0.ms, $0.km) < ($1.ms, $1.km) }
            for (previous, reading) in zip(readings, readings.dropFirst()) {
                if reading.km < previous.km {
                    found.append(
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
        if let z = modifiedZ(rates.map(\.rate)) {
            for (r, score) in zip(rates, z) where score > threshold {
                found.append(Anomaly(vehicle: r.vehicle, kind: .odometerJump, ms: r.ms, value: r.rate, score: score))
            }
        }
        return found.sorted { ($0.vehicle, $0.ms) < ($1.vehicle, $1.ms) }
    }

    /// Vehicles whose failures over the year before `at` stand out within their class.
    public static func failureRates(_ history: FleetHistory, at: Int64, threshold: Double = 3.5) -> [Anomaly] {
        let yearAgo = at - 365 * 86_400_000
        var byClass: [String: [(String, Double)]] = [:]
        for (id, v) in history.vehicles where v.registeredMs < yearAgo {
            let failures = v.defects.filter { $0.isFailure && $0.ms >= yearAgo && $0.ms < at }.count
            byClass[v.vehicleClass, default: []].append((id, Double(failures)))
        }
        var found: [Anomaly] = []
        for (_, members) in byClass where members.count >= 5 {
            guard let z = modifiedZ(members.map(\.1)) else { continue }
            for ((id, rate), score) in zip(members, z) where score > threshold {
                found.append(Anomaly(vehicle: id, kind: .failureRate, ms: at, value: rate, score: score))
            }
        }
        return found.sorted { $0.vehicle < $1.vehicle }
    }
}
