/// The field changes between two points of the timeline, as a scrollable overlay.
public struct ChangesView: Sendable, Equatable {
    public var title: String
    public var lines: [String]
    public var scroll = 0
}
