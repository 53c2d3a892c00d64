/// Rows for the failure models: every vehicle at each sample time, its features as of then
/// and whether it failed within each horizon after.
public struct FailureDataset: Sendable {
    public var table: FeatureTable
    /// Per horizon in days: 0 or 1 per row.
    public var outcomes: [Int: [Double]]
    /// The vehicle and time of each row.
    public var samples: [(vehicle: String, ms: Int64)]

    public static let horizons = [30, 60, 90]

    /// - Parameters:
    ///   - history: the fleet's history.
    ///   - times: when to look at each vehicle (registered vehicles only).
    ///   - features: the columns; by default those of every exam level and system seen.
    /// - Returns: a row per vehicle registered at each time.
    /// - Throws: `PredictError.invalid` when no vehicle was registered at any of the times.
    public static func make(_ history: FleetHistory, at times: [Int64], features: VehicleFeatures? = nil)
        throws(PredictError) -> FailureDataset
    {
        let features = features ?? VehicleFeatures(levels: history.levels, systems: history.systems)
        var numbers = [[Double]](repeating: [], count: features.numberNames.count)
        var categories = [[String]](repeating: [], count: VehicleFeatures.categoryNames.count)
        var outcomes: [Int: [Double]] = [:]
        var samples: [(vehicle: String, ms: Int64)] = []
        for t in times {
            for id in history.vehicles.keys.sorted() {
                guard let vehicle = history.vehicles[id], let row = features.values(of: vehicle, in: history, at: t)
                else {
                    continue
                }
                for (c, value) in row.numbers.enumerated() { numbers[c].append(value) }
                for (c, value) in row.categories.enumerated() { categories[c].append(value) }
                for h in horizons {
                    outcomes[h, default: []].append(VehicleFeatures.fails(vehicle, after: t, within: h) ? 1 : 0)
                }
                samples.append((id, t))
            }
        }
        guard !samples.isEmpty else { throw .invalid("no vehicle was registered at the times asked for") }
        let columns: [FeatureTable.Column] =
            numbers.map { .numeric($0) } + categories.map { FeatureTable.categorical($0) }
        let table = try FeatureTable(names: features.numberNames + VehicleFeatures.categoryNames, columns: columns)
        return FailureDataset(table: table, outcomes: outcomes, samples: samples)
    }
}
