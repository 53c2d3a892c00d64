import ArgumentParser
import Domain
import Foundation
import Predict
import PredictStore
import Storage

extension RailFleet.ML {
    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train a model on this replica's history and keep it in the registry as a candidate.",
            discussion: """
                The model learns from the events this replica holds (its version vector, written into the record) \
                with valid time before --at; any replica holding those events trains the same model, whose digest \
                the record carries. The candidate is scored on the same backtest as the model in production \
                (champion and challenger); `ml promote` puts it into production. Run weekly from a timer (see \
                docs/ML.md). Planners and admins may train.
                """)
        @OptionGroup var asOf: AsOf
        @Option(help: "failure, parts or anomaly.") var model: String = "failure"
        @Option(help: "Written into the record; the algorithms draw nothing at random.") var seed: Int = 0
        @Option(help: "Failure model: days between two looks at each vehicle.") var stepDays: Int?
        @Option(help: "Failure model: boosting iterations.") var iterations: Int?
        @Option(help: "Failure model: leaves per tree.") var leaves: Int?
        var options: GlobalOptions { asOf.options }

        func validate() throws {
            guard ModelPromoted.models.contains(model) else {
                throw ValidationError("--model must be one of \(ModelPromoted.models.joined(separator: ", "))")
            }
            guard (0...Int(Int32.max)).contains(seed) else { throw ValidationError("--seed must be 0–2147483647") }
            if model != "failure", stepDays != nil || iterations != nil || leaves != nil {
                throw ValidationError("--step-days, --iterations and --leaves are for the failure model")
            }
        }

        func run() throws {
            let store = try options.openStore()
            let user = try options.userName
            let actor = try store.actor(for: user)
            guard RoleMatrix.allows(actor.role, .promoteModel) else {
                throw CLIError("\(user) (\(actor.role.rawValue)) may not train models: planners and admins may")
            }
            let at = try asOf.atMs()
            var parameters = FailureModel.Options().parameters
            if let stepDays { parameters["stepDays"] = String(stepDays) }
            if let iterations { parameters["iterations"] = String(iterations) }
            if let leaves { parameters["maxLeaves"] = String(leaves) }
            let registry = ModelRegistry(store)
            var record: ModelPromoted
            let trained: TrainedModel
            do {
                (record, trained) = try registry.train(model, windowEndMs: at, parameters: parameters, seed: seed)
            } catch let error as PredictError {
                throw CLIError("cannot train the \(model) model: \(error)")
            }
            let champion = try store.productionRecord(model)
            // A history long enough to train on may be too short for the backtest's periods:
            // the candidate is kept without figures, and says so.
            var noFigures: String?
            do {
                let history = try registry.history(within: record.knownEvents).before(at)
                record.metrics = try ModelScores.backtest(
                    model, history, end: at, candidate: record, champion: champion)
            } catch let error as PredictError {
                noFigures = "\(error)"
            }
            try registry.register(record, trained, by: user)
            if options.json { return options.printJSON(ModelView(record, stage: .candidate, by: user)) }
            say(
                "trained \(model) \(record.version) (\(record.algorithm)) on the events before \(UTC.format(ms: at)); candidate"
            )
            if let noFigures { say("no backtest figures: \(noFigures)") }
            say(ModelScores.table(record.metrics, champion: champion?.version))
            say("promote it with: railfleet ml promote \(model) \(record.version)")
        }
    }
}

/// The figures a record carries: the candidate's backtest and, beside them under
/// `production.`, those of the model in production's parameters on the same periods.
enum ModelScores {
    static func backtest(
        _ kind: String, _ history: FleetHistory, end: Int64, candidate: ModelPromoted, champion: ModelPromoted?
    ) throws -> [String: Double] {
        var metrics: [String: Double] = [:]
        switch kind {
        case "failure":
            var configurations = [("candidate", try FailureModel.Options(parameters: candidate.parameters))]
            if let champion, champion.algorithm == candidate.algorithm {
                configurations.append(("production", try FailureModel.Options(parameters: champion.parameters)))
            }
            let result = try FailureBacktest.run(
                history, end: end, failureModels: configurations.map { (name: $0.0, options: $0.1) })
            for s in result.scores where ["candidate", "production", "nobody-fails"].contains(s.model) {
                let prefix = s.model == "candidate" ? "" : s.model + "."
                let values: [(String, Double?)] = [
                    ("rocAUC", s.metrics.rocAUC), ("prAUC", s.metrics.prAUC), ("brier", s.metrics.brier),
                    ("ece", s.calibration.expectedError),
                ]
                for (name, value) in values {
                    if let value, value.isFinite { metrics["\(prefix)\(name)\(s.horizon)"] = value }
                }
            }
        case "parts":
            let result = try PartsBacktest.run(history, end: end)
            for s in result.scores {
                let prefix = s.method == "chosen" ? "" : s.method + "."
                if let mase = s.meanMASE { metrics[prefix + "mase"] = mase }
                metrics[prefix + "smape"] = s.meanSMAPE
            }
            if let mase = result.cost?.meanMASE { metrics["cost.mase"] = mase }
        default:
            let found = AnomalyModel.train(history, at: end).detect(history, at: end)
            metrics["anomalies"] = Double(found.count)
        }
        return metrics
    }

    /// The candidate's figures beside the production model's on the same periods and the
    /// baseline's (nobody fails; seasonal naive).
    static func table(_ metrics: [String: Double], champion: String?) -> Table {
        var table = Table("FIGURE", "CANDIDATE", champion.map { "PRODUCTION \($0)" } ?? "PRODUCTION", "BASELINE")
        func f(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "-" }
        for key in metrics.keys.filter({ !$0.contains(".") || $0.hasPrefix("cost.") }).sorted() {
            table.add(
                key, f(metrics[key]), f(metrics["production." + key]),
                f(metrics["nobody-fails." + key] ?? metrics["seasonal-naive." + key]))
        }
        return table
    }
}

/// A registry entry as scripts see it.
struct ModelView: Encodable {
    var name, version, stage, algorithm, windowEnd, digest, trainedBy: String
    var parameters: [String: String]
    var seed: Int
    var knownEvents: [String: UInt64]
    var metrics: [String: Double]

    init(_ r: ModelPromoted, stage: ModelStage, by user: String) {
        name = r.model
        version = r.version
        self.stage = stage.rawValue
        algorithm = r.algorithm
        windowEnd = UTC.format(ms: r.windowEndMs)
        digest = r.digest
        trainedBy = user
        parameters = r.parameters
        seed = r.seed
        knownEvents = Dictionary(uniqueKeysWithValues: r.knownEvents.counters.map { ($0.key.rawValue, $0.value) })
        metrics = r.metrics
    }
}
