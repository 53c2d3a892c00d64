import Foundation

/// Why the trees score a row as they do: each feature's share of the log-odds, by path
/// contributions (Saabas): along the row's path in each tree, the change in the expected
/// output at each split is credited to the split's feature. The shares and the trees'
/// expected output add up to the row's log-odds exactly.
public struct Explanation: Sendable, Equatable, Codable {
    /// The log-odds expected before any feature is known (the training rows' average path).
    public var bias: Double
    /// Per feature, in the model's column order.
    public var contributions: [Double]
    public var names: [String]

    /// The features that moved the score most, largest effect first.
    public func top(_ k: Int) -> [(name: String, contribution: Double)] {
        zip(names, contributions).filter { $0.1 != 0 }.sorted { abs($0.1) > abs($1.1) }.prefix(k).map { ($0, $1) }
    }
}

extension BoostedTrees {
    /// Each node's expected output: its leaves' values weighted by their training rows.
    static func expectations(_ tree: [Node]) -> [Double] {
        var expected = [Double](repeating: 0, count: tree.count)
        func visit(_ n: Int) -> Double {
            let node = tree[n]
            if node.feature < 0 {
                expected[n] = node.value
            } else {
                let (l, r) = (visit(node.left), visit(node.right))
                let (nl, nr) = (Double(tree[node.left].count), Double(tree[node.right].count))
                expected[n] = nl + nr > 0 ? (l * nl + r * nr) / (nl + nr) : 0
            }
            return expected[n]
        }
        _ = visit(0)
        return expected
    }

    /// The explanation of each row's score.
    ///
    /// - Throws: `PredictError.invalid` when the table lacks a column the model was fitted on.
    public func explain(_ table: FeatureTable, rows: [Int]) throws(PredictError) -> [Explanation] {
        let binned = try binned(table)
        let expected = trees.map(Self.expectations)
        let bias = base + expected.reduce(0) { $0 + $1[0] }
        return rows.map { r in
            var contributions = [Double](repeating: 0, count: names.count)
            for (tree, expectation) in zip(trees, expected) {
                var n = 0
                while tree[n].feature >= 0 {
                    let next = tree[n].goesLeft[Int(binned[tree[n].feature][r])] ? tree[n].left : tree[n].right
                    contributions[tree[n].feature] += expectation[next] - expectation[n]
                    n = next
                }
            }
            return Explanation(bias: bias, contributions: contributions, names: names)
        }
    }
}
