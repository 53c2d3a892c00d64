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

    init() {
        pushes = registry.makeCounter(name: "railfleet_hub_pushes_total", help: "Pushes merged.")
        pulls = registry.makeCounter(name: "railfleet_hub_pulls_total", help: "Pulls answered.")
        eventsIn = registry.makeCounter(name: "railfleet_hub_events_in_total", help: "Events merged from pushes.")
        eventsOut = registry.makeCounter(name: "railfleet_hub_events_out_total", help: "Events sent in pulls.")
        let buckets: [Duration] = [
            .milliseconds(5), .milliseconds(20), .milliseconds(100), .milliseconds(500), .seconds(2),
        ]
        let help = "Time to merge a pushed batch or make a pulled one."
        pushTimes = registry.makeDurationHistogram(
            name: "railfleet_hub_batch_seconds", labels: [("direction", "push")], buckets: buckets, help: help)
        pullTimes = registry.makeDurationHistogram(
            name: "railfleet_hub_batch_seconds", labels: [("direction", "pull")], buckets: buckets, help: help)
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

    /// Counts an API request by its route and status, and times it.
    func api(_ route: String, status: Int, took: Duration) {
        registry.makeCounter(
            name: "railfleet_hub_api_requests_total", labels: [("route", route), ("status", String(status))],
            help: "API requests answered, by route and status."
        ).increment()
        registry.makeDurationHistogram(
            name: "railfleet_hub_api_seconds", labels: [("route", route)],
            buckets: [.milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(2)],
            help: "Time to answer an API request."
        ).record(took)
    }

    /// Counts a refusal by its reason: a bundle rule, or `request` for one not let in.
    func refused(_ reason: String) {
        registry.makeCounter(
            name: "railfleet_hub_refusals_total", labels: [("reason", reason)], help: "Requests refused, by reason."
        ).increment()
    }

    func text() -> String { registry.emitToString() }
}
