/// A vehicle's chance of failing within 30, 60 and 90 days as of a time, with the features
/// that weigh most: boosted trees fitted on the fleet's samples whose outcome was known by
/// then, every 14 days of the history before it.
public struct FailurePrediction: Sendable, Codable {
    public struct Horizon: Sendable, Codable {
        public var days: Int
        public var probability: Double
        /// The features that moved this vehicle's score most (their log-odds).
        public var reasons: [Reason]
    }
    public struct Reason: Sendable, Codable {
        public var feature: String
        public var value: String
        public var contribution: Double
    }
    public var vehicle: String
    public var atMs: Int64
    public var horizons: [Horizon]
    public var trainingSamples: Int

    static let dayMs: Int64 = 86_400_000

    /// - Throws: `PredictError.invalid` for a vehicle not registered by then, or a history
    ///   too short (or without failures) to learn from.
    public static func predict(_ vehicleID: String, in history: FleetHistory, at t: Int64) throws(PredictError)
        -> FailurePrediction
    {
        guard let v = history.vehicles[vehicleID], v.registeredMs < t else {
            throw .invalid("vehicle \(vehicleID) was not registered by then")
        }
        let starts = history.vehicles.values.map(\.registeredMs).filter { $0 < t }
        guard let first = starts.min() else { throw .invalid("no vehicle was registered by then") }
        // One data set for every horizon: each learns from the samples whose horizon ended by t.
        let shortest = Int64(FailureDataset.horizons.min() ?? 30)
        let times = Array(stride(from: first + 90 * dayMs, to: t - shortest * dayMs, by: Int(14 * dayMs)))
        let data = try FailureDataset.make(history, at: times + [t])
        guard let row = data.samples.indices.first(where: { data.samples[$0] == (vehicleID, t) }) else {
            throw .invalid("vehicle \(vehicleID) has no features then")
        }
        var horizons: [Horizon] = []
        var samples = 0
        for h in FailureDataset.horizons {
            let training = data.samples.indices.filter { data.samples[$0].ms < t - Int64(h) * dayMs }
            guard !training.isEmpty else { throw .invalid("the history before then is too short to learn from") }
            let trees = try BoostedTrees.fit(data.table, outcomes: data.outcomes[h] ?? [], rows: training)
            let probability = try trees.probabilities(data.table, rows: [row])[0]
            let explanation = try trees.explain(data.table, rows: [row])[0]
            let reasons = explanation.top(3).map { name, contribution in
                Reason(feature: name, value: data.table.text(row: row, column: name), contribution: contribution)
            }
            horizons.append(Horizon(days: h, probability: probability, reasons: reasons))
            samples = max(samples, training.count)
        }
        return FailurePrediction(vehicle: vehicleID, atMs: t, horizons: horizons, trainingSamples: samples)
    }
}

extension FeatureTable {
    /// A cell as people read it: a number (to two decimals when not whole), a category's
    /// name, or `missing`.
    func text(row: Int, column name: String) -> String {
        guard let c = names.firstIndex(of: name) else { return "missing" }
        switch columns[c] {
        case .numeric(let values):
            let v = values[row]
            if v.isNaN { return "missing" }
            return v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String((v * 100).rounded() / 100)
        case .categorical(let codes, let levels):
            return codes[row] >= 0 ? levels[codes[row]] : "missing"
        }
    }
}
