/// A vehicle's chance of failing within 30, 60 and 90 days as of a time, with the features
/// that weigh most (`FailureModel`).
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

    /// A model trained as of `t` (where the registry has none in production), asked about
    /// one vehicle.
    ///
    /// - Throws: `PredictError.invalid` for a vehicle not registered by then, or a history
    ///   too short (or without failures) to learn from.
    public static func predict(_ vehicleID: String, in history: FleetHistory, at t: Int64) throws(PredictError)
        -> FailurePrediction
    {
        guard let v = history.vehicles[vehicleID], v.registeredMs < t else {
            throw .invalid("vehicle \(vehicleID) was not registered by then")
        }
        let model = try FailureModel.train(history, at: t)
        guard let prediction = try model.predict(history, at: t, only: [vehicleID]).first else {
            throw .invalid("vehicle \(vehicleID) has no features then")
        }
        return prediction
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
