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
            var parameters = FailureModel.Options().parameters
            if let stepDays { parameters["stepDays"] = String(stepDays) }
            if let iterations { parameters["iterations"] = String(iterations) }
            if let leaves { parameters["maxLeaves"] = String(leaves) }
            let trained = try ModelRegistry(store).trainCandidate(
                model, at: try asOf.atMs(), parameters: parameters, seed: seed,
                by: try store.actor(for: try options.userName))
            if options.json { return options.printJSON(trained.view) }
            let record = trained.record
            say(
                "trained \(model) \(record.version) (\(record.algorithm)) on the events before \(UTC.format(ms: record.windowEndMs))); candidate"
            )
            if let noFigures = trained.noFigures { say("no backtest figures: \(noFigures)") }
            say(ModelScores.table(record.metrics, champion: trained.champion?.version))
            say("promote it with: railfleet ml promote \(model) \(record.version)")
        }
    }
}

extension ModelScores {
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
