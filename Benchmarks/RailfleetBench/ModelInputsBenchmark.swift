import Domain
import Foundation
import Hub
import Predict
import Storage

/// The hub models' snapshot of the log made afresh against made from the last one, after a
/// push of a hundred readings: what a rebuild under a stream of pushes costs.
@MainActor func modelInputsBenchmark(path demo: String) throws {
    // On a copy: readings are added.
    let path = scratch.path("inputs.sqlite")
    try FileManager.default.copyItem(atPath: demo, toPath: path)
    try FileManager.default.copyItem(atPath: demo + ".key", toPath: path + ".key")
    let store = try RailFleetStore(path: path)
    let before = try store.lastSeq
    var last: ModelInputs?
    let afresh = try (0..<3).map { _ in
        try Measure.seconds { last = try ModelInputs.read(store, through: before, previous: nil) }
    }
    guard let last, let vehicle = last.history.vehicles.keys.sorted().first else { return }
    let admin = try store.actor(for: "admin")
    try store.execute(
        batch: (0..<100).map { k in
            RailFleetStore.BatchItem(
                .recordOdometer(vehicleID: vehicle, km: 10_000_000 + k, source: "bench", forcedBecause: "bench"),
                by: admin)
        })
    let after = try store.lastSeq
    var made: ModelInputs?
    let incremental = try (0..<5).map { _ in
        try Measure.seconds { made = try ModelInputs.read(store, through: after, previous: (last, before)) }
    }
    Measure.report(
        "hub: the models' snapshot of the log",
        "default demo, \(last.events.count) events: read afresh (decode every event, fold the history), median of 3; then made from that one after a push of 100 readings (\(made?.events.count ?? 0) events), median of 5",
        "afresh \(Measure.ms(Measure.median(afresh))), from the last \(Measure.ms(Measure.median(incremental))) (\(String(format: "%.0f", Measure.median(afresh) / Measure.median(incremental)))× less)"
    )
}
