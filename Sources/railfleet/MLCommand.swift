import ArgumentParser
import Domain
import Foundation
import Predict
import PredictStore
import Storage

extension RailFleet {
    struct ML: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ml", abstract: "Predictive maintenance: models, their evaluation and forecasts.",
            subcommands: [
                Train.self, Models.self, Promote.self, Predict.self, Forecast.self, Anomalies.self, Backtest.self,
                EvaluateCSV.self, ForecastCSV.self,
            ])
    }
}

extension RailFleet.ML {
    /// The replica's history for the models, and the time they look from: only what
    /// happened before it is used.
    struct AsOf: ParsableArguments {
        @OptionGroup var options: GlobalOptions
        @Option(help: "As of this UTC time: only what happened before it is used. Default: now.") var at: String?

        func validate() throws { if let at { _ = try Parse.time(at, "--at") } }

        func atMs() throws -> Int64 { try at.map { try Parse.time($0, "--at") } ?? RailFleetStore.systemMs() }
    }

    struct Predict: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A vehicle's failure risk or its next exam date, as of now or a time.",
            subcommands: [Failure.self, Exam.self])

        /// The replica's history and the vehicle and time asked for.
        struct Question: ParsableArguments {
            @OptionGroup var asOf: AsOf
            @Option(help: "The vehicle: fleet number, EVN or id.") var vehicle: String
            var options: GlobalOptions { asOf.options }

            func load() throws -> (registry: ModelRegistry, vehicle: String, atMs: Int64) {
                let store = try asOf.options.openStoreKeepingDerivedData()
                let ref = try store.resolveAggregate(vehicle, kind: .vehicle)
                return (ModelRegistry(store), ref.id, try asOf.atMs())
            }
        }

        struct Failure: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "The chance the vehicle fails within 30, 60 and 90 days, and the features behind it.",
                discussion: """
                    By the failure model in production then (calibrated boosted trees); without one, a model trained \
                    as of --at. The reasons are the features that moved this vehicle's score most (path \
                    contributions, log-odds). Each prediction goes to the replica's prediction log with its inputs.
                    """)
            @OptionGroup var question: Question

            func run() throws {
                let (registry, vehicle, at) = try question.load()
                let view = try registry.predictFailure(
                    of: vehicle, named: question.vehicle, at: at, by: question.options.userName)
                if question.options.json { return question.options.printJSON(view) }
                let prediction = view.prediction
                let version = view.model
                say("\(question.vehicle) as of \(UTC.format(ms: at)), failure model \(version)")
                var table = Table("WITHIN", "PROBABILITY", "REASONS")
                for h in prediction.horizons {
                    let reasons = h.reasons.map {
                        "\($0.feature) \($0.value) (\(String(format: "%+.2f", $0.contribution)))"
                    }
                    table.add(
                        "\(h.days) days", String(format: "%.1f %%", 100 * h.probability),
                        reasons.joined(separator: "; "))
                }
                say(table)
            }
        }

        struct Exam: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "When the vehicle should next see the workshop for its most frequent exam.",
                discussion: """
                    The first day its chance of failing within the following 30 days (a Weibull on km since that \
                    exam, fitted to the fleet's history) reaches 15 %, never later than its plan's limit with the \
                    allowed overrun.
                    """)
            @OptionGroup var question: Question

            func run() throws {
                let (registry, vehicle, at) = try question.load()
                let timing = try registry.examTiming(of: vehicle, named: question.vehicle, at: at)
                if question.options.json { return question.options.printJSON(timing) }
                say(
                    "\(question.vehicle): exam \(timing.level) on \(UTC.formatDay(timing.day)) (\(timing.reason == "risk" ? "risk reaches 15 %" : "the plan's limit")); limit \(UTC.formatDay(timing.limitDay)); 30-day risk then \(String(format: "%.1f %%", 100 * timing.risk))"
                )
            }
        }
    }

    struct Anomalies: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Odometer readings and failure rates that stand out, by robust statistics.",
            discussion: """
                Readings below the one before, km-a-day jumps far beyond the fleet's usual rates, and vehicles \
                failing far more often over the last year than others of their class (modified z-scores above 3.5).
                """)
        @OptionGroup var asOf: AsOf
        var options: GlobalOptions { asOf.options }

        func run() throws {
            let store = try options.openStore(.readOnly)
            let found = try ModelRegistry(store).anomalies(at: try asOf.atMs())
            if options.json { return options.printJSON(found) }
            if found.isEmpty { return say("No anomalies.") }
            // People know vehicles by fleet number; the JSON keeps the ids.
            let numbers = Dictionary(
                try store.fleet(ids: Array(Set(found.map(\.vehicle)))).map { ($0.vehicleID, $0.fleetNumber) },
                uniquingKeysWith: { a, _ in a })
            var table = Table("VEHICLE", "KIND", "WHEN", "VALUE", "SCORE")
            for a in found {
                table.add(
                    numbers[a.vehicle] ?? a.vehicle, a.kind.rawValue, UTC.format(ms: a.ms),
                    String(format: "%.1f", a.value), String(format: "%.1f", a.score))
            }
            say(table)
        }
    }

    struct ForecastCSV: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "forecast-csv",
            abstract: "Forecast monthly series of your own, each by the method its own history favours.",
            discussion: """
                FILE is long-format CSV with the columns series, period (YYYY-MM) and value; a month missing inside \
                a series counts as 0. Each series' method (seasonal naive, exponential smoothing, Theta, Croston, \
                TSB) is chosen by forecasting its own past from earlier origins; with --holdout the last H months are \
                kept back from that choice and every method is scored on them.
                """)

        @Argument(help: "The CSV file.") var file: String
        @Option(help: "Months to forecast after each series' last.") var horizon: Int
        @Option(help: "Months held back from the choice, to score every method on (sMAPE, MASE).") var holdout: Int?
        @Option(help: "Months in a season.") var season: Int = 12
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard (1...120).contains(horizon) else { throw ValidationError("--horizon must be 1–120, got \(horizon)") }
            if let holdout, !(1...120).contains(holdout) {
                throw ValidationError("--holdout must be 1–120, got \(holdout)")
            }
            guard (1...52).contains(season) else { throw ValidationError("--season must be 1–52, got \(season)") }
        }

        struct Output: Encodable {
            struct Series: Encodable {
                var id: String
                var method: String
                var forecast: [ForecastPoint]
                /// With --holdout: each method's sMAPE and MASE on the held-back months.
                var holdout: [String: [String: Double]]?
            }
            var series: [Series]
            /// With --holdout: each method's mean sMAPE and MASE over the series, and of the chosen ones.
            var overall: [String: [String: Double]]?
        }

        func run() throws {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw CLIError("cannot read \(file) as UTF-8 text: \(error.localizedDescription)")
            }
            let all: [MonthlyValues]
            do { all = try MonthlyValues.read(try CSVTable.parse(text)) } catch { throw CLIError("\(file): \(error)") }
            var output = Output(series: [], overall: holdout == nil ? nil : [:])
            var sums: [String: (smape: Double, mase: Double, count: Int)] = [:]
            for s in all {
                var scores: [String: [String: Double]]?
                var chosen: Forecaster
                if let holdout {
                    guard s.values.count > holdout + 2 else {
                        throw CLIError("series '\(s.id)' has \(s.values.count) months, too few to hold \(holdout) back")
                    }
                    let training = Array(s.values.dropLast(holdout))
                    let actual = Array(s.values.suffix(holdout))
                    chosen = ForecastSelection(training, horizon: holdout, season: season).chosen
                    var perMethod: [String: [String: Double]] = [:]
                    for method in Forecaster.allCases {
                        let f = method.forecast(training, horizon: holdout, season: season).values
                        let smape = ForecastError.smape(actual: actual, forecast: f)
                        let mase = ForecastError.mase(actual: actual, forecast: f, training: training, season: season)
                        // MASE is left out where it is undefined (a perfect seasonal naive in training).
                        perMethod[method.rawValue] = ["smape": smape].merging(mase.map { ["mase": $0] } ?? [:]) {
                            a, _ in a
                        }
                        for name in [method.rawValue] + (method == chosen ? ["chosen"] : []) {
                            sums[name, default: (0, 0, 0)].smape += smape
                            sums[name, default: (0, 0, 0)].mase += mase ?? 0
                            sums[name, default: (0, 0, 0)].count += mase == nil ? 0 : 1
                        }
                    }
                    scores = perMethod
                } else {
                    chosen = ForecastSelection(s.values, horizon: horizon, season: season).chosen
                }
                let f = chosen.forecast(s.values, horizon: horizon, season: season)
                let next = s.firstMonth + s.values.count
                output.series.append(
                    .init(
                        id: s.id, method: chosen.rawValue,
                        forecast: ForecastPoint.points(f) { MonthlyValues.period(next + $0) }, holdout: scores))
            }
            if holdout != nil {
                output.overall = sums.mapValues { s in
                    ["smape": s.smape / Double(max(1, all.count)), "mase": s.count == 0 ? 0 : s.mase / Double(s.count)]
                }
            }
            if json { return sayJSON(output) }
            say(
                ForecastPoint.table(
                    output.series.map { ($0.id, $0.method, $0.forecast) }, first: "SERIES", decimals: 2))
            if let overall = output.overall {
                var scores = Table("METHOD", "sMAPE", "MASE")
                for (name, s) in overall.sorted(by: { $0.key < $1.key }) {
                    scores.add(name, String(format: "%.2f", s["smape"] ?? 0), String(format: "%.3f", s["mase"] ?? 0))
                }
                say(scores)
            }
        }
    }

    struct Backtest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Try the failure models on the last periods of this replica's history, as they would have been used.",
            discussion: """
                For each test period (the latest last, ending 90 days before the last event so that every outcome is \
                known), the models are fitted on the samples whose outcome was known before the period began and \
                scored on the period's; the periods' predictions are pooled per horizon (30, 60, 90 days), beside \
                two baselines: "nobody fails" and "age and km only".
                """)
        @OptionGroup var options: GlobalOptions
        @Option(help: "Test periods.") var folds: Int = 3
        @Option(help: "Days in each test period.") var foldDays: Int = 91

        func validate() throws {
            guard (1...24).contains(folds) else { throw ValidationError("--folds must be 1–24, got \(folds)") }
            guard (7...366).contains(foldDays) else {
                throw ValidationError("--fold-days must be 7–366, got \(foldDays)")
            }
        }

        /// Both backtests as scripts see them: the failure backtest's fields and `parts`.
        struct Output: Encodable {
            var failure: FailureBacktest
            var parts: PartsBacktest?
            enum Key: String, CodingKey { case parts }
            func encode(to encoder: any Encoder) throws {
                try failure.encode(to: encoder)
                var container = encoder.container(keyedBy: Key.self)
                try container.encodeIfPresent(parts, forKey: .parts)
            }
        }

        func run() throws {
            let events = try options.openStore(.readOnly).events().map(\.event)
            guard let end = events.map(\.timestamp.physicalMs).max() else { throw CLIError("the log is empty") }
            let history = FleetHistory(events)
            let output: Output
            do {
                output = Output(
                    failure: try FailureBacktest.run(history, end: end, folds: folds, foldDays: foldDays),
                    parts: try? PartsBacktest.run(history, end: end))
            } catch { throw CLIError("cannot backtest: \(error)") }
            if options.json { return options.printJSON(output) }
            let backtest = output.failure
            say(
                "\(backtest.folds) test periods of \(foldDays) days, \(backtest.testRows) vehicle samples in all; trained on \(backtest.trainingRows.map(String.init).joined(separator: ", ")) samples"
            )
            var table = Table("HORIZON", "MODEL", "ROC-AUC", "PR-AUC", "BRIER", "ECE", "ACCURACY", "FAILED")
            func f(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "-" }
            for s in backtest.scores.sorted(by: { $0.horizon < $1.horizon }) {
                table.add(
                    "\(s.horizon) days", s.model, f(s.metrics.rocAUC), f(s.metrics.prAUC), f(s.metrics.brier),
                    f(s.calibration.expectedError), f(s.metrics.accuracy),
                    String(format: "%.1f %%", 100 * Double(s.metrics.positives) / Double(max(1, s.metrics.count))))
            }
            say(table)
            if let model = backtest.scores.first(where: { $0.model == "failure-model" && $0.horizon == 30 }) {
                say("Calibration of the failure model at 30 days (rows by predicted probability):")
                var bins = Table("PREDICTED", "ROWS", "MEAN PREDICTED", "OBSERVED")
                for b in model.calibration.bins {
                    bins.add(
                        String(format: "%.1f–%.1f", b.from, b.to), String(b.count), f(b.meanPredicted),
                        f(b.observedRate))
                }
                say(bins)
            }
            if let parts = output.parts {
                say("Parts: \(parts.parts) parts, the last \(parts.holdoutMonths) months held back")
                var scores = Table("FORECAST", "MEAN MASE", "MEAN sMAPE", "SERIES")
                for s in parts.scores {
                    scores.add(s.method, f(s.meanMASE), String(format: "%.1f", s.meanSMAPE), String(s.series))
                }
                if let c = parts.cost {
                    scores.add("cost (\(c.method))", f(c.meanMASE), String(format: "%.1f", c.meanSMAPE), "1")
                }
                say(scores)
            }
        }
    }

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
            say("\(e.trainingRows) training rows, \(e.testRows) test rows; chosen on the training rows: \(e.chosen)")
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
