/// How well probabilities of a 0/1 outcome match what happened.
public struct ClassificationMetrics: Sendable, Equatable, Codable {
    public var count: Int
    public var positives: Int
    /// At `threshold`: the share of rows right, and of those called 1 that were (precision),
    /// of the 1s that were called (recall), and their harmonic mean.
    public var threshold: Double
    public var accuracy: Double
    public var precision: Double
    public var recall: Double
    public var f1: Double
    /// The chance that a random 1 scores above a random 0 (ties count half); nil when only
    /// one class is present.
    public var rocAUC: Double?
    /// Average precision: precision averaged over the recall gained at each threshold.
    public var prAUC: Double?
    /// The mean squared difference between probability and outcome.
    public var brier: Double

    /// - Precondition: as many probabilities as outcomes, each outcome 0 or 1.
    public init(probabilities p: [Double], outcomes y: [Double], threshold: Double = 0.5) {
        precondition(p.count == y.count, "one probability per outcome")
        count = y.count
        positives = y.reduce(0) { $0 + ($1 == 1 ? 1 : 0) }
        self.threshold = threshold
        var tp = 0
        var fp = 0
        var squares = 0.0
        for (probability, outcome) in zip(p, y) {
            if probability >= threshold { if outcome == 1 { tp += 1 } else { fp += 1 } }
            squares += (probability - outcome) * (probability - outcome)
        }
        let negatives = count - positives
        accuracy = count == 0 ? 0 : Double(tp + negatives - fp) / Double(count)
        precision = tp + fp == 0 ? 0 : Double(tp) / Double(tp + fp)
        recall = positives == 0 ? 0 : Double(tp) / Double(positives)
        f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        brier = count == 0 ? 0 : squares / Double(count)
        guard positives > 0, negatives > 0 else {
            rocAUC = nil
            prAUC = nil
            return
        }
        // Both areas from one pass down the scores, rows of equal score taken together.
        let order = p.indices.sorted { p[$0] > p[$1] }
        var rankSum = 0.0  // sum over positives of the number of negatives scored below
        var seenNegatives = 0
        var seenPositives = 0
        var averagePrecision = 0.0
        var i = 0
        while i < order.count {
            var j = i
            var groupPositives = 0
            var groupNegatives = 0
            while j < order.count, p[order[j]] == p[order[i]] {
                if y[order[j]] == 1 { groupPositives += 1 } else { groupNegatives += 1 }
                j += 1
            }
            // Positives in the group beat the negatives below it and tie with those beside them.
            let below = negatives - seenNegatives - groupNegatives
            rankSum += Double(groupPositives) * (Double(below) + Double(groupNegatives) / 2)
            seenPositives += groupPositives
            seenNegatives += groupNegatives
            if groupPositives > 0 {
                let precisionHere = Double(seenPositives) / Double(seenPositives + seenNegatives)
                averagePrecision += Double(groupPositives) / Double(positives) * precisionHere
            }
            i = j
        }
        rocAUC = rankSum / (Double(positives) * Double(negatives))
        prAUC = averagePrecision
    }
}
