import ArgumentParser
import Domain
import Foundation
import Predict
import PredictStore
import Storage

extension RailFleet.ML {
    struct Models: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The models in this replica's registry, their stages and backtest figures.",
            discussion: """
                A model is a candidate when trained here, in production when the latest promotion in the log names \
                it, archived when promoted once and since replaced. A version in production that this replica never \
                trained is listed from its promotion.
                """)
        @OptionGroup var options: GlobalOptions
        @Argument(help: "failure, parts or anomaly; all when left out.") var model: String?

        func validate() throws {
            if let model, !ModelPromoted.models.contains(model) {
                throw ValidationError("the model must be one of \(ModelPromoted.models.joined(separator: ", "))")
            }
        }

        func run() throws {
            let views = try ModelRegistry(try options.openStore(.readOnly)).views(model)
            if options.json { return options.printJSON(views) }
            if views.isEmpty { return say("No models yet: train one with `railfleet ml train`.") }
            var table = Table(
                "MODEL", "VERSION", "STAGE", "ALGORITHM", "TRAINED ON EVENTS BEFORE", "BY", "ROC-AUC 30", "MASE")
            for v in views {
                table.add(
                    v.name, v.version, v.stage, v.algorithm, v.windowEnd, v.trainedBy,
                    v.metrics["rocAUC30"].map { String(format: "%.3f", $0) } ?? "-",
                    v.metrics["mase"].map { String(format: "%.3f", $0) } ?? "-")
            }
            say(table)
        }
    }

    struct Promote: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a trained model into production: an event in the log, signed and synced.",
            discussion: """
                The promotion carries the model's whole record (what it was trained on, how, its digest and \
                figures), so every replica uses it and can train it again. Planners and admins may promote.
                """)
        @OptionGroup var options: GlobalOptions
        @Argument(help: "failure, parts or anomaly.") var model: String
        @Argument(help: "The version (or its first digits), as `ml models` lists it.") var version: String
        @Option(help: "Why, for the audit trail.") var note: String?

        func validate() throws {
            guard ModelPromoted.models.contains(model) else {
                throw ValidationError("the model must be one of \(ModelPromoted.models.joined(separator: ", "))")
            }
        }

        func run() throws {
            try options.execute { store in
                let held = try store.registeredModel(model, version: version)
                if try store.productionRecord(model)?.version == held.record.version {
                    throw CLIError("\(model) \(held.record.version) is already in production")
                }
                var record = held.record
                record.note = note
                return .promoteModel(record)
            }
        }
    }

    struct Forecast: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Forecasts from the production models.", subcommands: [Parts.self])

        struct Parts: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Each part's monthly use for the coming months, with 80 % and 95 % intervals.",
                discussion: """
                    By the parts model in production (each part's method chosen by a rolling-origin backtest); \
                    without one, a model trained as of --at. The series end with the last whole month before --at.
                    """)
            @OptionGroup var asOf: AsOf
            @Option(help: "One part: its number or id.") var part: String?
            @Option(help: "Months ahead.") var months: Int = 6
            var options: GlobalOptions { asOf.options }

            func validate() throws {
                guard (1...36).contains(months) else { throw ValidationError("--months must be 1–36, got \(months)") }
            }

            func run() throws {
                let store = try options.openStore(.readOnly)
                let partID = try part.map { try store.resolveAggregate($0, kind: .part).id }
                let at = try asOf.atMs()
                let output = try ModelRegistry(store).forecastParts(partID, named: part, months: months, at: at)
                if options.json { return options.printJSON(output) }
                say("parts model \(output.model), as of \(UTC.format(ms: at))")
                say(
                    ForecastPoint.table(
                        output.parts.map { ($0.partNumber, $0.method, $0.forecast) }, first: "PART", decimals: 1))
            }
        }
    }
}
