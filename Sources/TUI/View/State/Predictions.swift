public import Domain

/// What the production models say as of a time, for the forecast pane: the fleet ranked by
/// failure risk, the anomalies, and forecasts with their intervals.
public struct Predictions: Sendable, Equatable {
    /// One vehicle's risk, its reasons and its recommended exam.
    public struct Risk: Sendable, Equatable {
        public var vehicleID: String
        public var probabilities: [Double]
        /// The features that moved its 30-day score most, as `name value`.
        public var reasons: [String]
        public var examLevel: String?
        public var examDay: Int?
        /// `risk` or `plan` (its limit): what decided the exam day.
        public var examReason: String?

        public init(
            vehicleID: String, probabilities: [Double], reasons: [String], examLevel: String?, examDay: Int?,
            examReason: String?
        ) {
            self.vehicleID = vehicleID
            self.probabilities = probabilities
            self.reasons = reasons
            self.examLevel = examLevel
            self.examDay = examDay
            self.examReason = examReason
        }
    }

    /// Something that stands out, as the anomalies view lists it.
    public struct Oddity: Sendable, Equatable {
        public var vehicleID: String
        public var kind: String
        public var ms: Int64
        public var value: Double
        public var score: Double

        public init(vehicleID: String, kind: String, ms: Int64, value: Double, score: Double) {
            self.vehicleID = vehicleID
            self.kind = kind
            self.ms = ms
            self.value = value
            self.score = score
        }
    }

    /// Forecast months after a series' history, with their 80 % and 95 % intervals.
    public struct Band: Sendable, Equatable {
        public var months: [String]
        public var values, lower80, upper80, lower95, upper95: [Double]
        public var method: String

        public init(
            months: [String], values: [Double], lower80: [Double], upper80: [Double], lower95: [Double],
            upper95: [Double], method: String
        ) {
            self.months = months
            self.values = values
            self.lower80 = lower80
            self.upper80 = upper80
            self.lower95 = lower95
            self.upper95 = upper95
            self.method = method
        }

        /// The months after `month` only: the current month is history on the charts.
        func after(_ month: String?) -> Band {
            guard let month, let first = months.firstIndex(where: { $0 > month }) else {
                return month == nil
                    ? self
                    : Band(months: [], values: [], lower80: [], upper80: [], lower95: [], upper95: [], method: method)
            }
            func cut(_ a: [Double]) -> [Double] { Array(a[first...]) }
            return Band(
                months: Array(months[first...]), values: cut(values), lower80: cut(lower80), upper80: cut(upper80),
                lower95: cut(lower95), upper95: cut(upper95), method: method)
        }
    }

    /// The time the models looked from.
    public var asOfMs: Int64
    /// Which failure model spoke, with its backtest figures, in a line.
    public var model: String
    public var risks: [Risk]
    public var oddities: [Oddity]
    /// By part id.
    public var parts: [String: Band]
    public var cost: Band?

    public init(
        asOfMs: Int64, model: String, risks: [Risk], oddities: [Oddity], parts: [String: Band], cost: Band?
    ) {
        self.asOfMs = asOfMs
        self.model = model
        self.risks = risks
        self.oddities = oddities
        self.parts = parts
        self.cost = cost
    }
}
