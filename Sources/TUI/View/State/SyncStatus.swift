import SyncClient

/// What the status bar says about sync: the hub, how the last exchange went, whether one is
/// running, and the open conflict notices.
public struct SyncStatus: Sendable, Equatable {
    /// The hub this terminal syncs with; nil until `railfleet sync --hub URL` was run once.
    public var hub: String?
    public var lastSuccessMs: Int64?
    public var lastError: String?
    public var lastErrorMs: Int64?
    /// Syncs in the background this often, when set (`railfleet sync auto SECONDS`).
    public var intervalSeconds: Int?
    public var conflicts = 0
    public var isSyncing = false
    /// How far a running sync has got.
    public var progress: String?
    /// When a sync last started here, for the background interval.
    public var lastAttemptMs: Int64?

    public init(
        hub: String? = nil, lastSuccessMs: Int64? = nil, lastError: String? = nil, lastErrorMs: Int64? = nil,
        intervalSeconds: Int? = nil, conflicts: Int = 0
    ) {
        self.hub = hub
        self.lastSuccessMs = lastSuccessMs
        self.lastError = lastError
        self.lastErrorMs = lastErrorMs
        self.intervalSeconds = intervalSeconds
        self.conflicts = conflicts
    }

    /// Takes what the store says, keeping what only this screen knows (a sync under way).
    mutating func load(_ loaded: SyncStatus) {
        let running = (isSyncing, progress, lastAttemptMs)
        self = loaded
        (isSyncing, progress, lastAttemptMs) = running
    }

    /// The status bar's words: `synced 2 min ago`, `3 unsynced`, `hub unreachable`, and the
    /// count of open conflict notices.
    public func phrase(unsynced: Int, nowMs: Int64) -> String {
        var words: String
        if isSyncing {
            words = progress ?? "syncing…"
        } else if hub == nil {
            words = unsynced == 0 ? "synced" : "\(unsynced) unsynced"
        } else if let failed = lastErrorMs, failed >= (lastSuccessMs ?? 0) {
            // A refusal's text comes from the hub: only how this client words failing to reach it counts.
            words = lastError?.hasPrefix(SyncError.unreachable) == true ? SyncError.unreachable : "sync refused"
            if unsynced > 0 { words += " · \(unsynced) unsynced" }
        } else if unsynced > 0 {
            words = "\(unsynced) unsynced"
        } else if let synced = lastSuccessMs {
            words = "synced \(Self.ago(nowMs - synced))"
        } else {
            words = "not synced yet"
        }
        if conflicts > 0 { words += " · \(conflicts) conflict\(conflicts == 1 ? "" : "s")" }
        return words
    }

    static func ago(_ ms: Int64) -> String {
        switch max(0, ms) / 1000 {
        case ..<60: "just now"
        case let s where s < 3_600: "\(s / 60) min ago"
        case let s where s < 86_400: "\(s / 3_600) h ago"
        case let s: "\(s / 86_400) d ago"
        }
    }

    /// Whether the background interval asks for a sync now.
    func isDue(at nowMs: Int64) -> Bool {
        guard let interval = intervalSeconds, interval > 0, hub != nil, !isSyncing else { return false }
        return nowMs - (lastAttemptMs ?? 0) >= Int64(interval) * 1000
    }
}
