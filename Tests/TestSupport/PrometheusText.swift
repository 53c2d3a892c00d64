/// The samples of a hub's `/metrics` (Prometheus' text format), by series: the name with its
/// labels as printed, e.g. `railfleet_hub_batch_seconds_sum{direction="push"}`.
public enum PrometheusText {
    public static func samples(_ text: String) -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let value = Double(parts[1]) { samples[String(parts[0])] = value }
        }
        return samples
    }
}
