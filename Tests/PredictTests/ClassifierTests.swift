import Foundation
import Testing

@testable import Predict

/// Each classifier and metric on cases whose answer is known, and the boosted trees on a
/// public predictive-maintenance data set against scikit-learn's figures.
@Suite struct ClassifierTests {
    @Test func metricsMatchHandComputedValues() {
        // scikit-learn: roc_auc_score 0.75, average_precision_score 0.8333…
        let m = ClassificationMetrics(probabilities: [0.1, 0.4, 0.35, 0.8], outcomes: [0, 0, 1, 1])
        #expect(abs(m.rocAUC! - 0.75) < 1e-12)
        #expect(abs(m.prAUC! - 5.0 / 6.0) < 1e-12)
        #expect(abs(m.brier - (0.01 + 0.16 + 0.4225 + 0.04) / 4) < 1e-12)
        #expect(m.accuracy == 0.75 && m.precision == 1 && m.recall == 0.5)
        // Ties count half: one score for all is a coin's toss.
        let tied = ClassificationMetrics(probabilities: [0.3, 0.3, 0.3, 0.3], outcomes: [0, 1, 0, 1])
        #expect(tied.rocAUC == 0.5 && tied.prAUC == 0.5)
        #expect(ClassificationMetrics(probabilities: [0.2, 0.9], outcomes: [1, 1]).rocAUC == nil)
    }

    /// Two numbers and a category; the outcome is 1 exactly when x + y > 1 (linear) or, for
    /// the trees' case, when x and y lie on the same side of 0.5 (no line separates it).
    static func table(_ n: Int, seed: UInt64, rule: (Double, Double, Int) -> Bool) throws -> (FeatureTable, [Double]) {
        var state = seed
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var xs: [Double] = []
        var ys: [Double] = []
        var kinds: [Int] = []
        var outcomes: [Double] = []
        for _ in 0..<n {
            let (x, y, k) = (next(), next(), Int(next() * 3))
            xs.append(x)
            ys.append(y)
            kinds.append(k)
            outcomes.append(rule(x, y, k) ? 1 : 0)
        }
        let table = try FeatureTable(
            names: ["x", "y", "kind"],
            columns: [.numeric(xs), .numeric(ys), .categorical(codes: kinds, levels: ["a", "b", "c"])])
        return (table, outcomes)
    }

    @Test func logisticRegressionSeparatesALinearlySeparableSet() throws {
        let (table, y) = try Self.table(600, seed: 1) { x, y, _ in x + y > 1 }
        let train = Array(0..<400)
        let test = Array(400..<600)
        let model = try LogisticRegression.fit(table, outcomes: y, rows: train, options: .init(l2: 0.01))
        let p = model.probabilities(table, rows: test)
        let metrics = ClassificationMetrics(probabilities: p, outcomes: test.map { y[$0] })
        #expect(metrics.rocAUC! > 0.999 && metrics.accuracy > 0.97)
        #expect(model.iterations < 100, "Newton converges")
        #expect(try LogisticRegression.fit(table, outcomes: y, rows: train, options: .init(l2: 0.01)) == model)
    }

    @Test func boostedTreesLearnWhatNoLineSeparates() throws {
        let rule: (Double, Double, Int) -> Bool = { x, y, k in (x > 0.5) == (y > 0.5) || k == 2 }
        let (table, y) = try Self.table(3_000, seed: 2, rule: rule)
        let train = Array(0..<2_000)
        let test = Array(2_000..<3_000)
        let outcomes = test.map { y[$0] }
        let trees = try BoostedTrees.fit(table, outcomes: y, rows: train)
        let treeMetrics = ClassificationMetrics(
            probabilities: try trees.probabilities(table, rows: test), outcomes: outcomes)
        let line = try LogisticRegression.fit(table, outcomes: y, rows: train)
        let lineMetrics = ClassificationMetrics(
            probabilities: line.probabilities(table, rows: test), outcomes: outcomes)
        #expect(treeMetrics.accuracy > 0.97, "\(treeMetrics)")
        #expect(lineMetrics.rocAUC! < 0.8, "a line cannot draw the XOR")
        #expect(try BoostedTrees.fit(table, outcomes: y, rows: train) == trees, "deterministic")
    }

