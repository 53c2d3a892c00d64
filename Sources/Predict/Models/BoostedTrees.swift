import Foundation

/// Gradient-boosted decision trees on binned features (the histogram method of LightGBM and
/// scikit-learn's `HistGradientBoostingClassifier`), for the log loss: each tree fits the
/// gradient of the loss so far, grown best split first up to a number of leaves. Nothing is
/// sampled, so a fit depends only on its rows and options.
public struct BoostedTrees: Sendable, Codable, Equatable {
    public struct Options: Sendable, Codable, Equatable {
        public var iterations = 100
        public var learningRate = 0.1
        public var maxLeaves = 31
        public var minSamplesLeaf = 20
        public var l2 = 0.0
        public init(
            iterations: Int = 100, learningRate: Double = 0.1, maxLeaves: Int = 31, minSamplesLeaf: Int = 20,
            l2: Double = 0
        ) {
            self.iterations = iterations
            self.learningRate = learningRate
            self.maxLeaves = maxLeaves
            self.minSamplesLeaf = minSamplesLeaf
            self.l2 = l2
        }
    }

    /// A node of a tree: a leaf when `feature` is -1.
    struct Node: Sendable, Codable, Equatable {
        var feature: Int
        /// For each bin of the feature, whether a row in it goes to the left child.
        var goesLeft: [Bool]
        var left: Int
        var right: Int
        var value: Double
        /// Training rows that reached it, and the sum of their hessians (for explanations).
        var count: Int
        var cover: Double
    }

    var names: [String]
    var bins: [FeatureBins]
    var base: Double
    var trees: [[Node]]

    /// - Throws: `PredictError.invalid` when there are no rows or only one class.
    public static func fit(
        _ table: FeatureTable, outcomes y: [Double], rows: [Int], options: Options = Options()
    ) throws(PredictError) -> BoostedTrees {
        try requireBothClasses(y, rows)
        let bins = table.columns.map { FeatureBins(fitting: $0, rows: rows) }
        // Binned columns of the training rows only, in row order.
        let binned = zip(bins, table.columns).map { b, column in
            let all = b.bins(of: column)
            return rows.map { all[$0] }
        }
        let labels = rows.map { y[$0] }
        let mean = labels.reduce(0, +) / Double(labels.count)
        let base = log(mean / (1 - mean))
        var raw = [Double](repeating: base, count: rows.count)
        var gradients = [Double](repeating: 0, count: rows.count)
        var hessians = [Double](repeating: 0, count: rows.count)
        var trees: [[Node]] = []
        for _ in 0..<options.iterations {
            for i in 0..<rows.count {
                let p = sigmoid(raw[i])
                gradients[i] = p - labels[i]
                hessians[i] = max(p * (1 - p), 1e-16)
            }
            var grower = TreeGrower(
                binned: binned, bins: bins, gradients: gradients, hessians: hessians, options: options)
            let tree = grower.grow()
            for i in 0..<rows.count { raw[i] += Self.leafValue(tree, binned, i) }
            trees.append(tree)
        }
        return BoostedTrees(names: table.names, bins: bins, base: base, trees: trees)
    }

    static func leafValue(_ tree: [Node], _ binned: [[UInt8]], _ row: Int) -> Double {
        var n = 0
        while tree[n].feature >= 0 {
            n = tree[n].goesLeft[Int(binned[tree[n].feature][row])] ? tree[n].left : tree[n].right
        }
        return tree[n].value
    }

    /// The model's columns of a table, binned; nil names a column the table lacks.
    func binned(_ table: FeatureTable) throws(PredictError) -> [[UInt8]] {
        var result: [[UInt8]] = []
        for (name, b) in zip(names, bins) {
            guard let c = table.names.firstIndex(of: name) else { throw .invalid("the data has no column '\(name)'") }
            result.append(b.bins(of: table.columns[c]))
        }
        return result
    }

    /// The probability of a 1 for each row.
    ///
    /// - Throws: `PredictError.invalid` when the table lacks a column the model was fitted on.
    public func probabilities(_ table: FeatureTable, rows: [Int]) throws(PredictError) -> [Double] {
        let binned = try binned(table)
        return rows.map { r in
            sigmoid(trees.reduce(base) { $0 + Self.leafValue($1, binned, r) })
        }
    }
}

/// Grows one tree on the gradients, best split first.
struct TreeGrower {
    let binned: [[UInt8]]
    let bins: [FeatureBins]
    let gradients: [Double]
    let hessians: [Double]
    let options: BoostedTrees.Options

    /// Per bin: sum of gradients, of hessians, and rows.
    struct Histogram {
        var g: [Double]
        var h: [Double]
        var n: [Int]
    }

    struct Split {
        var gain: Double
        var feature: Int
        var goesLeft: [Bool]
    }

    /// A leaf that may still be split.
    struct Open {
        var node: Int
        var rows: [Int]
        var histograms: [Histogram]
        var split: Split?
    }

    var nodes: [BoostedTrees.Node] = []

    init(
        binned: [[UInt8]], bins: [FeatureBins], gradients: [Double], hessians: [Double],
        options: BoostedTrees.Options
    ) {
        self.binned = binned
        self.bins = bins
        self.gradients = gradients
        self.hessians = hessians
        self.options = options
    }

