/// One defect as a composite CRDT.
///
/// | field | CRDT |
/// | --- | --- |
/// | report (vehicle, description, severity, system) | LWW register |
/// | work orders taken up for it | observed-remove set (adds only) |
/// | closed | grow-only flag, with the closing resolution as an LWW register |
public struct DefectState: AggregateBody {
    public static let kind = AggregateKind.defect

    public private(set) var report = LWWRegister<DefectReported>()
    public private(set) var workOrders = ORSet<String>()
    public private(set) var isClosed = false
    public private(set) var resolution = LWWRegister<String>()
    public private(set) var reportedAtMs: Int64?

    public init() {}

    public mutating func merge(_ e: RecordedEvent) {
        switch e.event {
        case .defectReported(let r):
            report.assign(r, at: e.timestamp)
            reportedAtMs = min(reportedAtMs ?? .max, e.timestamp.physicalMs)
        case .defectLinked(let l):
            workOrders.insert(l.workOrderID, tag: e.id)
        case .defectClosed(let c):
            isClosed = true
            resolution.assign(c.resolution, at: e.timestamp)
        default:
            break
        }
    }

    public var isReported: Bool { report.value != nil }
}
