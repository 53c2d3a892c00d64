/// The failure classifiers tried as they would have been used: for each of the last few
/// periods, fitted on the vehicles' samples whose outcome was known before the period began,
/// scored on the period's samples; the periods' predictions pooled, per horizon, beside two
/// baselines ("nobody fails": the training rate for everyone; "age and km only").
public struct FailureBacktest: Sendable, Encodable {
    public struct Score: Sendable, Encodable {
        public var model: String
        public var horizon: Int
        public var metrics: ClassificationMetrics
        public var calibration: Calibration
    }
    public var folds: Int
    public var trainingRows: [Int]
    public var testRows: Int
    public var scores: [Score]

    /// The baselines and the plain classifiers; the failure models asked for follow them.
    public static let models = ["nobody-fails", "age-and-km", "weibull", "logistic-regression", "boosted-trees"]
    static let dayMs: Int64 = 86_400_000

    /// - Parameters:
    ///   - history: the fleet's history.
    ///   - end: the time of its last event: outcomes are known up to it.
    ///   - folds: how many test periods, the latest last.
    ///   - foldDays: each test period's length.
    ///   - stepDays: days between two looks at each vehicle.
    ///   - failureModels: `FailureModel` configurations to score on the same periods, by
    ///     name (calibrated trees, as the registry trains them).
    /// - Returns: the pooled scores per model and horizon.
    /// - Throws: `PredictError.invalid` when the history is too short for the folds, or a
    ///   training part lacks failures or their absence.
    public static func run(
        _ history: FleetHistory, end: Int64, folds: Int = 3, foldDays: Int = 91, stepDays: Int = 14,
        failureModels: [(name: String, options: FailureModel.Options)] = [("failure-model", .init())]
    ) throws(PredictError) -> FailureBacktest {
        let starts = history.vehicles.values.map(\.registeredMs).filter { $0 < .max }
        guard let first = starts.min() else { throw .invalid("the history holds no vehicle") }
        let longest = Int64(FailureDataset.horizons.max() ?? 90)
        let lastTest = end - longest * dayMs
        var times: [Int64] = []
        var t = first + 90 * dayMs
        while t < lastTest {
            times.append(t)
            t += Int64(stepDays) * dayMs
        }
        let firstTest = lastTest - Int64(folds * foldDays) * dayMs
        guard times.contains(where: { $0 < firstTest - longest * dayMs }) else {
            throw .invalid("the history is too short for \(folds) test periods of \(foldDays) days")
        }
        let data = try FailureDataset.make(history, at: times)
        let baseline = try data.table.selecting(["age days", "km"])
        var pooled: [String: [Int: (p: [Double], y: [Double])]] = [:]
        var trainingRows: [Int] = []
        var testRows = 0
        for fold in 0..<folds {
            let from = firstTest + Int64(fold * foldDays) * dayMs
            let until = from + Int64(foldDays) * dayMs
            let test = data.samples.indices.filter { data.samples[$0].ms >= from && data.samples[$0].ms < until }
            testRows += test.count
            // The survival baseline: a Weibull on km since the most frequent exam, fitted to the
            // spans that ended before the period.
            let spans = ExamTiming.spans(history.before(from))
            let wear = try? WeibullSurvival(durations: spans.durations, failed: spans.failed)
            // Each failure model as the registry would have trained it at the period's start,
            // asked at each look in the period.
            var fromModels: [String: [Int: [Double]]] = [:]
            for (name, options) in failureModels {
                let model = try FailureModel.train(history, at: from, options: options)
                var byLook: [Int64: [String: FailurePrediction]] = [:]
                for ms in Set(test.map { data.samples[$0].ms }) {
                    byLook[ms] = Dictionary(
                        uniqueKeysWithValues: try model.predict(history, at: ms, reasons: 0).map { ($0.vehicle, $0) })
                }
                for h in FailureDataset.horizons {
                    fromModels[name, default: [:]][h] = test.map { r in
                        let (vehicle, ms) = data.samples[r]
                        return byLook[ms]?[vehicle]?.horizons.first { $0.days == h }?.probability ?? 0
                    }
                }
            }
            for h in FailureDataset.horizons {
                let y = data.outcomes[h] ?? []
                // Only samples whose whole horizon ended before the period began.
                let train = data.samples.indices.filter { data.samples[$0].ms + Int64(h) * dayMs < from }
                if h == longest { trainingRows.append(train.count) }
                let rate = train.reduce(0) { $0 + y[$1] } / Double(max(1, train.count))
                let trees = try BoostedTrees.fit(data.table, outcomes: y, rows: train)
                var predictions: [String: [Double]] = [
                    "nobody-fails": test.map { _ in rate },
                    "weibull": test.map { r in
                        let (vehicle, ms) = data.samples[r]
                        guard let wear, let v = history.vehicles[vehicle] else { return rate }
                        return ExamTiming.failureProbability(v, in: history, at: ms, within: h, survival: wear) ?? rate
                    },
                    "age-and-km": try LogisticRegression.fit(baseline, outcomes: y, rows: train)
                        .probabilities(baseline, rows: test),
                    "logistic-regression": try LogisticRegression.fit(data.table, outcomes: y, rows: train)
                        .probabilities(data.table, rows: test),
                    "boosted-trees": try trees.probabilities(data.table, rows: test),
                ]
                for (name, byHorizon) in fromModels { predictions[name] = byHorizon[h] }
                for (model, p) in predictions {
                    pooled[model, default: [:]][h, default: ([], [])].p += p
                    pooled[model, default: [:]][h, default: ([], [])].y += test.map { y[$0] }
                }
            }
        }
        let scores = (models + failureModels.map(\.name)).flatMap { model in
            FailureDataset.horizons.map { h in
                let (p, y) = pooled[model]?[h] ?? ([], [])
                return Score(
                    model: model, horizon: h, metrics: ClassificationMetrics(probabilities: p, outcomes: y),
                    calibration: Calibration(probabilities: p, outcomes: y))
            }
        }
        return FailureBacktest(folds: folds, trainingRows: trainingRows, testRows: testRows, scores: scores)
    }
}