    /// An id column left in by mistake (a category per row) must not blow the linear model's
    /// system up: only the most frequent categories get inputs of their own.
    @Test func anIdColumnKeepsTheLinearModelSmall() throws {
        let (table, y) = try Self.table(5_000, seed: 6) { x, y, _ in x + y > 1 }
        let ids = FeatureTable.categorical((0..<5_000).map { "R\($0)" })
        let wide = try FeatureTable(names: table.names + ["id"], columns: table.columns + [ids])
        let model = try LogisticRegression.fit(wide, outcomes: y, rows: Array(0..<4_000))
        #expect(model.encoding.width <= 2 + 3 + LinearEncoding.maxLevels)
        let p = model.probabilities(wide, rows: Array(4_000..<5_000))
        #expect(ClassificationMetrics(probabilities: p, outcomes: Array(y[4_000...])).rocAUC ?? 0 > 0.99)
    }

    @Test func aFitNeedsBothClasses() throws {
        let (table, y) = try Self.table(50, seed: 3) { _, _, _ in false }
        #expect(throws: PredictError.self) { try BoostedTrees.fit(table, outcomes: y, rows: Array(0..<50)) }
        #expect(throws: PredictError.self) { try LogisticRegression.fit(table, outcomes: y, rows: []) }
    }

    @Test func csvWithQuotesBOMAndCRLFReadsAndBadRowsAreNamed() throws {
        let csv = try CSVTable.parse("\u{FEFF}id,name,\"x\"\r\n1,\"a, \"\"b\"\"\",2.5\r\n2,c,\r\n\r\n")
        #expect(csv.header == ["id", "name", "x"])
        #expect(csv.rows == [["1", "a, \"b\"", "2.5"], ["2", "c", ""]])
        let (table, y) = try FeatureTable.from(
            try CSVTable.parse("t,k,v\n0,a,1\n1,b,\n0,a,x\n"), target: "t")
        #expect(y == [0, 1, 0])
        #expect(table.columns[0] == .categorical(codes: [0, 1, 0], levels: ["a", "b"]))
        #expect(
            table.columns[1] == .categorical(codes: [0, -1, 1], levels: ["1", "x"]), "a text makes it categorical")
        #expect(throws: PredictError.invalid("line 3 has 2 fields; the header has 3")) {
            try CSVTable.parse("a,b,c\n1,2,3\n1,2\n")
        }
        #expect(throws: PredictError.self) { try FeatureTable.from(try CSVTable.parse("t,v\n2,1\n"), target: "t") }
        #expect(throws: PredictError.self) { try FeatureTable.from(try CSVTable.parse("t,v\n1,1\n"), target: "nope") }
    }

    /// The AI4I 2020 data set, its last 20 % of rows as test, the failure-mode columns (which
    /// define the target) and the ids excluded. scikit-learn: boosted trees ROC-AUC 0.971,
    /// PR-AUC 0.711; logistic regression 0.894 and 0.431.
    @Test func boostedTreesReachTheReferenceOnAI4I2020() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Data/ai4i2020.csv")
        let csv = try CSVTable.parse(try String(contentsOf: path, encoding: .utf8))
        let (table, y) = try FeatureTable.from(
            csv, target: "Machine failure", exclude: ["UDI", "Product ID", "TWF", "HDF", "PWF", "OSF", "RNF"])
        #expect(table.names.count == 6)
        let evaluation = try HoldoutEvaluation.run(table, outcomes: y, order: Array(0..<y.count), testFraction: 0.2)
        #expect(evaluation.testRows == 2_000)
        let trees = try #require(evaluation.models.first { $0.model == "boosted-trees" }?.metrics)
        let line = try #require(evaluation.models.first { $0.model == "logistic-regression" }?.metrics)
        #expect(trees.rocAUC! >= 0.95 && trees.prAUC! >= 0.65, "\(trees)")
        #expect(line.rocAUC! > 0.85 && line.rocAUC! < trees.rocAUC!, "\(line)")
        #expect(evaluation.chosen == "boosted-trees")
        #expect(evaluation.predictions.map(\.row) == Array(8_000..<10_000))
    }
}

