/// The calibration a failure model keeps: isotonic regression where the slice holds enough
/// of both outcomes to shape a step function, Platt's two parameters otherwise (isotonic
/// on a few dozen failures collapses to a handful of steps, often one: everyone the same).
public enum Calibrator: Sendable, Codable, Equatable {
    case isotonic(IsotonicCalibration)
    case platt(PlattCalibration)

    /// Failures and non-failures each needed for isotonic regression.
    public static let isotonicMinimum = 50

    public init(scores: [Double], outcomes: [Double]) {
        let failed = Int(outcomes.reduce(0, +))
        self =
            min(failed, outcomes.count - failed) >= Self.isotonicMinimum
            ? .isotonic(IsotonicCalibration(scores: scores, outcomes: outcomes))
            : .platt(PlattCalibration(scores: scores, outcomes: outcomes))
    }

    public func probability(_ score: Double) -> Double {
        switch self {
        case .isotonic(let c): c.probability(score)
        case .platt(let c): c.probability(score)
        }
    }
}
