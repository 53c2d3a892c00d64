import Prometheus

/// What the hub counts for `/metrics`, in Prometheus' text format.
final class HubMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let pushes: Counter
    private let pulls: Counter
    private let eventsIn: Counter
    private let eventsOut: Counter
    private let pushTimes: DurationHistogram
    private let pullTimes: DurationHistogram
    private let predictions: [PredictionAnswer: Counter]

    /// How a failure prediction was answered.
    enum PredictionAnswer: String, CaseIterable {
        /// Made from the model.
        case made
        /// Remembered: asked before of the same snapshot and moment.
        case remembered
        /// Waited for: being made for another request when asked.
        case joined
    }

    private static let batchBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(20), .milliseconds(100), .milliseconds(500), .seconds(2),
    ]
    private static let apiBuckets: [Duration] = [
        .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(2),
    ]

    /// `railfleet_hub_<metric>_<unit>`.
    private static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "railfleet", subsystem: "hub", metricName: metric, unitName: unit, helpText: help)
    }

    init() {
        pushes = registry.makeCounter(descriptor: Self.name("pushes", "total", "Pushes merged."))
        pulls = registry.makeCounter(descriptor: Self.name("pulls", "total", "Pulls answered."))
        eventsIn = registry.makeCounter(descriptor: Self.name("events_in", "total", "Events merged from pushes."))
        eventsOut = registry.makeCounter(descriptor: Self.name("events_out", "total", "Events sent in pulls."))
        let batch = Self.name("batch", "seconds", "Time to merge a pushed batch or make a pulled one.")
        pushTimes = registry.makeDurationHistogram(
            descriptor: batch, labels: [("direction", "push")], buckets: Self.batchBuckets)
        pullTimes = registry.makeDurationHistogram(
            descriptor: batch, labels: [("direction", "pull")], buckets: Self.batchBuckets)
        let answered = Self.name(
            "predictions", "total", "Failure predictions answered: made, remembered, or joined to one being made.")
        predictions = Dictionary(
            uniqueKeysWithValues: PredictionAnswer.allCases.map { [registry] answer in
                (answer, registry.makeCounter(descriptor: answered, labels: [("answer", answer.rawValue)]))
            })
    }

    func pushed(events: Int, took: Duration) {
        pushes.increment()
        eventsIn.increment(by: Int64(events))
        pushTimes.record(took)
    }

    func pulled(events: Int, took: Duration) {
        pulls.increment()
        eventsOut.increment(by: Int64(events))
        pullTimes.record(took)
    }

    func predicted(_ answer: PredictionAnswer) { predictions[answer]?.increment() }

    /// Counts an API request by its route and status, and times it.
    func api(_ route: String, status: Int, took: Duration) {
        registry.makeCounter(
            descriptor: Self.name("api_requests", "total", "API requests answered, by route and status."),
            labels: [("route", route), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.name("api", "seconds", "Time to answer an API request."), labels: [("route", route)],
            buckets: Self.apiBuckets
        ).record(took)
    }

    /// Counts a refusal by its reason: a bundle rule, or `request` for one not let in.
    func refused(_ reason: String) {
        registry.makeCounter(
            descriptor: Self.name("refusals", "total", "Requests refused, by reason."), labels: [("reason", reason)]
        ).increment()
    }

    func text() -> String { registry.emitToString() }
}
