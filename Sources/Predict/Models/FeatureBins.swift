/// Each feature cut into at most 255 bins learned from the training rows, plus one bin for
/// a missing value: trees split on bins, so a split is a scan of a histogram, not a sort.
struct FeatureBins: Sendable, Codable, Equatable {
    enum Kind: Sendable, Codable, Equatable {
        /// Bin i holds values above `thresholds[i - 1]` up to `thresholds[i]`.
        case numeric(thresholds: [Double])
        /// The category names with a bin of their own; any other goes to the bin after them.
        case categorical(levels: [String])
    }
    var kind: Kind

    static let maxBins = 255

    /// Bins for values that are not missing; the missing bin comes after them.
    var valueBins: Int {
        switch kind {
        case .numeric(let thresholds): thresholds.count + 1
        case .categorical(let levels): levels.count + 1
        }
    }
    var missingBin: Int { valueBins }
    var count: Int { valueBins + 1 }
    var isCategorical: Bool { if case .categorical = kind { true } else { false } }

    init(fitting column: FeatureTable.Column, rows: [Int]) {
        switch column {
        case .numeric(let values):
            let seen = rows.map { values[$0] }.filter { !$0.isNaN }.sorted()
            var distinct: [Double] = []
            for v in seen where distinct.last != v { distinct.append(v) }
            if distinct.count <= Self.maxBins {
                kind = .numeric(thresholds: zip(distinct, distinct.dropFirst()).map { ($0 + $1) / 2 })
            } else {
                // Quantiles of the values seen, so that each bin holds about as many rows.
                var thresholds: [Double] = []
                for q in 1..<Self.maxBins {
                    let v = seen[min(seen.count - 1, q * seen.count / Self.maxBins)]
                    if thresholds.last.map({ v > $0 }) ?? true { thresholds.append(v) }
                }
                kind = .numeric(thresholds: thresholds)
            }
        case .categorical(let codes, let levels):
            // The most frequent categories keep a bin of their own; rarer ones share the last.
            var counts: [Int: Int] = [:]
            for r in rows where codes[r] >= 0 { counts[codes[r], default: 0] += 1 }
            let kept = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(Self.maxBins - 1)
            kind = .categorical(levels: kept.map { levels[$0.key] }.sorted())
        }
    }

    /// Each row's bin in a column of any table with the same meaning.
    func bins(of column: FeatureTable.Column) -> [UInt8] {
        switch (kind, column) {
        case (.numeric(let thresholds), .numeric(let values)):
            return values.map { v in
                if v.isNaN { return UInt8(missingBin) }
                // The first threshold not below v: values equal to a threshold go left.
                var low = 0
                var high = thresholds.count
                while low < high {
                    let mid = (low + high) / 2
                    if thresholds[mid] < v { low = mid + 1 } else { high = mid }
                }
                return UInt8(low)
            }
        case (.categorical(let kept), .categorical(let codes, let levels)):
            let binOfLevel = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($1, $0) })
            let binOfCode = levels.map { binOfLevel[$0] ?? kept.count }
            return codes.map { UInt8($0 < 0 ? missingBin : binOfCode[$0]) }
        default:
            // A column of another kind than at training: every value counts as missing.
            return [UInt8](repeating: UInt8(missingBin), count: column.count)
        }
    }
}
