/// A score mapped to a probability by the non-decreasing step function closest (in squared
/// error) to the outcomes that followed it: pool-adjacent-violators. Fitted on a later slice
/// of the history than the model it calibrates, so that it sees the model's errors there.
public struct IsotonicCalibration: Sendable, Codable, Equatable {
    /// The blocks' lowest scores, ascending, and their probabilities (non-decreasing).
    var starts: [Double]
    var values: [Double]

    /// - Precondition: as many scores as outcomes, at least one.
    public init(scores: [Double], outcomes: [Double]) {
        precondition(scores.count == outcomes.count && !scores.isEmpty, "one outcome per score")
        let order = scores.indices.sorted { (scores[$0], $0) < (scores[$1], $1) }
        // Blocks of equal scores first: a score has one probability.
        var blocks: [(start: Double, sum: Double, count: Double)] = []
        for i in order {
            if let last = blocks.last, last.start == scores[i] {
                blocks[blocks.count - 1].sum += outcomes[i]
                blocks[blocks.count - 1].count += 1
            } else {
                blocks.append((scores[i], outcomes[i], 1))
            }
            // Merge backwards while a block's mean falls below its predecessor's.
            while blocks.count > 1,
                blocks[blocks.count - 2].sum / blocks[blocks.count - 2].count
                    > blocks[blocks.count - 1].sum / blocks[blocks.count - 1].count
            {
                let last = blocks.removeLast()
                blocks[blocks.count - 1].sum += last.sum
                blocks[blocks.count - 1].count += last.count
            }
        }
        starts = blocks.map(\.start)
        values = blocks.map { $0.sum / $0.count }
    }

    /// The calibrated probability of a score: its block's rate (below the first block, the
    /// first block's).
    public func probability(_ score: Double) -> Double {
        var low = 0
        var high = starts.count
        while low < high {
            let mid = (low + high) / 2
            if starts[mid] <= score { low = mid + 1 } else { high = mid }
        }
        return values[max(0, low - 1)]
    }
}
