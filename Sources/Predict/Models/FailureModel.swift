/// The failure model as the registry keeps it: per horizon, boosted trees fitted on the
/// fleet's samples (every `stepDays`) whose outcome was known before the last third of the
/// training span, and a calibration (`Calibrator`) fitted on that later third, so that the
/// probabilities are honest on data the trees did not see. Training reads nothing at
/// random: the same history and time give the same model on every replica.
public struct FailureModel: Sendable, Codable, Equatable {
    public struct Horizon: Sendable, Codable, Equatable {
        public var days: Int
        public var trees: BoostedTrees
        /// nil where the training span was too short for a calibration slice.
        public var calibration: Calibrator?
    }
    /// The feature columns it was trained with (exam levels and defect systems seen).
    public var levels: [String]
    public var systems: [String]
    public var horizons: [Horizon]
    public var trainingSamples: Int
    public var options: Options

    /// How a failure model is trained: the record's parameters.
    public struct Options: Sendable, Codable, Equatable {
        /// Days between two looks at each vehicle.
        public var stepDays = 14
        /// Smaller trees and slower learning than the library defaults: a fleet's samples are
        /// few and noisy, and the defaults fit the noise (measured on the demo's backtest).
        public var trees = Options.trees
        public static let trees = BoostedTrees.Options(
            iterations: 150, learningRate: 0.05, maxLeaves: 8, minSamplesLeaf: 40, l2: 1)
        public init(stepDays: Int = 14, trees: BoostedTrees.Options = Options.trees) {
            self.stepDays = stepDays
            self.trees = trees
        }

        /// As the registry writes them down, and back.
        public var parameters: [String: String] {
            [
                "stepDays": String(stepDays), "iterations": String(trees.iterations),
                "learningRate": String(trees.learningRate), "maxLeaves": String(trees.maxLeaves),
                "minSamplesLeaf": String(trees.minSamplesLeaf), "l2": String(trees.l2),
            ]
        }

        public init(parameters p: [String: String]) throws(PredictError) {
            func number<T: LosslessStringConvertible>(_ key: String, _ fallback: T) throws(PredictError) -> T {
                guard let text = p[key] else { return fallback }
                guard let value = T(text) else { throw .invalid("parameter \(key) is not a number: \(text)") }
                return value
            }
            let d = Options()
            self.init(
                stepDays: try number("stepDays", d.stepDays),
                trees: BoostedTrees.Options(
                    iterations: try number("iterations", d.trees.iterations),
                    learningRate: try number("learningRate", d.trees.learningRate),
                    maxLeaves: try number("maxLeaves", d.trees.maxLeaves),
                    minSamplesLeaf: try number("minSamplesLeaf", d.trees.minSamplesLeaf),
                    l2: try number("l2", d.trees.l2)))
            guard (1...365).contains(stepDays), (1...2_000).contains(trees.iterations),
                (2...255).contains(trees.maxLeaves),
                trees.learningRate > 0, trees.learningRate <= 1, (1...100_000).contains(trees.minSamplesLeaf),
                trees.l2 >= 0, trees.l2.isFinite
            else {
                throw .invalid(
                    "parameters out of range: step days 1–365, iterations 1–2000, leaves 2–255, learning rate (0, 1], min samples per leaf ≥ 1, l2 ≥ 0"
                )
            }
        }
    }

    static let dayMs: Int64 = 86_400_000
    public static let algorithm = "boosted-trees-calibrated"
    /// Failures and non-failures each that a calibration slice needs.
    static let calibrationMinimum = 10

