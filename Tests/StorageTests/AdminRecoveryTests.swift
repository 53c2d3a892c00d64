import Domain
import Storage
import TestSupport
import Testing

/// A fleet whose admins demoted each other on two offline terminals: the merged replicas say
/// so, and only the founding terminal can restore an admin.
@Suite struct AdminRecoveryTests {
    @Test func concurrentDemotionsLeaveANoticeAndOnlyTheFounderRestoresAnAdmin() throws {
        let founder = try StoreFixture()
        _ = try founder.makeWorkshopFloor()
        try founder.run(.addUser(name: "adam", role: .admin))
        let other = try StoreFixture(joining: founder, startMs: founder.nowMs + 3_600_000)
        try other.deliver(to: founder)
        // Offline, each demotes the other admin: legal on each terminal alone.
        try founder.run(.changeUserRole(name: "adam", role: .auditor))
        other.nowMs += 60_000
        try other.run(.changeUserRole(name: "alice", role: .auditor), as: "adam")
        try founder.deliver(to: other)
        try other.deliver(to: founder)
        for replica in [founder, other] {
            #expect(try replica.store.users().filter { $0.role == .admin }.isEmpty)
            #expect(try replica.store.conflicts().contains { $0.key == "no-admin" })
            #expect(throws: StorageError.self, "nobody may add users now") {
                try replica.run(.addUser(name: "x", role: .admin), as: "alice")
            }
        }
        let refused = #expect(throws: StorageError.self) { try other.run(.restoreAdmin(name: "alice"), as: "alice") }
        #expect(refused?.description.contains("founding device") == true)
        try founder.run(.restoreAdmin(name: "alice"), as: "alice")
        try founder.deliver(to: other)
        for replica in [founder, other] {
            #expect(try replica.store.users().filter { $0.role == .admin }.map(\.name) == ["alice"])
            #expect(try !replica.store.conflicts().contains { $0.key == "no-admin" })
        }
    }
}
