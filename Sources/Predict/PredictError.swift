/// Why data could not be used or a model not fitted, in words for the person who gave it.
public enum PredictError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let message): message
        }
    }
}
