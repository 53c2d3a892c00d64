import ArgumentParser
import Foundation
import Predict

extension RailFleet {
    struct ML: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ml", abstract: "Predictive maintenance: models, their evaluation and forecasts.",
            subcommands: [EvaluateCSV.self])
    }
}

extension RailFleet.ML {
    struct EvaluateCSV: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "evaluate-csv",
            abstract: "Fit the failure classifiers on a CSV of your own and score them on its last rows.",
            discussion: """
                Numeric columns are used as numbers, any other as categories; empty cells are missing. The last \
                --test-fraction of the rows (in file order, or ordered by --time-column) are the test; the model \
                whose predictions are written is chosen on the training rows only.
                """)

        @Argument(help: "The CSV file, with a header line.") var file: String
        @Option(help: "The 0/1 column to predict.") var target: String
        @Option(help: "Columns that are not features, comma-separated (ids, columns that leak the target).")
        var exclude: String?
        @Option(help: "A column that orders the rows in time (numbers, or ISO dates and times); not a feature.")
        var timeColumn: String?
        @Option(help: "The share of the last rows held out as the test.") var testFraction: Double = 0.2
        @Option(help: "Write one line per test row, 'row,target,probability' (row: 0-based in the file).")
        var predictionsOut: String?
        @Flag(help: "Print the scores as JSON.") var json = false

        func validate() throws {
            guard testFraction > 0, testFraction < 1 else {
                throw ValidationError("--test-fraction must lie between 0 and 1, got \(testFraction)")
            }
        }

        func run() throws {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw CLIError("cannot read \(file) as UTF-8 text: \(error.localizedDescription)")
            }
            do {
                let csv = try CSVTable.parse(text)
                let excluded =
                    (exclude ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty } + (timeColumn.map { [$0] } ?? [])
                let (table, outcomes) = try FeatureTable.from(csv, target: target, exclude: excluded)
                let order = try timeColumn.map { try Self.order(csv, by: $0) } ?? Array(0..<outcomes.count)
                let evaluation = try HoldoutEvaluation.run(
                    table, outcomes: outcomes, order: order, testFraction: testFraction)
                if let predictionsOut {
                    let lines =
                        ["row,target,probability"]
                        + evaluation.predictions.map {
                            "\($0.row),\(Int($0.outcome)),\($0.probability)"
                        }
                    do {
                        try (lines.joined(separator: "\n") + "\n").write(
                            toFile: predictionsOut, atomically: true, encoding: .utf8)
                    } catch {
                        throw CLIError("cannot write \(predictionsOut): \(error.localizedDescription)")
                    }
                }
                json ? sayJSON(evaluation) : Self.printTable(evaluation)
            } catch let error as PredictError {
                throw CLIError("\(file): \(error)")
            }
        }

        /// Rows in the order of a column: numbers by value, other text as written (ISO times
        /// sort so); equal ones keep their file order.
        static func order(_ csv: CSVTable, by name: String) throws(PredictError) -> [Int] {
            let c = try csv.column(named: name)
            let texts = csv.rows.map { CSVTable.trimmed($0[c]) }
            let numbers = texts.compactMap { Double($0) }
            if numbers.count == texts.count {
                return texts.indices.sorted { (numbers[$0], $0) < (numbers[$1], $1) }
            }
            return texts.indices.sorted { (texts[$0], $0) < (texts[$1], $1) }
        }

        static func printTable(_ e: HoldoutEvaluation) {
            say(
                verbatim:
                    "\(e.trainingRows) training rows, \(e.testRows) test rows; chosen on the training rows: \(e.chosen)"
            )
            var table = Table("MODEL", "ACCURACY", "PRECISION", "RECALL", "F1", "ROC-AUC", "PR-AUC", "BRIER")
            func f(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "-" }
            for m in e.models {
                let s = m.metrics
                table.add(
                    m.model, f(s.accuracy), f(s.precision), f(s.recall), f(s.f1), f(s.rocAUC), f(s.prAUC), f(s.brier))
            }
            say(table)
        }
    }
}
