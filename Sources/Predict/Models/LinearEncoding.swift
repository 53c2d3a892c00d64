/// How a linear model sees a row: numbers centred and scaled by the training rows (a
/// missing number counts as the mean), each of the `maxLevels` most frequent categories seen
/// in training as its own 0/1 column (any other is all zeros: an id column of 10,000 values
/// would otherwise make the Newton step a 10,000² system).
struct LinearEncoding: Sendable, Codable, Equatable {
    static let maxLevels = 50

    enum Part: Sendable, Codable, Equatable {
        case number(column: Int, mean: Double, scale: Double)
        case level(column: Int, code: Int)
    }
    var parts: [Part]

    var width: Int { parts.count }

    init(fitting table: FeatureTable, rows: [Int]) {
        var parts: [Part] = []
        for (c, column) in table.columns.enumerated() {
            switch column {
            case .numeric(let values):
                var sum = 0.0
                var squares = 0.0
                var n = 0.0
                for r in rows where !values[r].isNaN {
                    sum += values[r]
                    n += 1
                }
                let mean = n > 0 ? sum / n : 0
                for r in rows where !values[r].isNaN { squares += (values[r] - mean) * (values[r] - mean) }
                let sd = n > 1 ? (squares / n).squareRoot() : 0
                parts.append(.number(column: c, mean: mean, scale: sd > 0 ? sd : 1))
            case .categorical(let codes, _):
                var counts: [Int: Int] = [:]
                for r in rows where codes[r] >= 0 { counts[codes[r], default: 0] += 1 }
                let kept = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(Self.maxLevels)
                for code in kept.map(\.key).sorted() { parts.append(.level(column: c, code: code)) }
            }
        }
        self.parts = parts
    }

    /// Row `r` of the table as the model's inputs.
    func encode(_ table: FeatureTable, row r: Int, into x: inout [Double]) {
        for (i, part) in parts.enumerated() {
            switch part {
            case .number(let c, let mean, let scale):
                guard case .numeric(let values) = table.columns[c] else {
                    x[i] = 0
                    continue
                }
                x[i] = values[r].isNaN ? 0 : (values[r] - mean) / scale
            case .level(let c, let code):
                guard case .categorical(let codes, _) = table.columns[c] else {
                    x[i] = 0
                    continue
                }
                x[i] = codes[r] == code ? 1 : 0
            }
        }
    }
}
