/// The failure classifiers fitted on the first rows of a data set and scored on the last:
/// an honest estimate of how they will do on rows they have not seen, later in time.
public struct HoldoutEvaluation: Sendable, Encodable {
    public struct ModelScore: Sendable, Codable {
        public var model: String
        public var metrics: ClassificationMetrics
        /// The model's score on the last part of the training rows, fitted on the rest:
        /// what the choice of the best model looked at.
        public var validationRocAUC: Double?
    }

    public var trainingRows: Int
    public var testRows: Int
    public var models: [ModelScore]
    /// The model chosen on the training rows only (its validation score), never on the test.
    public var chosen: String
    /// Rows of the test part, as indices into the data, with their outcome and the chosen
    /// model's probability.
    public var predictions: [Prediction]

    public struct Prediction: Sendable, Equatable {
        public var row: Int
        public var outcome: Double
        public var probability: Double
    }

    enum CodingKeys: CodingKey { case trainingRows, testRows, models, chosen }

    public static let modelNames = ["logistic-regression", "boosted-trees"]

    /// - Parameters:
    ///   - table: the features.
    ///   - outcomes: 0 or 1 per row.
    ///   - order: the rows from first to last in time (or file order).
    ///   - testFraction: the share of the last rows held out for the test.
    /// - Returns: each model's scores on the test rows, the chosen model and its predictions.
    /// - Throws: `PredictError.invalid` when either part lacks one of the classes or the
    ///   fraction leaves a part empty.
    public static func run(
        _ table: FeatureTable, outcomes: [Double], order: [Int], testFraction: Double
    ) throws(PredictError) -> HoldoutEvaluation {
        guard testFraction > 0, testFraction < 1 else {
            throw .invalid("the test fraction must lie between 0 and 1, got \(testFraction)")
        }
        let testCount = Int((Double(order.count) * testFraction).rounded())
        guard testCount >= 1, testCount < order.count else {
            throw .invalid("a test fraction of \(testFraction) of \(order.count) rows leaves a part empty")
        }
        let training = Array(order.prefix(order.count - testCount))
        let test = Array(order.suffix(testCount))
        // The choice: each model fitted on the first 80 % of the training rows, scored on the rest.
        let inner = Array(training.prefix(training.count * 4 / 5))
        let validation = Array(training.suffix(training.count - inner.count))
        var models: [ModelScore] = []
        var chosen = modelNames[0]
        var bestValidation = -Double.infinity
        var chosenProbabilities: [Double] = []
        for name in modelNames {
            // A model that cannot be fitted on the inner rows (one class there) is not chosen.
            let validationAUC = (try? fit(name, table, outcomes, inner).probabilities(table, rows: validation))
                .flatMap { ClassificationMetrics(probabilities: $0, outcomes: validation.map { outcomes[$0] }).rocAUC }
            let probabilities = try fit(name, table, outcomes, training).probabilities(table, rows: test)
            let metrics = ClassificationMetrics(probabilities: probabilities, outcomes: test.map { outcomes[$0] })
            models.append(ModelScore(model: name, metrics: metrics, validationRocAUC: validationAUC))
            if let score = validationAUC, score > bestValidation {
                bestValidation = score
                chosen = name
                chosenProbabilities = probabilities
            } else if chosenProbabilities.isEmpty {
                chosenProbabilities = probabilities
            }
        }
        return HoldoutEvaluation(
            trainingRows: training.count, testRows: test.count, models: models, chosen: chosen,
            predictions: zip(test, chosenProbabilities).map {
                Prediction(row: $0, outcome: outcomes[$0], probability: $1)
            })
    }

    static func fit(_ name: String, _ table: FeatureTable, _ outcomes: [Double], _ rows: [Int]) throws(PredictError)
        -> any ProbabilityModel
    {
        name == "logistic-regression"
            ? try LogisticRegression.fit(table, outcomes: outcomes, rows: rows)
            : try BoostedTrees.fit(table, outcomes: outcomes, rows: rows)
    }
}