    mutating func grow() -> [BoostedTrees.Node] {
        let all = Array(gradients.indices)
        var open = [makeOpen(rows: all, histograms: histograms(of: all))]
        var leaves = 1
        while leaves < options.maxLeaves {
            // The open leaf whose best split gains most (the first of equals: deterministic).
            let gains = open.map { $0.split?.gain ?? -1 }
            guard let best = open.indices.filter({ gains[$0] >= 0 }).max(by: { (gains[$0], -$0) < (gains[$1], -$1) })
            else { break }
            let parent = open.remove(at: best)
            guard let split = parent.split else { break }
            var left: [Int] = []
            var right: [Int] = []
            let column = binned[split.feature]
            for r in parent.rows {
                if split.goesLeft[Int(column[r])] { left.append(r) } else { right.append(r) }
            }
            // The smaller child's histograms are counted; the larger's are the parent's less them.
            let leftIsSmaller = left.count <= right.count
            let small = histograms(of: leftIsSmaller ? left : right)
            let large = zip(parent.histograms, small).map { p, s in
                Histogram(
                    g: zip(p.g, s.g).map { $0 - $1 }, h: zip(p.h, s.h).map { $0 - $1 }, n: zip(p.n, s.n).map { $0 - $1 }
                )
            }
            let leftOpen = makeOpen(rows: left, histograms: leftIsSmaller ? small : large)
            let rightOpen = makeOpen(rows: right, histograms: leftIsSmaller ? large : small)
            nodes[parent.node].feature = split.feature
            nodes[parent.node].goesLeft = split.goesLeft
            nodes[parent.node].left = leftOpen.node
            nodes[parent.node].right = rightOpen.node
            open.append(leftOpen)
            open.append(rightOpen)
            leaves += 1
        }
        return nodes
    }

    func histograms(of rows: [Int]) -> [Histogram] {
        bins.indices.map { f in
            var hist = Histogram(
                g: [Double](repeating: 0, count: bins[f].count), h: [Double](repeating: 0, count: bins[f].count),
                n: [Int](repeating: 0, count: bins[f].count))
            let column = binned[f]
            for r in rows {
                let b = Int(column[r])
                hist.g[b] += gradients[r]
                hist.h[b] += hessians[r]
                hist.n[b] += 1
            }
            return hist
        }
    }

    /// A new leaf for `rows`, with its value and its best split.
    mutating func makeOpen(rows: [Int], histograms: [Histogram]) -> Open {
        var g = 0.0
        var h = 0.0
        for r in rows {
            g += gradients[r]
            h += hessians[r]
        }
        nodes.append(
            BoostedTrees.Node(
                feature: -1, goesLeft: [], left: -1, right: -1, value: -g / (h + options.l2) * options.learningRate,
                count: rows.count, cover: h))
        let split = rows.count >= 2 * options.minSamplesLeaf ? bestSplit(histograms, g: g, h: h, n: rows.count) : nil
        return Open(node: nodes.count - 1, rows: rows, histograms: histograms, split: split)
    }

    func score(_ g: Double, _ h: Double) -> Double { g * g / (h + options.l2) }

    func bestSplit(_ histograms: [Histogram], g: Double, h: Double, n: Int) -> Split? {
        let parentScore = score(g, h)
        var best: Split?
        func consider(_ feature: Int, _ order: [Int], _ missingLeft: Bool, _ hist: Histogram) {
            // Rows of `order`'s first k bins (and the missing ones, when they go left) go left.
            let missing = bins[feature].missingBin
            var gl = missingLeft ? hist.g[missing] : 0
            var hl = missingLeft ? hist.h[missing] : 0
            var nl = missingLeft ? hist.n[missing] : 0
            for k in 0..<(order.count - 1) {
                let b = order[k]
                gl += hist.g[b]
                hl += hist.h[b]
                nl += hist.n[b]
                let nr = n - nl
                let hr = h - hl
                guard nl >= options.minSamplesLeaf, nr >= options.minSamplesLeaf, hl >= 1e-3, hr >= 1e-3 else {
                    continue
                }
                let gain = score(gl, hl) + score(g - gl, hr) - parentScore
                if gain > 1e-7, gain > (best?.gain ?? 0) {
                    var goesLeft = [Bool](repeating: false, count: bins[feature].count)
                    // A number goes by its value, also in bins no row here fell in (other rows,
                    // later, will); a category no row here had goes right.
                    if bins[feature].isCategorical {
                        for j in 0...k { goesLeft[order[j]] = true }
                    } else {
                        for b in 0...order[k] { goesLeft[b] = true }
                    }
                    goesLeft[missing] = missingLeft
                    best = Split(gain: gain, feature: feature, goesLeft: goesLeft)
                }
            }
        }
        for (f, hist) in histograms.enumerated() {
            let valueBins = Array(0..<bins[f].valueBins).filter { hist.n[$0] > 0 }
            guard valueBins.count >= 2 else { continue }
            // Numbers split in their order; categories in the order of their mean gradient,
            // where the best split of the categories into two sets lies (Fisher, 1958).
            let order =
                bins[f].isCategorical
                ? valueBins.sorted {
                    (hist.g[$0] / (hist.h[$0] + options.l2 + 1e-12), $0) < (
                        hist.g[$1] / (hist.h[$1] + options.l2 + 1e-12), $1
                    )
                }
                : valueBins
            consider(f, order, false, hist)
            if hist.n[bins[f].missingBin] > 0 { consider(f, order, true, hist) }
        }
        return best
    }
}
