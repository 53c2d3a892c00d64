public import Storage

/// What verifying every device's chain and signatures found, for the audit pane.
public struct Verification: Sendable, Equatable {
    public var devices: Int
    /// One line per broken event or signature.
    public var problems: [String]

    public var holds: Bool { problems.isEmpty }

    public init(devices: Int, problems: [String]) {
        self.devices = devices
        self.problems = problems
    }

    public init(_ report: IntegrityReport) {
        self.init(
            devices: report.devices.count,
            problems: report.problems.map {
                "\($0.kind.rawValue) \($0.device)\($0.counter.map { ":\($0)" } ?? ""): \($0.message)"
            })
    }
}
