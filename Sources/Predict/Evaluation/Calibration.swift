/// How far predicted probabilities are from the rates that followed: rows grouped into ten
/// bins of predicted probability, each bin's mean prediction beside its observed rate.
public struct Calibration: Sendable, Equatable, Codable {
    public struct Bin: Sendable, Equatable, Codable {
        public var from: Double
        public var to: Double
        public var count: Int
        public var meanPredicted: Double
        public var observedRate: Double
    }
    public var bins: [Bin]
    /// Expected calibration error: the bins' gaps weighted by their share of the rows.
    public var expectedError: Double

    public init(probabilities p: [Double], outcomes y: [Double], bins count: Int = 10) {
        var sums = [(n: Int, p: Double, y: Double)](repeating: (0, 0, 0), count: count)
        for (probability, outcome) in zip(p, y) {
            let b = min(count - 1, max(0, Int(probability * Double(count))))
            sums[b].n += 1
            sums[b].p += probability
            sums[b].y += outcome
        }
        bins = sums.enumerated().compactMap { b, s in
            s.n == 0
                ? nil
                : Bin(
                    from: Double(b) / Double(count), to: Double(b + 1) / Double(count), count: s.n,
                    meanPredicted: s.p / Double(s.n), observedRate: s.y / Double(s.n))
        }
        let total = max(1, p.count)
        expectedError = bins.reduce(0) {
            $0 + Double($1.count) / Double(total) * abs($1.meanPredicted - $1.observedRate)
        }
    }
}