/// Calibration on cases whose answer is known.
@Suite struct CalibrationTests {
    @Test func isotonicKeepsAMonotoneCaseAndPoolsWhatIsNot() {
        // Already non-decreasing: each score's own outcome rate.
        let monotone = IsotonicCalibration(scores: [0.1, 0.2, 0.3, 0.4], outcomes: [0, 0, 1, 1])
        #expect([0.1, 0.2, 0.3, 0.4].map(monotone.probability) == [0, 0, 1, 1])
        // A violation is pooled with its neighbour: 1 then 0 become 0.5 and 0.5.
        let pooled = IsotonicCalibration(scores: [0.1, 0.2, 0.3, 0.4, 0.5], outcomes: [0, 1, 0, 1, 1])
        #expect([0.1, 0.2, 0.3, 0.4, 0.5].map(pooled.probability) == [0, 0.5, 0.5, 1, 1])
        // Equal scores share one probability; scores between blocks take the lower block's.
        let ties = IsotonicCalibration(scores: [0.2, 0.2, 0.6, 0.6], outcomes: [0, 1, 1, 1])
        #expect(ties.probability(0.2) == 0.5 && ties.probability(0.4) == 0.5 && ties.probability(0.9) == 1)
        #expect(ties.probability(0.0) == 0.5, "below the first block: the first block's")
    }

    @Test func plattRecoversAKnownCurve() {
        // Outcomes drawn from p = sigmoid(2 logit(s) - 1): the fit finds slope 2 and offset -1.
        var state: UInt64 = 3
        var scores: [Double] = []
        var outcomes: [Double] = []
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let s = 0.02 + 0.96 * Double(state >> 11) / Double(1 << 53)
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let u = Double(state >> 11) / Double(1 << 53)
            let p = 1 / (1 + exp(-(2 * log(s / (1 - s)) - 1)))
            scores.append(s)
            outcomes.append(u < p ? 1 : 0)
        }
        let platt = PlattCalibration(scores: scores, outcomes: outcomes)
        #expect(abs(platt.slope - 2) < 0.1 && abs(platt.offset + 1) < 0.1, "\(platt)")
    }

    /// A small slice whose scores separate it: isotonic would give two steps, 0 and 1, and
    /// plain Newton ran Platt's slope to 4 × 10¹⁰; Platt with smoothed targets and a line
    /// search stays finite and never certain. A slice the model ranks backwards is flattened.
    @Test func aSmallSeparableSliceIsCalibratedWithoutCertainty() {
        let scores = (0..<30).map { (Double($0) + 0.5) / 30 }
        let outcomes = (0..<30).map { $0 >= 22 ? 1.0 : 0 }
        let small = Calibrator(scores: scores, outcomes: outcomes)
        guard case .platt(let platt) = small else {
            Issue.record("a slice of 8 failures is not calibrated by isotonic regression")
            return
        }
        #expect(platt.slope > 0 && platt.slope < 100, "\(platt)")
        let (low, high) = (small.probability(0.02), small.probability(0.98))
        #expect(low > 1e-4 && low < 0.2 && high > 0.8 && high < 1 - 1e-4, "\(low) \(high)")
        let backwards = Calibrator(scores: scores, outcomes: outcomes.reversed())
        #expect(backwards.probability(0.1) == backwards.probability(0.9), "a backwards ranking is flattened")
        #expect(abs(backwards.probability(0.5) - 8.0 / 30) < 0.05, "to about the slice's rate")
        let many = Calibrator(
            scores: (0..<400).map { Double($0) / 400 }, outcomes: (0..<400).map { $0 % 3 == 0 ? 1 : 0 })
        guard case .isotonic = many else {
            Issue.record("a slice with 134 failures is calibrated by isotonic regression")
            return
        }
    }
}

/// Explanations add up to the score, and credit the feature that decides.
@Suite struct ExplanationTests {
    @Test func contributionsAddUpToTheLogOddsAndNameTheDecidingFeature() throws {
        // Only x decides (x > 0.6), y is noise, kind says nothing.
        let (table, y) = try ClassifierTests.table(1_500, seed: 8) { x, _, _ in x > 0.6 }
        let rows = Array(0..<1_000)
        let trees = try BoostedTrees.fit(table, outcomes: y, rows: rows)
        let test = Array(1_000..<1_050)
        let p = try trees.probabilities(table, rows: test)
        let explanations = try trees.explain(table, rows: test)
        for (probability, e) in zip(p, explanations) {
            let logOdds = log(probability / (1 - probability))
            #expect(abs(e.bias + e.contributions.reduce(0, +) - logOdds) < 1e-9)
            #expect(e.top(1).first?.name == "x", "\(e.top(3))")
        }
    }
}