    /// - Parameters:
    ///   - history: what is known; only events before `t` are read.
    ///   - t: the end of the training window; outcomes are known up to it, or up to the
    ///     latest entry before it where that comes first (`FleetHistory.latestMs`).
    ///   - options: the parameters.
    /// - Returns: the model.
    /// - Throws: `PredictError.invalid` when the history before `t` is too short or holds no
    ///   failure (or nothing but).
    public static func train(_ history: FleetHistory, at t: Int64, options: Options = Options()) throws(PredictError)
        -> FailureModel
    {
        let stepDays = options.stepDays
        let known = history.before(t)
        guard let first = known.vehicles.values.map(\.registeredMs).min(), let latest = known.latestMs else {
            throw .invalid("no vehicle was registered before the end of the training window")
        }
        let t = min(t, latest + 1)
        let shortest = Int64(FailureDataset.horizons.min() ?? 30)
        let times = Array(stride(from: first + 90 * dayMs, to: t - shortest * dayMs, by: Int(Int64(stepDays) * dayMs)))
        guard !times.isEmpty else { throw .invalid("the history before then is too short to learn from") }
        let data = try FailureDataset.make(known, at: times)
        var horizons: [Horizon] = []
        var samples = 0
        for h in FailureDataset.horizons {
            let y = data.outcomes[h] ?? []
            let train = data.samples.indices.filter { data.samples[$0].ms + Int64(h) * dayMs < t }
            guard let spanStart = train.map({ data.samples[$0].ms }).min() else {
                throw .invalid("the history before then is too short to learn from")
            }
            let calibrationStart = t - (t - spanStart) / 3
            let early = train.filter { data.samples[$0].ms + Int64(h) * dayMs < calibrationStart }
            let slice = train.filter { data.samples[$0].ms >= calibrationStart }
            // Too short a history for both (a slice with fewer than 10 failures or 10 without,
            // or one class before it): uncalibrated, on every training sample.
            let failed = slice.reduce(0) { $0 + Int(y[$1]) }
            if min(failed, slice.count - failed) >= Self.calibrationMinimum,
                let trees = try? BoostedTrees.fit(data.table, outcomes: y, rows: early, options: options.trees)
            {
                let calibration = Calibrator(
                    scores: try trees.probabilities(data.table, rows: slice), outcomes: slice.map { y[$0] })
                horizons.append(Horizon(days: h, trees: trees, calibration: calibration))
            } else {
                horizons.append(
                    Horizon(
                        days: h,
                        trees: try BoostedTrees.fit(data.table, outcomes: y, rows: train, options: options.trees),
                        calibration: nil))
            }
            samples = max(samples, train.count)
        }
        return FailureModel(
            levels: known.levels.sorted(), systems: known.systems.sorted(), horizons: horizons,
            trainingSamples: samples,
            options: options)
    }

    /// Every vehicle registered before `t` (or those named), scored as of `t`, riskiest at
    /// 30 days first.
    ///
    /// - Parameters:
    ///   - history: the fleet's history; only events before `t` are read.
    ///   - t: the time to look from.
    ///   - only: the vehicles to score; all when nil.
    ///   - reasons: how many features to give per horizon.
    /// - Returns: one prediction per vehicle.
    /// - Throws: `PredictError.invalid` when none of the vehicles was registered by then.
    public func predict(_ history: FleetHistory, at t: Int64, only: Set<String>? = nil, reasons: Int = 3)
        throws(PredictError) -> [FailurePrediction]
    {
        var subset = history
        if let only { subset.keepVehicles(only) }
        let features = VehicleFeatures(levels: levels, systems: systems)
        let data = try FailureDataset.make(subset, at: [t], features: features)
        let rows = Array(data.samples.indices)
        var byRow = rows.map { r in
            FailurePrediction(vehicle: data.samples[r].vehicle, atMs: t, horizons: [], trainingSamples: trainingSamples)
        }
        for h in horizons {
            let scores = try h.trees.probabilities(data.table, rows: rows)
            let explanations = reasons > 0 ? try h.trees.explain(data.table, rows: rows) : []
            for r in rows {
                let why = (reasons > 0 ? explanations[r].top(reasons) : []).map { name, contribution in
                    FailurePrediction.Reason(
                        feature: name, value: data.table.text(row: r, column: name), contribution: contribution)
                }
                // Never certain: a calibration step of 0 or 1 holds a finite slice's counts. A
                // failure within a longer horizon includes one within a shorter: never less likely.
                let p = max(
                    byRow[r].horizons.last?.probability ?? 0,
                    min(0.999, max(0.001, h.calibration.map { $0.probability(scores[r]) } ?? scores[r])))
                byRow[r].horizons.append(.init(days: h.days, probability: p, reasons: why))
            }
        }
        return byRow.sorted { ($1.risk30, $0.vehicle) < ($0.risk30, $1.vehicle) }
    }
}

extension FailurePrediction {
    /// The chance of failing within the first horizon (30 days).
    public var risk30: Double { horizons.first?.probability ?? 0 }
}
