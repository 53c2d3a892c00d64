/// Any model the registry holds, as one value to encode: its canonical JSON is the model's
/// body, and the SHA-256 of that body its digest.
public enum TrainedModel: Sendable, Codable, Equatable {
    case failure(FailureModel)
    case parts(PartsModel)
    case anomaly(AnomalyModel)

    public var algorithm: String {
        switch self {
        case .failure: FailureModel.algorithm
        case .parts: PartsModel.algorithm
        case .anomaly: AnomalyModel.algorithm
        }
    }
}
