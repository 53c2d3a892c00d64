/// A fitted classifier: the probability of a 1 for rows of a table.
public protocol ProbabilityModel: Sendable {
    func probabilities(_ table: FeatureTable, rows: [Int]) throws(PredictError) -> [Double]
}

extension LogisticRegression: ProbabilityModel {}
extension BoostedTrees: ProbabilityModel {}
